"""A course's purpose (training, orientation, guidance) in the catalogue API and in the CSV and OOAPI files."""

import json

import pytest

from loket.catalog import csv_io, ooapi, services
from loket.catalog.entries import ImportFailed
from loket.catalog.models import Course, CoursePurpose

from .test_csv_io import HEADER, import_csv, row
from .test_ooapi import document

pytestmark = pytest.mark.django_db
API = "/api/v1/catalog"


def send(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_api_shows_the_purpose_and_a_new_course_is_training_unless_told(client, provider_user, provider, course):
    client.force_login(provider_user)
    body = {"title_nl": "Loopbaangesprek", "study_hours": 4}
    created = send(client, f"{API}/courses", body)
    assert created.status_code == 201
    assert (created.json()["purpose"], created.json()["purpose_label"]) == ("training", "Scholing")
    oriented = send(client, f"{API}/courses", body | {"title_nl": "Kijkje in de techniek", "purpose": "orientation"}).json()
    assert (oriented["purpose"], oriented["purpose_label"]) == ("orientation", "Oriëntatie")
    # A full replacement without the purpose keeps it, like the course form.
    replaced = send(client, f"{API}/courses/{oriented['id']}", body | {"title_nl": "Kijkje in de bouw"}, method="put").json()
    assert replaced["purpose"] == "orientation" and replaced["title_nl"] == "Kijkje in de bouw"
    guided = send(client, f"{API}/courses/{oriented['id']}", body | {"purpose": "guidance"}, method="put").json()
    assert guided["purpose"] == "guidance"
    Course.objects.filter(pk=course.pk).update(purpose=CoursePurpose.GUIDANCE)
    public = client.get(f"{API}/courses/{course.pk}").json()
    assert public["purpose"] == "guidance" and public["purpose_label"] == "Begeleiding"


def test_an_unknown_purpose_is_refused_in_dutch_and_nothing_is_saved(client, provider_user, provider):
    client.force_login(provider_user)
    response = send(client, f"{API}/courses", {"title_nl": "Iets", "study_hours": 4, "purpose": "holiday"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["purpose"] and "geen geldige keuze" in errors[0]["message"]
    assert not Course.objects.exists()


def test_search_hits_carry_the_purpose(client, offerings):
    hits = client.get(f"{API}/offerings").json()["results"]
    assert hits and {hit["course"]["purpose"] for hit in hits} == {"training"}


def test_csv_purpose_column_is_optional_and_round_trips(provider):
    assert "purpose" in csv_io.HEADER
    import_csv(provider, row(course_code="ORI-1", purpose="orientation"), row(course_code="TRN-1", offering_code="T1"))
    assert Course.objects.get(code="ORI-1").purpose == "orientation"
    assert Course.objects.get(code="TRN-1").purpose == "training"  # empty cell: the default
    exported = csv_io.write(services.catalogue_for_export(provider))
    lines = exported.splitlines()
    column = lines[0].split(",").index("purpose")
    assert {line.split(",")[column] for line in lines[1:]} == {"orientation", "training"}
    # A file without the column (from before it existed) changes no stored purpose.
    old_header = [name for name in csv_io.HEADER if name != "purpose"]
    values = {"course_code": "ORI-1", "title_nl": "Oriëntatie techniek", "study_hours": "8"}
    services.import_file(provider, ",".join(old_header) + "\n" + ",".join(values.get(n, "") for n in old_header) + "\n", "csv")
    course = Course.objects.get(code="ORI-1")
    assert course.purpose == "orientation" and course.title_nl == "Oriëntatie techniek"


def test_csv_with_an_unknown_purpose_is_refused_with_line_and_column(provider):
    with pytest.raises(ImportFailed) as failure:
        import_csv(provider, row(purpose="vakantie"))
    assert [(p.where, p.field) for p in failure.value.problems] == [("regel 2", "purpose")]
    assert not Course.objects.exists()
    assert HEADER.split(",").count("purpose") == 1


def test_ooapi_carries_the_purpose_in_ext(provider, skills):
    doc = document(skills)
    doc["items"][0]["ext"]["purpose"] = "guidance"
    services.import_file(provider, json.dumps(doc), "ooapi")
    course = Course.objects.get(code="WIND-4")
    assert course.purpose == "guidance"
    exported = ooapi.write(services.catalogue_for_export(provider))
    assert exported["items"][0]["ext"]["purpose"] == "guidance"
    del doc["items"][0]["ext"]["purpose"]  # absent: the stored purpose stays
    services.import_file(provider, json.dumps(doc), "ooapi")
    assert Course.objects.get(code="WIND-4").purpose == "guidance"
    doc["items"][0]["ext"]["purpose"] = "nap"
    with pytest.raises(ImportFailed) as failure:
        services.import_file(provider, json.dumps(doc), "ooapi")
    assert [p.field for p in failure.value.problems] == ["ext.purpose"]
