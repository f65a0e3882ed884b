"""CSV import and export: one row per offering, all or nothing, line and column in every complaint."""

import pytest

from loket.catalog import csv_io, services
from loket.catalog.entries import ImportFailed
from loket.catalog.models import Course, Offering

from .conftest import in_days

pytestmark = pytest.mark.django_db

HEADER = ",".join(csv_io.HEADER)


def row(separator=",", **cells):
    defaults = {
        "course_code": "ELEK-2", "title_nl": "Elektrotechniek", "level": "secondary vocational education 2", "nlqf_level": "2",
        "study_hours": "80", "recognised": "false", "offering_code": "E1", "start_date": in_days(40).isoformat(),
        "end_date": in_days(80).isoformat(), "price_eur": "1250.50", "modality": "on_site", "municipality": "GM0363",
    }  # fmt: skip
    values = defaults | cells
    return separator.join(values.get(name, "") for name in csv_io.HEADER)


def import_csv(provider, *rows):
    return services.import_file(provider, "\n".join([HEADER, *rows]) + "\n", "csv")


def problems_of(provider, *rows):
    with pytest.raises(ImportFailed) as failure:
        import_csv(provider, *rows)
    return [(p.where, p.field) for p in failure.value.problems], failure.value.problems


def test_valid_file_creates_courses_and_offerings(provider, skills):
    result = import_csv(provider, row(skills=f"{skills[0].uri}|{skills[1].uri}"), row(course_code="ELEK-2", title_nl="", level="", nlqf_level="", study_hours="", offering_code="E2", modality="online", municipality=""))
    course = Course.objects.get(provider=provider, code="ELEK-2")
    assert (result.courses_created, result.offerings_created) == (1, 2)
    assert set(course.skills.all()) == {skills[0], skills[1]}
    assert sorted(course.offerings.values_list("price_cents", flat=True)) == [125050, 125050]


def test_each_invalid_row_reported_with_line_and_column_and_nothing_stored(provider, skills):
    where_fields, problems = problems_of(
        provider,
        row(),  # line 2: fine
        row(course_code="B", end_date=in_days(10).isoformat()),  # line 3: ends before it starts
        row(course_code="C", municipality=""),  # line 4: on site without a municipality
        row(course_code="D", price_eur="gratis"),  # line 5: not an amount
        row(course_code="E", skills="http://data.europa.eu/esco/skill/onbekend"),  # line 6
        row(course_code="F", start_date="31-12-2030"),  # line 7: not ISO
        row(course_code="G", level="bachelor", nlqf_level="4"),  # line 8: level and NLQF disagree
        row(course_code="H", municipality="GM9999"),  # line 9
    )
    assert where_fields == [
        ("regel 3", "end_date"), ("regel 4", "municipality"), ("regel 5", "price_eur"), ("regel 6", "skills"),
        ("regel 7", "start_date"), ("regel 8", "nlqf_level"), ("regel 9", "municipality"),
    ]  # fmt: skip
    assert all(p.message for p in problems)
    assert not Course.objects.exists() and not Offering.objects.exists()


def test_missing_required_value_named_by_column(provider):
    where_fields, problems = problems_of(provider, row(title_nl=""))
    assert where_fields == [("regel 2", "title_nl")]
    assert "leeg" in str(problems[0].message)


def test_unknown_and_missing_columns_refused(provider):
    with pytest.raises(ImportFailed) as failure:
        services.import_catalogue(provider, csv_io.read("title,prijs\nA,1\n"))
    fields = [p.field for p in failure.value.problems]
    assert "title_nl, study_hours" in fields and "title, prijs" in fields


def test_rows_of_one_course_must_agree(provider):
    where_fields, _ = problems_of(provider, row(), row(offering_code="E2", title_nl="Iets anders"))
    assert where_fields == [("regel 3", "title_nl")]


def test_reimport_updates_instead_of_duplicating(provider):
    import_csv(provider, row())
    result = import_csv(provider, row(price_eur="99"))
    assert (result.courses_created, result.courses_updated, result.courses_unchanged) == (0, 0, 1)
    assert (result.offerings_created, result.offerings_updated, result.offerings_unchanged) == (0, 1, 0)
    assert Offering.objects.get().price_cents == 9900


def test_reimport_counts_only_what_changed_as_updated(provider, skills):
    rows = [row(skills=skills[0].uri), row(offering_code="E2"), row(course_code="LAS-1", title_nl="Lassen", offering_code="L1")]
    import_csv(provider, *rows)
    same = import_csv(provider, *rows)
    assert (same.courses_updated, same.courses_unchanged, same.offerings_updated, same.offerings_unchanged) == (0, 2, 0, 3)
    # a new skill list changes the course; a new location changes one offering
    changed = import_csv(provider, row(skills=skills[1].uri), row(offering_code="E2", location="Hal 3"), rows[2])
    assert (changed.courses_updated, changed.courses_unchanged, changed.offerings_updated, changed.offerings_unchanged) == (1, 1, 1, 2)


@pytest.mark.parametrize("new_course", [True, False], ids=["new course", "existing course"])
def test_an_offering_never_moves_to_another_course(provider, new_course):
    import_csv(provider, row(), row(course_code="LAS-1", title_nl="Lassen", offering_code="L1"))
    offering = Offering.objects.select_related("course").get(code="E1")
    target = {"course_code": "NIEUW-1", "title_nl": "Nieuw"} if new_course else {"course_code": "LAS-1", "title_nl": "Lassen"}
    where_fields, problems = problems_of(provider, row(**target, offering_id=str(offering.ooapi_id), offering_code="E1"))
    assert where_fields == [("regel 2", "offering_id")]
    assert "Elektrotechniek" in str(problems[0].message)
    assert Offering.objects.get(pk=offering.pk).course_id == offering.course_id
    assert not Course.objects.filter(code="NIEUW-1").exists()


