"""The demo's agenda: startcoalities 1, 2, 5a and 10 in different statuses, written by the demo analyst, re-runnable."""

import datetime

import pytest

from loket.ecosystem import agenda_queries
from loket.ecosystem.demo import DEMO_ANALYST, demo_agenda
from loket.ecosystem.models import Initiative, Milestone, StatusUpdate

from .agenda_world import in_days, make_coalition

pytestmark = pytest.mark.django_db
COALITION_KINDS = ["startcoalitie", "ontwikkelcoalitie"]


@pytest.fixture
def analyst(make_user):
    return make_user(role="analyst", email=DEMO_ANALYST, full_name="Koen Smit")


@pytest.fixture
def startcoalities(db):
    """Four startcoalities with their milestones as the manifest gives them (the migration's content set aside)."""
    Initiative.objects.filter(kind__in=COALITION_KINDS).delete()
    made = {}
    for number, slug, milestones in [
        ("1", "servicepunt-techniek-nh", [("Purpose Case", "Q2 2021", (2021, 6, 30)), ("Subsidiebeschikking", "Q2 2021", (2021, 6, 30)), ("Start", "Q3 2021", (2021, 9, 30))]),
        ("2", "werk-naar-werk-afspraken", [("Purpose Case", "Q2 2021", (2021, 6, 30))]),
        ("5a", "een-gevoeld-loket", [("Purpose Case", "Q2", (2021, 6, 30))]),
        ("10", "management-informatie", [("Management informatie", "Q2 2021", (2021, 6, 30))]),
    ]:  # fmt: skip
        coalition = make_coalition(slug, f"Startcoalitie {number}", number)
        for title, label, due in milestones:
            Milestone.objects.create(initiative=coalition, title=title, due_label=label, due_date=datetime.date(*due))
        made[number] = coalition
    return made


def statuses():
    return {e.initiative.number: e.status for e in agenda_queries.entries(in_days(0))}


def test_without_the_manifest_content_it_does_nothing(db, analyst):
    Initiative.objects.filter(kind__in=COALITION_KINDS).delete()
    demo_agenda({DEMO_ANALYST: analyst})
    assert not StatusUpdate.objects.exists() and not Milestone.objects.exists()


def test_the_demo_shows_on_track_late_at_risk_and_done(startcoalities, analyst):
    assert set(statuses().values()) == {"late"}  # every manifest milestone of 2021 has passed
    demo_agenda({DEMO_ANALYST: analyst})
    assert statuses() == {"1": "on_track", "2": "late", "5a": "at_risk", "10": "done"}
    updates = StatusUpdate.objects.all()
    assert updates.count() == 7
    assert all(u.text.startswith("[demo] ") and u.author == analyst and u.author_name == "Koen Smit" for u in updates)
    assert all(u.date <= in_days(0) for u in updates)
    added = Milestone.objects.filter(title__startswith="[demo] ")
    assert {m.initiative.number for m in added} == {"1", "5a"}
    for coalition in startcoalities.values():
        assert coalition.editors.filter(pk=analyst.pk).exists()


def test_running_it_again_duplicates_nothing(startcoalities, analyst):
    demo_agenda({DEMO_ANALYST: analyst})
    before = (StatusUpdate.objects.count(), Milestone.objects.count(), list(Milestone.objects.order_by("pk").values_list("done_on", flat=True)))
    demo_agenda({DEMO_ANALYST: analyst})
    after = (StatusUpdate.objects.count(), Milestone.objects.count(), list(Milestone.objects.order_by("pk").values_list("done_on", flat=True)))
    assert before == after
    assert statuses() == {"1": "on_track", "2": "late", "5a": "at_risk", "10": "done"}


def test_on_the_manifest_content_when_it_is_loaded(db, analyst):
    loaded = Initiative.objects.filter(kind="startcoalitie", number__in=["1", "2", "5a", "10"])
    if loaded.count() < 4:
        pytest.skip("The manifest's startcoalities are not loaded (ecosystem data migration 0003 not there yet).")
    demo_agenda({DEMO_ANALYST: analyst})
    found = statuses()
    assert (found["1"], found["2"], found["5a"], found["10"]) == ("on_track", "late", "at_risk", "done")
