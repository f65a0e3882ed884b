"""The fund's part of ``loket demo``: something to show on every fund page, and nothing moved twice on a re-run."""

import io

import pytest
from django.core.management import call_command

from loket.fund import services
from loket.fund.models import Budget, Enrolment, Funder, Payout, Participant, Transfer, Voucher

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_fund_once_and_the_ledger_adds_up(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    first = (Transfer.objects.count(), Enrolment.objects.count(), Voucher.objects.count(), Participant.objects.count())
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert (Transfer.objects.count(), Enrolment.objects.count(), Voucher.objects.count(), Participant.objects.count()) == first
    assert services.check_ledger() == []
    assert set(Funder.objects.values_list("name", flat=True)) >= {
        "Provincie Noord-Holland", "Ministerie van SZW", "O&O-fonds Metaal en Techniek", "Gemeente Amsterdam",
    }  # fmt: skip
    assert Budget.objects.filter(co_payment_percent=10).exists() and Budget.objects.filter(payout_at_start_percent=30).exists()
    assert Budget.objects.filter(revolving=True).exists()
    sanne = Participant.objects.get(passport__user__email="inwoner@demo.loket.nl")
    overview = services.account_overview(sanne.passport)
    assert len([row for row in overview if row["available_cents"] > 0]) >= 2
    assert Voucher.objects.get(passport=sanne.passport).issued_by.email == "coach@demo.loket.nl"
    statuses = set(Enrolment.objects.filter(passport=sanne.passport).values_list("status", flat=True))
    assert statuses == {Enrolment.Status.HELD, Enrolment.Status.STARTED}
    assert Participant.objects.count() >= 5
    assert Payout.objects.filter(status=Payout.Status.WAITING, first_approved_by__email="fonds@demo.loket.nl").exists()
