"""OOAPI v5 JSON import and export: courses with their offerings, all or nothing, JSON path and field in every complaint."""

import copy
import json

import pytest

from loket.catalog import ooapi, services
from loket.catalog.entries import ImportFailed
from loket.catalog.models import Course, Offering

from .conftest import in_days
from .test_csv_io import snapshot

pytestmark = pytest.mark.django_db


def document(skills):
    return {
        "items": [
            {
                "courseId": "6f1c5c8e-2a35-4a8e-9a5e-0d5f3b1f7a11",
                "primaryCode": {"codeType": "identifier", "code": "WIND-4"},
                "name": [{"language": "nl-NL", "value": "Servicemonteur wind"}, {"language": "en-GB", "value": "Wind service technician"}],
                "description": [{"language": "nl-NL", "value": "Onderhoud aan windturbines op land en op zee."}],
                "teachingLanguage": "nld",
                "level": "secondary vocational education 4",
                "studyLoad": {"studyLoadUnit": "hour", "value": 600},
                "fieldsOfStudy": "0713",
                "otherCodes": [{"codeType": "crohoCreboCode", "code": "25192"}],
                "ext": {"escoSkills": [skills[0].uri, skills[1].uri], "recognised": True, "recognisedBy": "OCW", "funds": ["llo_credit"]},
                "offerings": [
                    {
                        "offeringId": "0b7c2d4e-6f80-4a1b-8c2d-3e4f5a6b7c8d",
                        "startDate": in_days(30).isoformat(), "endDate": in_days(200).isoformat(),
                        "enrollEndDate": in_days(25).isoformat(),
                        "priceInformation": [{"costType": "total costs", "amount": 2500, "vatAmount": 525}],
                        "modeOfDelivery": ["on campus"],
                        "ext": {"municipalityCode": "GM0392", "location": "Zeehaven"},
                    },
                    {
                        "offeringId": "1b7c2d4e-6f80-4a1b-8c2d-3e4f5a6b7c8d",
                        "startDate": in_days(60).isoformat(), "endDate": in_days(200).isoformat(),
                        "priceInformation": [{"costType": "total costs", "amount": 3025.0, "displayAmount": 3025.0}],
                        "modeOfDelivery": ["online"],
                    },
                ],
            }
        ]
    }  # fmt: skip


def import_json(provider, doc):
    return services.import_file(provider, json.dumps(doc), "ooapi")


def test_valid_document_imported_with_the_mapping(provider, skills):
    result = import_json(provider, document(skills))
    course = Course.objects.get(code="WIND-4")
    assert (result.courses_created, result.offerings_created) == (1, 2)
    assert (course.title_en, course.nlqf_level, course.crebo, course.croho, course.study_hours) == ("Wind service technician", 4, "25192", "", 600)
    assert course.funds == ["llo_credit"] and course.recognised
    assert set(course.skills.all()) == {skills[0], skills[1]}
    on_site, online = course.offerings.order_by("start_date")
    assert (on_site.price_cents, on_site.municipality.code, on_site.location, on_site.modality) == (302500, "GM0392", "Zeehaven", "on_site")
    assert (online.price_cents, online.municipality, online.modality) == (302500, None, "online")


def test_skills_from_learning_outcomes_when_ext_has_none(provider, skills):
    doc = document(skills)
    del doc["items"][0]["ext"]["escoSkills"]
    doc["items"][0]["learningOutcomes"] = [[{"language": "en-GB", "value": skills[2].uri}], [{"language": "en-GB", "value": "Kan lassen"}]]
    import_json(provider, doc)
    assert list(Course.objects.get().skills.all()) == [skills[2]]


