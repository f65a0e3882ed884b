"""The ecosystem KPIs on hand-made initiatives and surveys (learning communities against the Roadmap's and HTSM's
targets, partnerships, campuses per region, innovation), and the catalogue's skills that nobody teaches."""

from datetime import timedelta

import pytest

from loket.accounts.models import Organisation
from loket.catalog.models import Course, CourseSkill, Modality, Offering, Provider, ProviderKind
from loket.ecosystem.models import Classification, Initiative, Survey, SurveyResponse
from loket.ecosystem.vocabulary import Scheme
from loket.monitor.kpis import KPIS
from loket.vacancies.models import VacancySkill

from .kpi_world import ALKMAAR, AMSTERDAM, DAY, GROOT_AMSTERDAM, HAARLEM, KENNEMERLAND, NOORD, cell, municipality, occupation, region, skill, vacancy, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """Only our own initiatives (the documents' content the tests load is removed)."""
    Initiative.objects.all().delete()
    made = {}

    def initiative(slug, kind, *, region_code=None, place=None, lifecycle="running", started=None, stopped=None, themes=(), topsectors=()):
        item = Initiative.objects.create(
            slug=slug, name=slug, kind=kind, lifecycle=lifecycle, description_nl="…", started_year=started, stopped_year=stopped,
            region=region(region_code) if region_code else None, municipality=municipality(place) if place else None,
        )  # fmt: skip
        for scheme, codes in ((Scheme.THEME, themes), (Scheme.TOPSECTOR, topsectors)):
            for code in codes:
                item.classifications.add(Classification.objects.get(scheme=scheme, code=code))
        made[slug] = item
        return item

    year = DAY.year
    initiative("lc-old", "learning_community", region_code=NOORD, started=2016, themes=["ecosystem"])
    initiative("fieldlab-new", "fieldlab", region_code=NOORD, started=2020, themes=["innovation"], topsectors=["htsm"], lifecycle="durable")
    initiative("coe-new", "coe", region_code=GROOT_AMSTERDAM, started=2021, themes=["ecosystem", "lifelong_learning"], topsectors=["htsm"], lifecycle="durable")
    initiative("civ-stopped", "civ", region_code=GROOT_AMSTERDAM, started=2019, stopped=year - 1)
    initiative("lc-no-year", "learning_community", place=HAARLEM, topsectors=["htsm"], lifecycle="durable")
    initiative("campus-noord", "campus", region_code=NOORD, themes=["ecosystem"])
    initiative("campus-stopped", "campus", region_code=KENNEMERLAND, lifecycle="stopped")
    initiative("pps-province", "pps", themes=["inflow"])
    initiative("living-lab", "living_lab", place=AMSTERDAM, started=year)
    return made


def survey(initiative, scores, closed_days_ago=10):
    made = Survey.objects.create(
        initiative=initiative, title="Tevredenheid", opens_on=DAY - timedelta(days=closed_days_ago + 30), closes_on=DAY - timedelta(days=closed_days_ago)
    )
    for score in scores:
        SurveyResponse.objects.create(survey=made, score=score)
    return made


def test_extra_learning_communities_since_2018(registry):
    rows = KPIS["lc_extra"].collect(DAY)
    # fieldlab-new, coe-new and the living lab started after 2018 and still run; the CIV stopped; lc-old is from
    # before; lc-no-year cannot count without a started year; campuses and PPS are no learning communities.
    assert value(rows) == 3
    assert value(rows, "region", NOORD) == 1 and value(rows, "region", GROOT_AMSTERDAM) == 1  # the living lab has no region
    assert value(rows, "theme", "innovation") == 1 and value(rows, "theme", "ecosystem") == 1 and value(rows, "theme", "inclusion") == 0


