"""Loaded by pytest before pytest-django sets Django up (``-p`` in
pyproject.toml), so the tests run on development settings (no HTTPS
redirect) unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")
# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
