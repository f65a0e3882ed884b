"""The vacancy KPIs on hand-made vacancies: technical vacancies open longer than 3 months (count and share), the
median time to fill, open vacancies, internships and BBL places offered, open-hiring jobs."""

from datetime import timedelta

import pytest

from loket.monitor import collect, formulas
from loket.monitor.kpis import KPIS
from loket.vacancies.models import Vacancy

from .kpi_world import ALKMAAR, AMSTERDAM, DAY, GROOT_AMSTERDAM, HAARLEM, NOORD, cell, occupation, vacancy, value

pytestmark = pytest.mark.django_db

LONG_AGO = (DAY - formulas.months_before(DAY, 3)).days + 1  # opened one day before the 3-month line


@pytest.fixture
def work():
    return {
        "electrician": occupation("7411.1"),
        "engineer": occupation("2151.2"),
        "plumber_without_group": occupation("7126.3", group=False),
        "nurse": occupation("2221.1"),
        "cook": occupation("5120.1"),
    }


@pytest.fixture
def open_technical(work):
    """Technical vacancies: 3 long open (2 in Alkmaar, 1 in Amsterdam), 2 recent; plus other work and closed ones."""
    vacancy(work["electrician"], place=ALKMAAR, sector="F", opened=LONG_AGO + 20, climate=True)
    vacancy(work["plumber_without_group"], place=ALKMAAR, sector="F", opened=LONG_AGO)
    vacancy(work["engineer"], place=AMSTERDAM, sector="M", opened=200, kind="internship")
    vacancy(work["electrician"], place=AMSTERDAM, sector="F", opened=LONG_AGO - 1)  # opened exactly 3 months ago: not longer
    vacancy(work["engineer"], place=HAARLEM, sector="C", opened=5)
    # Not counted: other work, however long open; filled, closed or expired technical vacancies.
    vacancy(work["nurse"], place=ALKMAAR, sector="Q", opened=300)
    vacancy(work["electrician"], place=ALKMAAR, opened=300, filled=20)
    vacancy(work["electrician"], place=ALKMAAR, opened=300, closed=3)
    expired = vacancy(work["electrician"], place=ALKMAAR, opened=300)
    Vacancy.objects.filter(pk=expired.pk).update(valid_through=DAY - timedelta(days=1))


def test_the_3_month_line_is_calendar_months():
    assert formulas.months_before(DAY, 3) < DAY
    line = formulas.months_before(DAY, 3)
    assert (DAY - line).days in range(89, 93)


def test_technical_vacancies_open_longer_than_3_months(open_technical):
    rows = KPIS["tech_vacancies_open_long"].collect(DAY)
    assert value(rows) == 3
    assert value(rows, "region", NOORD) == 2 and value(rows, "region", GROOT_AMSTERDAM) == 1
    assert value(rows, "municipality", ALKMAAR) == 2 and value(rows, "municipality", HAARLEM) == 0
    assert value(rows, "sector", "F") == 2 and value(rows, "sector", "M") == 1 and value(rows, "sector", "Q") == 0
    assert value(rows, "climate", "1") == 1 and value(rows, "vacancy_kind", "internship") == 1
    # Vacancies are not people: nothing to suppress.
    assert cell(rows)["persons"] is None


def test_share_of_technical_vacancies_open_longer_than_3_months(open_technical):
    rows = KPIS["tech_vacancies_open_long_share"].collect(DAY)
    total = cell(rows)
    assert (total["numerator"], total["denominator"]) == (3, 5) and total["value"] == pytest.approx(0.6)
    assert value(rows, "region", NOORD) == 1.0
    assert value(rows, "region", GROOT_AMSTERDAM) == pytest.approx(0.5)
    assert value(rows, "region", "AM37") == 0.0
    # A region without any open technical vacancy has no share at all, rather than 0 %.
    assert value(rows, "region", "AM12") is None


def test_technical_in_sql_agrees_with_the_formula(work):
    for occupation_row in work.values():
        made = vacancy(occupation_row, opened=1)
        code = formulas.unit_group(occupation_row.isco_group.code if occupation_row.isco_group else "", occupation_row.code)
        assert Vacancy.objects.filter(pk=made.pk).filter(collect.technical_q()).exists() == formulas.is_technical(code), code


def test_median_time_to_fill_of_technical_vacancies_filled_in_the_last_12_months(work):
    # Days to fill: 30, 60, 100 in Alkmaar; 200 in Amsterdam. Not: other work, filled over a year ago, still open.
    vacancy(work["electrician"], place=ALKMAAR, opened=40, filled=10)
    vacancy(work["electrician"], place=ALKMAAR, opened=80, filled=20)
    vacancy(work["engineer"], place=ALKMAAR, opened=130, filled=30, sector="M")
    vacancy(work["engineer"], place=AMSTERDAM, opened=250, filled=50, sector="M")
    vacancy(work["nurse"], place=ALKMAAR, opened=400, filled=10, sector="Q")
    vacancy(work["electrician"], place=ALKMAAR, opened=500, filled=400)
    vacancy(work["electrician"], place=ALKMAAR, opened=90)
    rows = KPIS["tech_time_to_fill"].collect(DAY)
    assert value(rows) == 80  # (60 + 100) / 2
    assert cell(rows)["denominator"] == 4
    assert value(rows, "region", NOORD) == 60
    assert value(rows, "region", GROOT_AMSTERDAM) == 200
    assert value(rows, "sector", "M") == 150
    assert value(rows, "region", "AM12") is None


def test_open_vacancies_internships_and_open_hiring(work):
    vacancy(work["electrician"], place=ALKMAAR, kind="job")
    vacancy(work["electrician"], place=ALKMAAR, kind="bbl")
    vacancy(work["cook"], place=AMSTERDAM, kind="internship", sector="I")
    vacancy(work["cook"], place=AMSTERDAM, kind="open_hiring", sector="I")
    vacancy(work["cook"], place=HAARLEM, kind="open_hiring", sector="I", climate=False)
    vacancy(work["cook"], place=HAARLEM, kind="internship", sector="I", filled=1)  # filled: not offered any more
    open_rows = KPIS["open_vacancies"].collect(DAY)
    assert value(open_rows) == 5 and value(open_rows, "vacancy_kind", "open_hiring") == 2 and value(open_rows, "sector", "I") == 3
    internships = KPIS["internships_offered"].collect(DAY)
    assert value(internships) == 2
    assert value(internships, "vacancy_kind", "bbl") == 1 and value(internships, "vacancy_kind", "internship") == 1
    assert value(internships, "region", GROOT_AMSTERDAM) == 1 and value(internships, "region", "AM37") == 0
    hiring = KPIS["open_hiring_jobs"].collect(DAY)
    assert value(hiring) == 2 and value(hiring, "municipality", HAARLEM) == 1 and value(hiring, "climate", "0") == 2


def test_every_region_and_municipality_is_a_cell_even_without_vacancies():
    rows = KPIS["open_vacancies"].collect(DAY)
    regions = [row for row in rows if row["dimension"] == "region"]
    assert len(regions) == 5 and all(row["value"] == 0 for row in regions)
    assert len([row for row in rows if row["dimension"] == "municipality"]) == 44
    assert len([row for row in rows if row["dimension"] == "sector"]) == 21