def test_a_new_course_id_with_a_code_in_use_is_refused(provider):
    import_csv(provider, row())
    course = Course.objects.get()
    where_fields, problems = problems_of(provider, row(course_id="6f1c5c8e-2a35-4a8e-9a5e-0d5f3b1f7a11", title_nl="Elektro nieuw"))
    assert where_fields == [("regel 2", "course_code")]
    assert str(course.ooapi_id) in str(problems[0].message)
    assert Course.objects.get().ooapi_id == course.ooapi_id and Course.objects.get().title_nl == "Elektrotechniek"


def test_a_course_id_cannot_take_the_code_of_another_course(provider):
    import_csv(provider, row(), row(course_code="LAS-1", title_nl="Lassen", offering_code="L1"))
    welding = Course.objects.get(code="LAS-1")
    where_fields, _ = problems_of(provider, row(course_id=str(welding.ooapi_id), course_code="ELEK-2", title_nl="Lassen", offering_code="L1"))
    assert where_fields == [("regel 2", "course_code")]
    assert Course.objects.get(pk=welding.pk).code == "LAS-1"


def test_courses_without_id_or_code_each_have_their_own_offering_codes(provider):
    result = import_csv(
        provider,
        row(course_code="", title_nl="Lassen", offering_code="X"),
        row(course_code="", title_nl="Solderen", offering_code="X"),
    )
    assert (result.courses_created, result.offerings_created) == (2, 2)
    assert sorted(Offering.objects.values_list("course__title_nl", flat=True)) == ["Lassen", "Solderen"]


def test_one_offering_named_twice_by_id_and_by_code_is_a_duplicate(provider):
    import_csv(provider, row())
    offering = Offering.objects.get()
    where_fields, _ = problems_of(provider, row(offering_id=str(offering.ooapi_id)), row(offering_code="E1"))
    assert where_fields == [("regel 3", "offering_id")]


def test_semicolons_as_used_by_dutch_spreadsheets(provider):
    text = HEADER.replace(",", ";") + "\n" + row(";", price_eur="1.212,50") + "\n"
    services.import_catalogue(provider, csv_io.read(text.encode("utf-8-sig")))
    assert Offering.objects.get().price_cents == 121250


def test_export_round_trips(provider, offerings):
    exported = csv_io.write(services.catalogue_for_export(provider))
    before = snapshot(provider)
    Offering.objects.all().delete()
    Course.objects.all().delete()
    services.import_catalogue(provider, csv_io.read(exported))
    assert snapshot(provider) == before
    # and importing the export again changes nothing
    services.import_catalogue(provider, csv_io.read(exported))
    assert snapshot(provider) == before


def snapshot(provider):
    courses = Course.objects.filter(provider=provider).order_by("ooapi_id")
    return [
        (
            str(c.ooapi_id), c.code, c.title_nl, c.title_en, c.level, c.nlqf_level, c.crebo, c.isced_f, c.study_hours,
            c.recognised, c.recognised_by, sorted(c.course_skills.values_list("skill__uri", flat=True)),
            sorted(c.offerings.values_list("ooapi_id", "code", "start_date", "end_date", "enrol_end", "price_cents", "modality",
                                           "municipality__code", "location", "cancelled")),
        )
        for c in courses
    ]  # fmt: skip


def test_course_of_another_provider_refused(provider, other_provider, course):
    exported = csv_io.write(services.catalogue_for_export(provider))
    with pytest.raises(ImportFailed) as failure:
        services.import_catalogue(other_provider, csv_io.read(exported))
    assert failure.value.problems[0].field == "course_id"
    assert not other_provider.courses.exists()


def test_a_new_offering_id_with_an_offering_code_in_use_is_refused(provider):
    import_csv(provider, row())
    offering = Offering.objects.get()
    where_fields, problems = problems_of(provider, row(offering_id="0b7c2d4e-6f80-4a1b-8c2d-3e4f5a6b7c8d", price_eur="10"))
    assert where_fields == [("regel 2", "offering_code")]
    assert str(offering.ooapi_id) in str(problems[0].message)
    assert list(Offering.objects.values_list("ooapi_id", "price_cents")) == [(offering.ooapi_id, offering.price_cents)]


def test_two_new_courses_with_one_code_are_refused(provider):
    where_fields, _ = problems_of(
        provider,
        row(course_id="6f1c5c8e-2a35-4a8e-9a5e-0d5f3b1f7a11"),
        row(course_id="7f1c5c8e-2a35-4a8e-9a5e-0d5f3b1f7a11", offering_code="E2"),
    )
    assert where_fields == [("regel 3", "course_id")]
    assert not Course.objects.exists()


def test_euro_amounts_read_as_a_dutch_reader_means_them():
    from loket.catalog.entries import euros_to_cents

    assert euros_to_cents("1.234,50") == 123_450
    assert euros_to_cents("1234.50") == 123_450
    assert euros_to_cents("20.000") == 2_000_000  # thousands, never twenty euros
    assert euros_to_cents("€ 1.250.000") == 125_000_000
    assert euros_to_cents("12.5") == 1_250
    assert euros_to_cents(1.5) == 150  # a number from JSON is a number, not Dutch text
    with pytest.raises(ValueError):
        euros_to_cents("12,345")
