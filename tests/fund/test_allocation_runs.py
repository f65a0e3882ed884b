"""Carrying out an allocation round in the background: progress, the outcome with skips and reasons, resuming a
broken-off run without granting anyone twice. Transactional: the run's thread has its own database connection."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.accounts.roles import Role
from loket.fund import services
from loket.fund.models import AllocationRound, AuditLog, Participant, Transfer, TransferKind
from loket.fund.services import FundError
from loket.fund.services import allocation as allocation_service

from .people import participant, user_with
from .world import make_budget, make_passport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin(client):
    user = user_with(Role.FUND_ADMIN, email="beheer@fonds.nl")
    client.force_login(user)
    return user


def grants():
    return Transfer.objects.filter(kind=TransferKind.GRANT)


def test_started_in_the_background_the_thread_grants_everyone_served(admin):
    budget = make_budget()
    services.deposit(budget, 50_000, key="dep")
    people = [participant(make_passport()) for _ in range(4)]  # money for three
    round_ = services.preview_allocation(budget, amount_cents=15_000, rule={}, user=admin)
    started = services.start_allocation(round_, user=admin)
    assert (started.status, started.to_do, started.granted_count) == ("running", 3, 0) and started.started_at
    assert not grants().exists()  # starting books nothing; the thread does
    allocation_service.start_in_background(started)
    allocation_service.wait(round_.pk, timeout=60)
    round_.refresh_from_db()
    assert (round_.status, round_.granted_count, round_.skipped_count, round_.served_count) == ("carried_out", 3, 0, 3)
    assert round_.total_cents == 45_000 and round_.percent == 100.0 and round_.carried_out_at
    assert grants().count() == 3
    assert {t.idempotency_key for t in grants()} == {f"allocation-{round_.pk}-{pk}" for pk in round_.planned}
    assert set(round_.planned) < {p.pk for p in people}
    assert services.check_ledger() == []
    with pytest.raises(FundError, match="al uitgevoerd"):
        services.start_allocation(round_, user=admin)


def test_a_round_already_running_is_not_started_twice_and_only_a_fund_admin_starts(admin):
    budget = make_budget()
    services.deposit(budget, 50_000, key="dep")
    participant(make_passport())
    round_ = services.preview_allocation(budget, amount_cents=10_000, rule={}, user=admin)
    with pytest.raises(FundError, match="Alleen een fondsbeheerder"):
        services.start_allocation(round_, user=user_with(Role.COACH))
    services.start_allocation(round_, user=admin)
    with pytest.raises(FundError, match="wordt al uitgevoerd"):
        services.start_allocation(round_, user=admin)
    assert not grants().exists()


def test_a_broken_off_run_is_resumed_from_the_page_and_grants_only_the_rest(client, admin):
    budget = make_budget()
    services.deposit(budget, 100_000, key="dep")
    for _ in range(3):
        participant(make_passport())
    round_ = services.preview_allocation(budget, amount_cents=20_000, rule={}, user=admin)
    round_ = services.start_allocation(round_, user=admin)
    # The process died after granting the first one: its grant is booked, the round still says running.
    first = Participant.objects.get(pk=round_.planned[0])
    services.grant_to_participant(budget, first, 20_000, user=admin, key=f"allocation-{round_.pk}-{first.pk}")
    AllocationRound.objects.filter(pk=round_.pk).update(granted_count=1, progress_at=timezone.now() - allocation_service.STALE_AFTER * 2)

    page = client.get(reverse("fund:admin_allocation", args=[round_.pk])).content.decode()
    assert "De uitvoering is onderbroken." in page and "geen voortgang meer" in page
    assert "Al toegekend: 1 van 3." in page and "Hervatten" in page
    response = client.post(reverse("fund:admin_allocation_carry_out", args=[round_.pk]))
    assert response.status_code == 302
    allocation_service.wait(round_.pk, timeout=60)
    page = client.get(response["Location"]).content.decode()
    assert "De toekenningsronde wordt hervat." in page
    assert "De toekenningsronde is uitgevoerd: 3 personen kregen tegoed." in page
    assert grants().count() == 3  # the first one not twice
    assert grants().filter(credit_account__passport=first.passport).count() == 1
    assert AuditLog.objects.filter(action="granted").count() == 3
    assert AuditLog.objects.filter(action="allocation_resumed").count() == 1
    assert services.check_ledger() == []


def test_the_page_polls_while_running_and_shows_who_was_skipped_and_why(client, admin):
    budget = make_budget(yearly_cap_cents=25_000)
    services.deposit(budget, 100_000, key="dep")
    capped, _other = participant(make_passport()), participant(make_passport())
    services.grant_to_participant(budget, capped, 20_000, user=admin, key="earlier")  # 20 + 10 goes over the cap of 25
    round_ = services.start_allocation(services.preview_allocation(budget, amount_cents=10_000, rule={}, user=admin), user=admin)

    url = reverse("fund:admin_allocation", args=[round_.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial
    assert "0 van 2 deelnemers gedaan: 0 toegekend, 0 overgeslagen." in partial
    assert "Vernieuw de pagina voor de laatste stand" in client.get(url).content.decode()  # without JavaScript

    allocation_service.start_in_background(round_)
    allocation_service.wait(round_.pk, timeout=60)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert "De toekenningsronde is uitgevoerd: 1 persoon kreeg tegoed. 1 deelnemer is overgeslagen." in partial
    assert f"Deelnemer {capped.pk}" in partial and "boven het maximum" in partial
    round_.refresh_from_db()
    assert round_.skipped == [{"participant": capped.pk, "reason": round_.skipped[0]["reason"]}]
    assert (round_.served_count, round_.total_cents) == (1, 10_000)


def test_over_the_api_a_running_round_is_refused_and_a_stale_one_resumed(client, admin):
    budget = make_budget()
    services.deposit(budget, 100_000, key="dep")
    participant(make_passport())
    participant(make_passport())
    round_ = services.start_allocation(services.preview_allocation(budget, amount_cents=10_000, rule={}, user=admin), user=admin)
    url = f"/api/v1/fund/admin/allocation-rounds/{round_.pk}"
    response = client.post(f"{url}/carry-out")
    assert response.status_code == 409 and response.json()["detail"] == "Deze toekenningsronde wordt al uitgevoerd. Wacht tot die klaar is."
    AllocationRound.objects.filter(pk=round_.pk).update(progress_at=timezone.now() - timedelta(hours=1))
    assert client.get(url).json()["status"] == "failed"
    response = client.post(f"{url}/carry-out")
    assert response.status_code == 202 and response.json()["status"] == "running"
    allocation_service.wait(round_.pk, timeout=60)
    body = client.get(url).json()
    assert (body["status"], body["granted_count"], body["to_do"], body["error"]) == ("carried_out", 2, 2, "")
    assert grants().count() == 2
