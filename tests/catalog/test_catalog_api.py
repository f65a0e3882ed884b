"""The catalogue API: public search and course pages, the provider's own catalogue, import and export."""

import json

import pytest

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role
from loket.catalog import csv_io
from loket.catalog.models import Course, Offering, Provider

from .conftest import in_days

pytestmark = pytest.mark.django_db
API = "/api/v1/catalog"


def send(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def ids(response):
    assert response.status_code == 200, response.content
    return {hit["id"] for hit in response.json()["results"]}


def test_search_is_public_and_bookable_only(client, offerings):
    response = client.get(f"{API}/offerings")
    assert ids(response) == {offerings[k].pk for k in ("amsterdam", "alkmaar", "online")}
    hit = next(h for h in response.json()["results"] if h["id"] == offerings["amsterdam"].pk)
    assert hit["course"]["provider"]["name"] == "ROC Kust"
    assert len(hit["course"]["skills"]) == 2 and hit["price_eur"] == 1500.0
    assert hit["region"]["code"] == "AM18" and hit["course"]["recognised"] is True
    everything = ids(client.get(f"{API}/offerings", {"all": "true"}))
    assert {offerings["cancelled"].pk, offerings["started"].pk} <= everything


def test_each_filter_narrows_the_results(client, offerings, skills):
    get = lambda **params: ids(client.get(f"{API}/offerings", params))  # noqa: E731
    amsterdam, alkmaar, online = (offerings[k].pk for k in ("amsterdam", "alkmaar", "online"))
    assert get(skill=skills[0].uri) == {amsterdam, alkmaar}
    assert get(skill=str(skills[2].pk)) == {online}
    assert get(q="windturbine") == {amsterdam, alkmaar}
    assert get(level="bachelor") == {online}
    assert get(modality="hybrid") == {alkmaar}
    # online offerings count in every region
    assert get(region="AM18") == {amsterdam, online}
    assert get(region="AM15") == {alkmaar, online}
    assert get(max_price="900") == {alkmaar, online}
    assert get(max_price="399.99") == set()
    assert get(start_from=in_days(50).isoformat()) == {alkmaar}
    assert get(start_to=in_days(50).isoformat()) == {amsterdam, online}


def test_pagination(client, offerings):
    first = client.get(f"{API}/offerings", {"page_size": 2}).json()
    second = client.get(f"{API}/offerings", {"page_size": 2, "page": 2}).json()
    assert (first["count"], first["pages"], len(first["results"]), len(second["results"])) == (3, 2, 2, 1)
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}


def test_bad_filters_are_a_422_in_dutch(client, offerings):
    response = client.get(f"{API}/offerings", {"max_price": "veel", "start_from": "morgen", "region": "XX99", "level": "phd"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"max_price", "start_from", "region", "level"}
    assert "bedrag" in next(e["message"] for e in response.json()["errors"] if e["field"] == "max_price")


def test_course_detail_is_public(client, course, offerings):
    data = client.get(f"{API}/courses/{course.pk}").json()
    assert data["title_nl"] == "Monteur windturbines" and data["crebo"] == "25191"
    assert len(data["offerings"]) == 3


def test_provider_manages_own_courses_and_offerings(client, provider_user, provider, skills):
    client.force_login(provider_user)
    created = send(client, f"{API}/courses", {"title_nl": "Hoogspanning veilig", "level": "secondary vocational education 3",
                                               "study_hours": 40, "skills": [skills[0].uri]})  # fmt: skip
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    offering = send(client, f"{API}/courses/{course_id}/offerings", {
        "start_date": in_days(20).isoformat(), "end_date": in_days(22).isoformat(), "price_eur": 349.95,
        "modality": "on_site", "municipality": "GM0361",
    })  # fmt: skip
    assert offering.status_code == 201, offering.content
    assert Offering.objects.get(pk=offering.json()["id"]).price_cents == 34995
    assert [c["id"] for c in client.get(f"{API}/mine").json()] == [course_id]
    replaced = send(client, f"{API}/courses/{course_id}", {"title_nl": "Hoogspanning", "study_hours": 40}, method="put")
    assert replaced.json()["skills"] == []
    assert client.delete(f"{API}/courses/{course_id}").status_code == 204
    assert not Course.objects.exists() and not Offering.objects.exists()


def test_bad_course_and_offering_are_422_and_nothing_changes(client, provider_user, course):
    client.force_login(provider_user)
    response = send(client, f"{API}/courses", {"title_nl": "X", "level": "bachelor", "nlqf_level": 4, "study_hours": 10})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "nlqf_level"
    response = send(client, f"{API}/courses/{course.pk}/offerings", {
        "start_date": in_days(20).isoformat(), "end_date": in_days(10).isoformat(), "price_eur": -5, "modality": "on_site",
    })  # fmt: skip
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"price_eur"}
    response = send(client, f"{API}/courses/{course.pk}/offerings", {
        "start_date": in_days(20).isoformat(), "end_date": in_days(10).isoformat(), "price_eur": 5, "modality": "on_site",
    })  # fmt: skip
    assert {e["field"] for e in response.json()["errors"]} == {"end_date", "municipality"}
    assert Course.objects.count() == 1 and not Offering.objects.exists()


