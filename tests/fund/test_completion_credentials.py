"""When the signed credential of a completion cannot be issued, the provider is told why (page and API); the money moved."""

import json

import pytest

from loket.catalog.models import CourseSkill
from loket.credentials.models import IssuedCredential, IssuerKey
from loket.credentials.services import issuer_key_for
from loket.fund import services
from loket.fund.models import Enrolment, Payout
from loket.taxonomy.models import Skill

from .people import staff_of
from .test_views import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_second_approval(settings):
    settings.LOKET_FUND_APPROVAL_THRESHOLD_CENTS = 100_000


def started(world, *, key_readable):
    """A started enrolment whose course teaches a skill; the provider's issuer key readable or not."""
    offering = world["offering"]
    CourseSkill.objects.create(course=offering.course, skill=Skill.objects.filter(labels__language="nl").first())
    issuer_key_for(offering.course.provider.organisation)
    if not key_readable:
        IssuerKey.objects.update(encrypted_private_key="not-a-fernet-token")  # as after SECRET_KEY changed without fallbacks
    enrolment = services.enrol(world["passport"], offering, price_cents=60_000, key="e1", user=world["person"])
    staff = staff_of(offering)
    services.confirm_start(enrolment, user=staff, key="s1")
    return enrolment, staff


def test_the_provider_reads_on_the_page_why_no_credential_was_issued(client, world, sample_taxonomy):
    enrolment, staff = started(world, key_readable=False)
    client.force_login(staff)
    page = client.post(
        f"/ontwikkelfonds/opleider/{enrolment.pk}/afronding/", {f"e{enrolment.pk}-attendance_percent": "100"}, follow=True
    ).content.decode()
    assert "De afronding van “Monteur windturbines” is bevestigd." in page
    assert "De afronding is verwerkt en betaald, maar een verklaring voor het paspoort van de deelnemer kon niet worden uitgegeven." in page
    assert "kan niet worden gelezen" in page and "Nieuwe verklaring" in page
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    paid = sum(p.amount_cents for p in Payout.objects.filter(enrolment=enrolment, status=Payout.Status.POSTED))
    assert paid == enrolment.price_cents - enrolment.co_payment_cents > 0  # all of it, at 100 % attendance
    assert not IssuedCredential.objects.exists()


def test_with_a_readable_key_the_page_shows_no_warning(client, world, sample_taxonomy):
    enrolment, staff = started(world, key_readable=True)
    client.force_login(staff)
    page = client.post(
        f"/ontwikkelfonds/opleider/{enrolment.pk}/afronding/", {f"e{enrolment.pk}-attendance_percent": "100"}, follow=True
    ).content.decode()
    assert "De afronding van “Monteur windturbines” is bevestigd." in page and "kon niet worden uitgegeven" not in page
    assert IssuedCredential.objects.count() == 1


def test_the_completion_endpoint_returns_the_credential_errors(client, world, sample_taxonomy):
    enrolment, staff = started(world, key_readable=False)
    client.force_login(staff)
    response = client.post(
        f"/api/v1/fund/provider/enrolments/{enrolment.pk}/completion", json.dumps({"attendance_percent": 100}), content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 200 and body["status"] == "completed" and body["credentials_issued"] == 0
    assert len(body["credential_errors"]) == 1 and "kan niet worden gelezen" in body["credential_errors"][0]
    # Repeating the confirmation moves nothing and issues nothing; there is nothing new to report.
    again = client.post(
        f"/api/v1/fund/provider/enrolments/{enrolment.pk}/completion", json.dumps({"attendance_percent": 100}), content_type="application/json"
    ).json()
    assert (again["credentials_issued"], again["credential_errors"]) == (0, [])


def test_the_completion_endpoint_counts_the_issued_credentials(client, world, sample_taxonomy):
    enrolment, staff = started(world, key_readable=True)
    client.force_login(staff)
    body = client.post(
        f"/api/v1/fund/provider/enrolments/{enrolment.pk}/completion", json.dumps({"attendance_percent": 100}), content_type="application/json"
    ).json()
    assert (body["credentials_issued"], body["credential_errors"]) == (1, [])
