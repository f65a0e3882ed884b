"""The signals page shows a signal's figures under Dutch labels, not the keys fund/fraud.py uses."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.accounts.roles import Role
from loket.fund import fraud, services
from loket.fund.admin_views import FIGURE_LABELS, signal_figures
from loket.fund.models import Enrolment, Participant

from .people import user_with
from .world import make_budget, make_offering, make_passport

pytestmark = pytest.mark.django_db


def test_each_figure_gets_a_dutch_label_and_percentages_a_percent_sign():
    signal = fraud.Signal(
        code="price_near_ceiling", subject="provider:1", title="t", explanation="e", severity="high",
        figures={"near": 6, "total": 7, "share_percent": 86, "others_share_percent": 0, "near_by_budget": {"10": 6}, "new_key": 3},
    )  # fmt: skip
    rows = signal_figures(signal, {"10": "Regiobudget"})
    assert rows == [
        ("Inschrijvingen net onder het plafond", 6), ("Inschrijvingen in totaal", 7), ("Aandeel net onder het plafond", "86 %"),
        ("Aandeel bij de andere opleiders", "0 %"), ("Net onder het plafond, per budget", "Regiobudget: 6"), ("New key", 3),
    ]  # fmt: skip
    burst = fraud.Signal(code="enrolment_burst", subject="provider:1", title="t", explanation="e", severity="medium", figures={"count": 9, "median": 1})
    assert signal_figures(burst) == [("Inschrijvingen in die periode", 9), ("Mediaan per week in de weken daarvoor", 1)]


def test_every_figure_the_detectors_use_has_a_label():
    source = open(fraud.__file__, encoding="utf-8").read()
    keys = set()
    for block in re.findall(r"figures = \{(.*?)\}  # fmt: skip", source, re.S):
        keys |= set(re.findall(r'"([a-z_]+)":', block))
    assert keys and keys <= set(FIGURE_LABELS), sorted(keys - set(FIGURE_LABELS))


def test_the_signals_page_shows_labels_not_keys(client):
    budget = make_budget()
    services.deposit(budget, 1_000_000, key="dep")
    near = make_offering(price_cents=99_000)
    for number in range(6):
        passport = make_passport()
        Participant.objects.create(passport=passport, birth_date=date(1990, 1, 1), address_key="1011AB-12", consent_at=timezone.now())
        services.grant(budget, passport, 150_000, key=f"grant-{number}")
        held = services.hold(budget, passport, near, key=f"hold-{number}")
    Enrolment.objects.filter(pk=held.enrolment_id).update(status="completed", attendance_percent=0)
    client.force_login(user_with(Role.FUND_ADMIN))
    page = client.get(reverse("fund:admin_signals")).content.decode()
    assert "Veel inschrijvingen vanaf één adres" in page
    assert "Adres (postcode en huisnummer)" in page and "Opleider met de meeste inschrijvingen" in page
    assert "Aandeel net onder het plafond" in page and f"{budget.name}: 6" in page
    assert "Ernst: hoog" in page or "Ernst: middel" in page
    for key in ("share_percent", "top_provider", "near_by_budget", "band_low", ">persons<", ">address<"):
        assert key not in page, key
