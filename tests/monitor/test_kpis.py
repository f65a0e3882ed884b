"""The KPI definitions: each complete, in Dutch and English through gettext, with the documents' targets; and the
fingerprint that notices a changed formula."""

import pytest
from django.utils import translation

from loket.ecosystem.vocabulary import Theme
from loket.monitor import formulas, kpis
from loket.monitor.kpis import DIMENSIONS, DIRECTIONS, KPIS, UNITS, fingerprint, kpis_for_theme

ISSUE_KPIS = {
    "tech_vacancies_open_long", "tech_vacancies_open_long_share", "tech_time_to_fill", "energy_w2w_share", "w2w_placements",
    "w2w_technical", "side_entry_technical", "job_seekers_into_technical", "internships_offered", "internships_filled",
    "passports_in_use", "persons_findable", "persons_with_consent", "fund_accounts", "fund_granted", "fund_reserved",
    "fund_spent", "vouchers_issued", "vouchers_used", "lc_extra", "lc_htsm_rated", "skills_not_taught",
}  # fmt: skip


def test_the_issue_kpis_are_all_there():
    assert ISSUE_KPIS <= set(KPIS)


@pytest.mark.parametrize("kpi", KPIS.values(), ids=list(KPIS))
def test_every_kpi_is_complete(kpi):
    assert kpi.version >= 1 and kpi.unit in UNITS and kpi.theme in Theme.values
    assert set(kpi.breakdowns) <= set(DIMENSIONS)
    assert len(str(kpi.name)) > 5 and len(str(kpi.explanation)) > 20
    assert kpi.target_direction in DIRECTIONS
    if kpi.target is not None:
        assert kpi.target_direction and str(kpi.target_source), "a target names its document"
    else:
        assert kpi.target_direction is None and kpi.target_year is None
    # Shares and money are not people on their own; the fund's money is, through the persons behind it.
    if kpi.unit == "score":
        assert not kpi.counts_persons


def test_the_documents_targets():
    expected = {
        "tech_vacancies_open_long": (0, 2030, "at_most"),
        "tech_vacancies_open_long_share": (0, 2030, "at_most"),
        "energy_w2w_share": (0.75, 2030, "at_least"),
        "w2w_technical": (30_000, None, "at_least"),
        "job_seekers_into_technical": (10_000, None, "at_least"),
        "lc_extra": (100, 2023, "at_least"),
        "lc_htsm_rated": (20, 2023, "at_least"),
        "lc_rating": (7.5, 2023, "at_least"),
        "passport_coverage": (1.0, 2030, "at_least"),
        "campus_regions_share": (1.0, 2030, "at_least"),
    }
    for code, target in expected.items():
        kpi = KPIS[code]
        assert (kpi.target, kpi.target_year, kpi.target_direction) == target, code
    assert "Techniekpact" in str(KPIS["w2w_technical"].target_source)
    assert "HTSM" in str(KPIS["lc_htsm_rated"].target_source)


def test_kpis_are_counted_as_people_or_not():
    people = {code for code, kpi in KPIS.items() if kpi.counts_persons}
    assert {"w2w_placements", "passports_in_use", "fund_granted", "vouchers_issued", "energy_w2w_share"} <= people
    assert not people & {"open_vacancies", "tech_vacancies_open_long", "lc_extra", "skills_not_taught", "initiatives_active"}


def test_every_theme_has_kpis_in_display_order():
    for theme in Theme.values:
        assert kpis_for_theme(theme), theme
    codes = [kpi.code for kpi in kpis_for_theme(Theme.WORK_TO_WORK)]
    assert codes[:2] == ["tech_vacancies_open_long", "tech_vacancies_open_long_share"]


def test_names_are_dutch_and_english():
    kpi = KPIS["w2w_technical"]
    with translation.override("nl"):
        dutch = str(kpi.name)
    assert dutch == "Werk-naar-werkplaatsingen in technisch werk"
    with translation.override("nl"):
        assert str(DIMENSIONS["region"]) == "Arbeidsmarktregio"


def test_importing_the_definitions_touches_no_database():
    import subprocess
    import sys

    code = "import loket.monitor.kpis as k; import sys; print('loket.monitor.collect' in sys.modules, len(k.KPIS))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"DJANGO_SETTINGS_MODULE": ""})
    assert result.stdout.split() == ["False", str(len(KPIS))]


def test_the_fingerprint_is_stable_and_follows_the_formulas(monkeypatch):
    kpi = KPIS["w2w_placements"]
    first = fingerprint(kpi)
    assert fingerprint(kpi) == first and len(first) == 64
    untouched = fingerprint(KPIS["open_vacancies"])

    def only_intersectoral(previous_situation, from_outflow, previous_isco, previous_sector, new_isco, new_sector):
        return previous_sector != new_sector

    monkeypatch.setattr(formulas, "is_work_to_work", only_intersectoral)
    assert fingerprint(kpi) != first
    # A KPI that does not use the formula keeps its fingerprint.
    assert fingerprint(KPIS["open_vacancies"]) == untouched


def test_the_fingerprint_follows_the_constants(monkeypatch):
    kpi = KPIS["tech_vacancies_open_long"]
    first = fingerprint(kpi)
    monkeypatch.setattr(formulas, "LONG_OPEN_MONTHS", 6)
    assert fingerprint(kpi) != first


def test_the_fingerprint_ignores_names_and_explanations():
    kpi = KPIS["open_vacancies"]
    renamed = kpis.Kpi(**{**kpi.__dict__, "name": "Iets anders", "explanation": "Andere woorden"})
    assert fingerprint(renamed) == fingerprint(kpi)


def test_the_fingerprint_follows_the_monitors_own_helpers(monkeypatch):
    from loket.monitor import collect

    kpi = KPIS["open_vacancies"]
    first = fingerprint(kpi)

    def add_nothing(self, keys, **amounts):
        pass

    monkeypatch.setattr(collect.Tally, "add", add_nothing)
    assert fingerprint(kpi) != first