def test_another_providers_course_is_a_404(client, other_provider, course, offerings):
    other = other_provider.organisation.members.get()
    client.force_login(other)
    assert send(client, f"{API}/courses/{course.pk}", {"title_nl": "Overgenomen", "study_hours": 1}, method="put").status_code == 404
    assert client.delete(f"{API}/courses/{course.pk}").status_code == 404
    assert client.delete(f"{API}/offerings/{offerings['amsterdam'].pk}").status_code == 404
    course.refresh_from_db()
    assert course.title_nl == "Monteur windturbines" and course.offerings.count() == 3


def test_managing_needs_log_in_and_the_provider_role(client, make_user, course):
    assert client.get(f"{API}/mine").status_code == 401
    client.force_login(make_user(Role.PERSON))
    assert client.get(f"{API}/mine").status_code == 403


def test_register_provider(client, provider_user):
    organisation = Organisation.objects.create(name="Fieldlab Den Helder", kind=Organisation.Kind.PROVIDER)
    Membership.objects.create(user=provider_user, organisation=organisation)
    bad = send(client_login(client, provider_user), f"{API}/provider", {"kind": "fieldlab", "brin": "abc"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "brin"
    good = send(client, f"{API}/provider", {"kind": "fieldlab", "recognitions": ["nrto"], "municipality": "GM0400"})
    assert good.status_code == 201
    assert Provider.objects.get(organisation=organisation).municipality.code == "GM0400"


def client_login(client, user):
    client.force_login(user)
    return client


def test_import_and_export_over_the_api(client, provider_user, provider, offerings):
    client.force_login(provider_user)
    exported = client.get(f"{API}/export", {"format": "csv"})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.splitlines()[0] == ",".join(csv_io.HEADER)
    changed = text.replace("Monteur windturbines", "Monteur windparken")
    result = client.post(f"{API}/import?format=csv", changed, content_type="text/csv")
    # only the renamed course counts as updated; what the file repeats as it was is unchanged
    assert result.json() == {
        "courses_created": 0, "courses_updated": 1, "courses_unchanged": 1,
        "offerings_created": 0, "offerings_updated": 0, "offerings_unchanged": 5,
    }  # fmt: skip
    ooapi = client.get(f"{API}/export").json()
    assert len(ooapi["items"]) == 2
    ooapi["items"][0]["offerings"][0]["startDate"] = "later"
    refused = client.post(f"{API}/import?format=ooapi", json.dumps(ooapi), content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"where": "$.items[0].offerings[0]", "field": "startDate", "message": "Geen datum: later (gebruik JJJJ-MM-DD)."}
    ]


def test_search_queries_do_not_grow_with_the_results(client, offerings, course, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        small = client.get(f"{API}/offerings").json()["count"]
    for day in range(30):
        Offering.objects.create(course=course, start_date=in_days(100 + day), end_date=in_days(200), price_cents=100,
                                modality="online")  # fmt: skip
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/offerings").json()["count"] == small + 30


@pytest.mark.parametrize("skill", ["9999999999999999999999999", "9223372036854775808", "0"])
def test_a_skill_id_no_database_can_hold_is_a_422(client, offerings, skill):
    response = client.get(f"{API}/offerings", {"skill": skill})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "skill", "message": f"Onbekende ESCO-vaardigheid: {skill}."}]


def test_the_largest_skill_id_is_searched(client, offerings):
    response = client.get(f"{API}/offerings", {"skill": str(2**63 - 1)})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_a_course_with_an_impossible_skill_id_is_refused(client, provider_user, provider):
    client.force_login(provider_user)
    body = {"title_nl": "Lassen", "study_hours": 40, "skills": ["99999999999999999999999"]}
    response = send(client, f"{API}/courses", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "skills", "message": "Onbekende ESCO-vaardigheid: 99999999999999999999999."}]
    assert not Course.objects.exists()


def ooapi_course(description):
    return {"items": [{
        "courseId": "6f1c5c8e-2a35-4a8e-9a5e-0d5f3b1f7a11", "name": [{"language": "nl-NL", "value": "Grote catalogus"}],
        "description": [{"language": "nl-NL", "value": description}], "studyLoad": {"studyLoadUnit": "hour", "value": 40},
    }]}  # fmt: skip


def test_an_import_as_large_as_the_page_takes_is_taken_over_the_api(client, provider_user, provider):
    client.force_login(provider_user)
    body = json.dumps(ooapi_course("Lang verhaal. " * 220_000))  # about 3 MB: above Django's default body limit of 2.5 MB
    assert len(body) > 2.5 * 1024 * 1024
    response = client.post(f"{API}/import", body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["courses_created"] == 1
    assert len(Course.objects.get().description_nl) > 2_500_000


def test_a_larger_import_is_refused_in_dutch(client, provider_user, provider, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.force_login(provider_user)
    response = client.post(f"{API}/import", json.dumps(ooapi_course("x" * 1_100_000)), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "Het bestand is groter dan 1 MB."
    assert not Course.objects.exists()
