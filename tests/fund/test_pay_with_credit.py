"""A person with a usable voucher and usable credit may pay from credit and keep the voucher (service, page, API)."""

import json
import re
from datetime import date, timedelta

import pytest

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import AccountKind, Enrolment, Transfer, Voucher
from loket.fund.services import FundError

from .people import user_with
from .test_views import token_of, world  # noqa: F401  (the fixture)
from .world import make_budget, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def voucher(world):
    return services.issue_voucher(
        world["budget"], world["passport"], kind="training", value_cents=60_000, expires_on=date.today() + timedelta(days=30),
        user=user_with(Role.COACH), key="voucher",
    )  # fmt: skip


def credit(world):
    return services.account_for(AccountKind.PERSON_CREDIT, budget=world["budget"], passport=world["passport"]).balance_cents


def test_the_voucher_pays_by_default_and_credit_when_the_person_chooses_it(world, voucher):
    options = services.payment_options(world["passport"], world["offering"])
    assert [(o.voucher is not None, o.payable, o.chosen) for o in options] == [(True, True, True), (False, True, False)]
    enrolment = services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"], budget=world["budget"])
    assert enrolment.voucher is None and enrolment.budget == world["budget"]
    assert enrolment.payment_reason.startswith("U koos zelf om uit uw tegoed te betalen.")
    assert credit(world) == 100_000 - 60_000
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # kept for later
    assert services.check_ledger() == []


def test_choosing_credit_that_cannot_pay_is_refused_in_dutch_and_changes_nothing(world, voucher):
    other = make_budget()
    with pytest.raises(FundError, match=f"U heeft geen tegoed van {other.name}."):
        services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"], budget=other)
    with pytest.raises(FundError, match="Kies een voucher of tegoed, niet allebei."):
        services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"], budget=world["budget"], voucher=voucher)
    # Spend the credit down, so only the voucher can still pay.
    services.enrol(world["passport"], make_offering(price_cents=70_000), price_cents=70_000, key="e0", user=world["person"], budget=world["budget"])
    before = Transfer.objects.count()
    with pytest.raises(FundError, match=r"Uw tegoed van .* kan dit aanbod niet betalen: Onvoldoende tegoed: nodig € 600,00, beschikbaar € 300,00."):
        services.enrol(world["passport"], world["offering"], price_cents=60_000, key="e1", user=world["person"], budget=world["budget"])
    assert Transfer.objects.count() == before and not Enrolment.objects.filter(offering=world["offering"]).exists()


def test_on_the_page_the_person_picks_credit_over_the_voucher(client, world, voucher):
    client.force_login(world["person"])
    url = f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/"
    page = client.get(url).content.decode()
    assert "Waarmee betaalt u?" in page
    assert re.search(rf'id="voucher-{voucher.pk}" value="{voucher.pk}" checked', page)  # the fixed order's choice
    credit_choice = f"tegoed-{world['budget'].pk}"
    assert f'id="{credit_choice}" value="{credit_choice}"' in page and "Uw tegoed van" in page
    assert client.post(url, {"price_cents": 60_000, "token": token_of(page), "voucher": credit_choice}).status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.voucher is None and credit(world) == 40_000
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


def test_on_the_page_a_credit_choice_that_cannot_pay_is_refused(client, world, voucher):
    client.force_login(world["person"])
    url = f"/ontwikkelfonds/inschrijven/{world['offering'].pk}/"
    page = client.get(url).content.decode()
    other = make_budget()
    before = Transfer.objects.count()
    for choice, message in ((f"tegoed-{other.pk}", f"U heeft geen tegoed van {other.name}."), ("tegoed-999999", "Dit tegoed bestaat niet; kies opnieuw.")):
        response = client.post(url, {"price_cents": 60_000, "token": token_of(page), "voucher": choice})
        assert response.status_code == 400 and message in response.content.decode() and "U bent niet ingeschreven." in response.content.decode()
    assert Transfer.objects.count() == before and not Enrolment.objects.exists()


def test_over_the_api_budget_id_pays_from_credit(client, world, voucher):
    client.force_login(world["person"])
    api = "/api/v1/fund/enrolments"
    body = {"offering_id": world["offering"].pk, "price_cents": 60_000, "idempotency_key": "inschrijving-0001"}
    missing = client.post(api, json.dumps(body | {"budget_id": 999_999}), content_type="application/json")
    assert missing.status_code == 422 and missing.json()["errors"] == [{"field": "budget_id", "message": "Dit budget bestaat niet."}]
    both = client.post(api, json.dumps(body | {"budget_id": world["budget"].pk, "voucher_id": voucher.pk}), content_type="application/json")
    assert both.status_code in (409, 422) and both.json()["detail"] == "Kies een voucher of tegoed, niet allebei."
    response = client.post(api, json.dumps(body | {"budget_id": world["budget"].pk}), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["voucher_id"] is None and response.json()["payment_reason"].startswith("U koos zelf")
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED and credit(world) == 40_000
