"""Issuer private keys, encrypted at rest.

Each key is stored as a Fernet token (AES-128-CBC with HMAC-SHA256) under a
key derived with HKDF-SHA256 from Django's SECRET_KEY. A database dump alone
therefore reveals no signing key; the dump and SECRET_KEY together do.

Rotating SECRET_KEY: put the old value in SECRET_KEY_FALLBACKS, deploy, run
``loket rekey-issuer-keys`` (re-encrypts every key under the new SECRET_KEY),
then drop the old value. Without the fallback the keys cannot be decrypted
and the organisations must get new keys (credentials they issued stay
verifiable: the public key travels inside each credential).
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HKDF_INFO = b"loket.credentials.issuer-private-key.v1"


class KeyUnavailable(Exception):
    """The stored key cannot be decrypted with the current secrets."""


def fernet_key(secret: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret.encode("utf-8"))
    return base64.urlsafe_b64encode(derived)


def _fernet(secrets):
    """Encrypts with the first secret, decrypts with any of them."""
    return MultiFernet([Fernet(fernet_key(secret)) for secret in secrets])


def encrypt(private_key: bytes, secrets) -> str:
    return _fernet(secrets).encrypt(private_key).decode("ascii")


def decrypt(token: str, secrets) -> bytes:
    try:
        return _fernet(secrets).decrypt(token.encode("ascii"))
    except InvalidToken:
        raise KeyUnavailable("the issuer key was encrypted under a SECRET_KEY that is no longer configured") from None


def reencrypt(token: str, secrets) -> str:
    """The same key, encrypted under the first (current) secret."""
    try:
        return _fernet(secrets).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise KeyUnavailable("the issuer key was encrypted under a SECRET_KEY that is no longer configured") from None


def current_secrets():
    from django.conf import settings

    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
