"""The matchruns page in a real browser: an analyst starts a run and follows it to the end."""

import datetime

import pytest

from loket.accounts.models import Organisation
from loket.geography.models import Municipality
from loket.matching.models import MatchRun
from loket.passport.models import Passport, PassportSkill
from loket.taxonomy.models import Concept, OccupationSkill
from loket.vacancies.models import Vacancy, VacancySkill

from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(live_taxonomy, make_user):
    welder = Concept.objects.get(labels__text="welder", labels__language="en", labels__kind="preferred")
    skills = list(OccupationSkill.objects.filter(occupation=welder, relation="essential").values_list("skill_id", flat=True))
    employer = Organisation.objects.create(name="Werf Den Helder", kind=Organisation.Kind.EMPLOYER)
    municipality = Municipality.objects.get(code="GM0400")
    vacancy = Vacancy.objects.create(
        employer=employer, title="Lasser", occupation=welder, municipality=municipality, sector="C", opened_on=datetime.date(2026, 1, 1)
    )
    VacancySkill.objects.bulk_create([VacancySkill(vacancy=vacancy, skill_id=s) for s in skills])
    passport = Passport.objects.create(user=make_user(role="person", email="piet@example.nl"), home_municipality=municipality)
    PassportSkill.objects.bulk_create([PassportSkill(passport=passport, skill_id=s) for s in skills[:3]])


def test_an_analyst_starts_a_matchrun_and_sees_it_finish(page, scene, make_user, settings, tmp_path):
    settings.LOKET_DASK_SCHEDULER = ""
    settings.LOKET_MATCH_RESULTS_DIR = str(tmp_path)
    make_user(role="analyst", email="analist@example.nl", full_name="Anna Analist")
    log_in(page, "analist@example.nl")
    page.goto(page.base + "/matching/runs/")
    page.get_by_role("heading", name="Matchruns", exact=True).wait_for()
    assert page.get_by_text("Er is nog geen matchrun geweest.").is_visible()
    assert serious_violations(page) == []

    page.get_by_label("Workers (processen)").fill("1")
    page.get_by_label("Vacatures per persoon").fill("10")
    page.get_by_role("button", name="Start een matchrun").click()
    page.get_by_text("is gestart. De voortgang staat hieronder.").wait_for()
    assert serious_violations(page) == []  # with the progress bar, if it is still running

    # HTMX polls the list until the run is done, then says so once.
    page.locator("#matchruns [role=status]", has_text="is klaar").wait_for(timeout=90_000)
    assert page.locator("#matchruns progress").count() == 0
    assert page.locator("#matchruns tbody tr").first.locator("td").nth(2).inner_text().startswith("Klaar")
    assert serious_violations(page) == []
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.DONE and run.persons == 1 and run.limit == 10