def test_durable_htsm_learning_communities_rated_at_least_7_5(registry):
    survey(registry["fieldlab-new"], [8] * 6 + [7] * 4)  # 7.6
    survey(registry["coe-new"], [8] * 5 + [7] * 5)  # 7.5: counts
    survey(registry["coe-new"], [6] * 12, closed_days_ago=400)  # an older survey does not count
    survey(registry["lc-no-year"], [9] * 9)  # fewer than ten answers: no rating
    rows = KPIS["lc_htsm_rated"].collect(DAY)
    assert value(rows) == 2 and value(rows, "region", GROOT_AMSTERDAM) == 1 and value(rows, "region", KENNEMERLAND) == 0
    rating = KPIS["lc_rating"].collect(DAY)
    assert value(rating) == pytest.approx(7.55)
    assert value(rating, "region", NOORD) == pytest.approx(7.6) and value(rating, "region", KENNEMERLAND) is None
    assert cell(rating)["denominator"] == 2


def test_a_rating_below_7_5_does_not_count(registry):
    survey(registry["fieldlab-new"], [7] * 10)
    assert value(KPIS["lc_htsm_rated"].collect(DAY)) == 0
    assert value(KPIS["lc_rating"].collect(DAY)) == 7.0


def test_active_partnerships_campus_regions_and_innovation(registry):
    active = KPIS["initiatives_active"].collect(DAY)
    assert value(active) == 7  # all but the stopped CIV and the stopped campus
    assert value(active, "region", NOORD) == 3 and value(active, "region", KENNEMERLAND) == 1  # lc-no-year lies in Haarlem
    assert value(active, "theme", "inflow") == 1
    campuses = KPIS["campus_regions_share"].collect(DAY)
    assert (cell(campuses)["numerator"], cell(campuses)["denominator"]) == (1, 5) and value(campuses) == pytest.approx(0.2)
    innovation = KPIS["innovation_initiatives"].collect(DAY)
    assert value(innovation) == 3  # fieldlab (theme and kind), campus-noord, living lab
    assert value(innovation, "region", NOORD) == 2 and value(innovation, "region", GROOT_AMSTERDAM) == 1


@pytest.fixture
def catalogue():
    """Open vacancies ask for welding (Alkmaar twice, Amsterdam), wiring (Alkmaar, Amsterdam) and safety (Amsterdam);
    welding is taught on site in Alkmaar, safety online; wiring nowhere."""
    welding, wiring, safety = skill(), skill(), skill()
    electrician = occupation("7411.1")
    for place, skills in ((ALKMAAR, [welding, wiring]), (ALKMAAR, [welding]), (AMSTERDAM, [welding, wiring, safety])):
        made = vacancy(electrician, place=place)
        for asked in skills:
            VacancySkill.objects.create(vacancy=made, skill=asked, importance="essential")
    optional = vacancy(electrician, place=HAARLEM)
    VacancySkill.objects.create(vacancy=optional, skill=wiring, importance="optional")  # optional: no demand
    provider = Provider.objects.create(organisation=Organisation.objects.create(name="ROC", kind="provider"), kind=ProviderKind.ROC)

    def course(taught, modality, place=None, cancelled=False):
        made = Course.objects.create(provider=provider, title_nl="Cursus", study_hours=20)
        CourseSkill.objects.create(course=made, skill=taught)
        Offering.objects.create(
            course=made, start_date=DAY + timedelta(days=30), end_date=DAY + timedelta(days=60), price_cents=10_000,
            modality=modality, municipality=municipality(place) if place else None, cancelled=cancelled,
        )  # fmt: skip

    course(welding, Modality.ON_SITE, ALKMAAR)
    course(safety, Modality.ONLINE)
    course(wiring, Modality.ON_SITE, HAARLEM, cancelled=True)
    return welding, wiring, safety


def test_skills_asked_for_but_not_taught(catalogue):
    rows = KPIS["skills_not_taught"].collect(DAY)
    assert value(rows) == 1  # wiring: taught nowhere
    assert value(rows, "region", NOORD) == 1  # wiring
    assert value(rows, "region", GROOT_AMSTERDAM) == 2  # welding (only on site in Alkmaar) and wiring
    assert value(rows, "region", KENNEMERLAND) == 0
    share = KPIS["skills_not_taught_share"].collect(DAY)
    # Demand: Noord-Holland Noord welding 2 + wiring 1; Groot Amsterdam welding, wiring, safety 1 each.
    assert (cell(share)["numerator"], cell(share)["denominator"]) == (3, 6)
    assert value(share, "region", NOORD) == pytest.approx(1 / 3) and value(share, "region", KENNEMERLAND) is None
