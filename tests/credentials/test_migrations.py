"""The data steps of the credentials migrations, on rows as they were before them."""

import importlib

import pytest
from django.apps import apps

from loket.credentials.models import IssuedCredential

pytestmark = pytest.mark.django_db


def data_step(name, function):
    return getattr(importlib.import_module(f"loket.credentials.migrations.{name}"), function)


def test_earlier_credentials_get_the_address_of_their_account(issued, person):
    IssuedCredential.objects.update(recipient_email="")
    data_step("0002_issuedcredential_recipient_email", "address_of_earlier_credentials")(apps, None)
    assert IssuedCredential.objects.get().recipient_email == "sanne@example.nl"


def test_earlier_credentials_count_as_taken_into_the_passport(issued, person):
    """They were put in the passport when issued; revoking them must still update it."""
    data_step("0003_issuedcredential_person_decision", "earlier_credentials_were_taken_in")(apps, None)
    issued.refresh_from_db()
    assert issued.accepted_at == issued.issued_at and issued.decision == "accepted"


def test_erased_credentials_stay_blank_and_undecided(issued, person):
    from loket.passport.services import delete_person

    delete_person(person)
    data_step("0002_issuedcredential_recipient_email", "address_of_earlier_credentials")(apps, None)
    data_step("0003_issuedcredential_person_decision", "earlier_credentials_were_taken_in")(apps, None)
    issued.refresh_from_db()
    assert (issued.recipient_email, issued.accepted_at) == ("", None)