def test_every_problem_by_json_path_and_nothing_stored(provider, skills):
    doc = document(skills)
    course = doc["items"][0]
    course["studyLoad"] = {"studyLoadUnit": "ects", "value": 5}
    course["ext"]["escoSkills"].append("http://data.europa.eu/esco/skill/onbekend")
    first, second = course["offerings"]
    first["endDate"] = in_days(1).isoformat()
    first["ext"]["municipalityCode"] = ""
    second["startDate"] = "morgen"
    second["priceInformation"] = []
    second["modeOfDelivery"] = ["per post"]
    doc["items"].append(copy.deepcopy(course) | {"courseId": "geen-uuid"})
    with pytest.raises(ImportFailed) as failure:
        import_json(provider, doc)
    found = {(p.where, p.field) for p in failure.value.problems}
    assert {
        ("$.items[0]", "studyLoad"), ("$.items[0]", "ext.escoSkills"), ("$.items[0].offerings[0]", "endDate"),
        ("$.items[0].offerings[0]", "ext.municipalityCode"), ("$.items[0].offerings[1]", "startDate"),
        ("$.items[0].offerings[1]", "priceInformation"), ("$.items[0].offerings[1]", "modeOfDelivery"), ("$.items[1]", "courseId"),
    } <= found  # fmt: skip
    assert all(p.message for p in failure.value.problems)
    assert not Course.objects.exists() and not Offering.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{niet: json", "Geen geldige JSON: de fout zit op regel 1, teken 2."),
        (b'{"items": [\n  {"name": "a"},\n  ]\n}', "Geen geldige JSON: de fout zit op regel 3, teken 3."),
        (b"\x80{}", "Geen geldige JSON: het bestand is geen UTF-8-tekst."),
        (b"[" + b"1" * 5000 + b"]", "Geen bruikbare JSON: een getal heeft te veel cijfers."),
    ],
)
def test_not_json_refused_in_dutch(provider, data, message):
    with pytest.raises(ImportFailed) as failure:
        services.import_file(provider, data, "ooapi")
    assert [(p.where, str(p.message)) for p in failure.value.problems] == [("$", message)]


def test_reimport_updates_by_ooapi_id(provider, skills):
    import_json(provider, document(skills))
    doc = document(skills)
    doc["items"][0]["name"][0]["value"] = "Servicemonteur windenergie"
    doc["items"][0]["offerings"][1]["priceInformation"] = [{"costType": "total costs", "amount": 100}]
    result = import_json(provider, doc)
    assert (result.courses_created, result.courses_updated, result.courses_unchanged) == (0, 1, 0)
    assert (result.offerings_created, result.offerings_updated, result.offerings_unchanged) == (0, 1, 1)
    assert Course.objects.get().title_nl == "Servicemonteur windenergie"
    assert sorted(Offering.objects.values_list("price_cents", flat=True)) == [10000, 302500]


def test_export_round_trips(provider, offerings):
    exported = ooapi.write(services.catalogue_for_export(provider))
    text = json.dumps(exported)
    before = snapshot(provider)
    Offering.objects.all().delete()
    Course.objects.all().delete()
    services.import_file(provider, text, "ooapi")
    assert snapshot(provider) == before
    services.import_file(provider, text, "ooapi")
    assert snapshot(provider) == before


def test_export_writes_ooapi_fields(provider, offerings, course):
    exported = ooapi.write(services.catalogue_for_export(provider))
    item = next(i for i in exported["items"] if i["courseId"] == str(course.ooapi_id))
    assert item["studyLoad"] == {"studyLoadUnit": "hour", "value": 400}
    assert item["fieldsOfStudy"] == "0713"
    assert {"language": "en-GB", "value": "Wind turbine technician"} in item["name"]
    assert len(item["learningOutcomes"]) == len(item["ext"]["escoSkills"]) == 2
    amsterdam = next(o for o in item["offerings"] if o["offeringId"] == str(offerings["amsterdam"].ooapi_id))
    assert amsterdam["priceInformation"][0]["displayAmount"] == 1500.0
    assert amsterdam["modeOfDelivery"] == ["on campus"]
    assert amsterdam["ext"]["municipalityCode"] == "GM0363"


def test_a_course_without_a_code_keeps_none_through_export_and_import(provider, course, offerings):
    Course.objects.filter(pk=course.pk).update(code="")
    exported = json.dumps(ooapi.write(services.catalogue_for_export(provider)))
    result = services.import_file(provider, exported, "ooapi")
    assert Course.objects.get(pk=course.pk).code == ""
    assert (result.courses_updated, result.courses_unchanged, result.offerings_updated) == (0, 2, 0)


def test_an_offering_does_not_move_to_a_new_course(provider, skills):
    import_json(provider, document(skills))
    doc = document(skills)
    doc["items"][0] |= {"courseId": "7f1c5c8e-2a35-4a8e-9a5e-0d5f3b1f7a11", "primaryCode": {"codeType": "identifier", "code": "WIND-5"}}
    with pytest.raises(ImportFailed) as failure:
        import_json(provider, doc)
    assert {(p.where, p.field) for p in failure.value.problems} == {
        ("$.items[0].offerings[0]", "offeringId"), ("$.items[0].offerings[1]", "offeringId"),
    }  # fmt: skip
    assert Course.objects.count() == 1 and Offering.objects.filter(course__code="WIND-4").count() == 2
