"""The agenda over the API: reading is public, writing is for a coalition's editors, invalid input changes nothing."""

import json

import pytest

from loket.ecosystem.models import Milestone, StatusUpdate

from .agenda_world import in_days, world  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/ecosystem/agenda"


def send(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def by_slug(response):
    assert response.status_code == 200, response.content
    return {c["slug"]: c for c in response.json()["results"]}


def test_the_agenda_lists_coalitions_with_status_and_reasons(client, world):
    data = client.get(API).json()
    coalitions = {c["slug"]: c for c in data["results"]}
    assert set(coalitions) == {"servicepunt-techniek", "werk-naar-werk", "management-informatie", "een-loket", "warmtenet-academie"}
    assert [c["number"] for c in data["results"]] == ["1", "2", "5a", "10", ""]
    late = coalitions["werk-naar-werk"]
    assert (late["status"], late["status_label"]) == ("late", "Achter op schema")
    assert late["reasons"] == ["Mijlpaal 'Purpose Case' (Q2 2021) is verlopen op 30-06-2021"]
    assert late["aanjagers"] == ["Luchtvaart Community Schiphol"] and late["next_milestone"]["status"] == "late"
    assert late["url"].endswith("/ecosysteem/agenda/werk-naar-werk/")
    on_track = coalitions["servicepunt-techniek"]
    assert on_track["status"] == "on_track" and on_track["themes"] == ["inflow", "work_to_work"]
    assert on_track["latest_update"]["text"] == "Loopt goed." and on_track["next_milestone"]["title"] == "Start"
    assert coalitions["warmtenet-academie"]["status"] == "no_information"
    assert data["totals"] == {"on_track": 1, "at_risk": 1, "late": 1, "done": 1, "no_information": 1}
    per_theme = {t["theme"]: t["counts"] for t in data["per_theme"]}
    assert per_theme["work_to_work"]["late"] == 1 and per_theme["work_to_work"]["on_track"] == 1
    assert per_theme[""]["no_information"] == 1


def test_filters_narrow_the_agenda_and_unknown_values_are_a_dutch_422(client, world):
    assert set(by_slug(client.get(API, {"status": "at_risk"}))) == {"een-loket"}
    assert set(by_slug(client.get(API, {"theme": "work_to_work"}))) == {"servicepunt-techniek", "werk-naar-werk"}
    assert set(by_slug(client.get(API, {"kind": "ontwikkelcoalitie"}))) == {"warmtenet-academie"}
    response = client.get(API, {"status": "vertraagd", "theme": "sport", "kind": "fieldlab"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    assert {e["field"] for e in body["errors"]} == {"status", "theme", "kind"}
    assert "Onbekende status: vertraagd" in next(e["message"] for e in body["errors"] if e["field"] == "status")


def test_one_coalition_with_its_milestones_partners_and_updates(client, world):
    data = client.get(f"{API}/servicepunt-techniek").json()
    assert data["goal"] == "Mensen behouden voor de techniek." and data["intended_impact"] == "Niemand verloren voor de techniek."
    assert [(m["title"], m["status"]) for m in data["milestones"]] == [("Purpose Case", "done"), ("Start", "planned")]
    assert {(p["name"], p["role"]) for p in data["partners"]} == {("Technologiecoalitie", "lead"), ("UWV", "partner")}
    assert [u["author_name"] for u in data["updates"]] == ["Anne de Vries"] and data["can_edit"] is False
    missing = client.get(f"{API}/test-fieldlab-zaanstad")
    assert missing.status_code == 404 and missing.json() == {"detail": "Niet gevonden."}


def test_posting_an_update_needs_a_log_in_and_an_editor(client, world):
    body = {"date": in_days(0).isoformat(), "status": "late", "text": "Vertraagd."}
    anonymous = send(client, f"{API}/servicepunt-techniek/updates", body)
    assert anonymous.status_code == 401 and anonymous.json() == {"detail": "Log eerst in."}
    client.force_login(world["outsider"])
    refused = send(client, f"{API}/servicepunt-techniek/updates", body)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Alleen de redacteuren van deze coalitie en beheerders kunnen de agenda bijwerken."
    assert not StatusUpdate.objects.filter(text="Vertraagd.").exists()


def test_an_editor_posts_an_update_and_the_agenda_follows(client, world):
    client.force_login(world["editor"])
    response = send(client, f"{API}/servicepunt-techniek/updates", {"date": in_days(0).isoformat(), "status": "at_risk", "text": "Krap."})
    assert response.status_code == 201, response.content
    assert response.json()["author_name"] == "Rob Redacteur" and response.json()["status_label"] == "Risico"
    assert StatusUpdate.objects.get(text="Krap.").author == world["editor"]
    coalition = client.get(f"{API}/servicepunt-techniek").json()
    assert coalition["status"] == "at_risk" and coalition["can_edit"] is True


def test_an_editor_without_a_name_is_not_published_under_the_email_address(client, world):
    editor = world["editor"]
    editor.full_name = ""
    editor.save(update_fields=["full_name"])
    client.force_login(editor)
    response = send(client, f"{API}/servicepunt-techniek/updates", {"date": in_days(0).isoformat(), "status": "on_track", "text": "Goed."})
    assert response.status_code == 201, response.content
    assert response.json()["author_name"] == "Redacteur"
    client.logout()
    for url in (f"{API}/servicepunt-techniek", "/ecosysteem/agenda/servicepunt-techniek/", "/ecosysteem/initiatieven/servicepunt-techniek/"):
        assert editor.email not in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "body, field",
    [
        ({"date": "2099-01-01", "status": "on_track", "text": "Toekomst."}, "date"),
        ({"date": "2024-01-01", "status": "prima", "text": "Onbekend."}, "status"),
        ({"date": "2024-01-01", "status": "on_track", "text": ""}, "text"),
        ({"date": "gisteren", "status": "on_track", "text": "Geen datum."}, "date"),
        ({"status": "on_track", "text": "Zonder datum."}, "date"),
    ],
)
def test_an_invalid_update_is_a_422_per_field_and_nothing_is_saved(client, world, body, field):
    client.force_login(world["editor"])
    response = send(client, f"{API}/servicepunt-techniek/updates", body)
    assert response.status_code == 422
    assert response.json()["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    assert field in {e["field"] for e in response.json()["errors"]}
    assert StatusUpdate.objects.filter(initiative=world["servicepunt"]).count() == 1


def test_an_editor_adds_a_milestone_and_marks_it_done_and_undone(client, world):
    client.force_login(world["editor"])
    created = send(client, f"{API}/werk-naar-werk/milestones", {"title": "Afsprakenmodel", "due_label": "Q4", "due_date": in_days(200).isoformat()})
    assert created.status_code == 201, created.content
    milestone_id = created.json()["id"]
    assert created.json()["status"] == "planned"
    purpose_case = world["werk_naar_werk"].milestones.get(title="Purpose Case")
    done = send(client, f"{API}/werk-naar-werk/milestones/{purpose_case.pk}", {"done_on": "2021-07-01"}, "patch")
    assert done.status_code == 200 and done.json()["status"] == "done"
    purpose_case.refresh_from_db()
    assert purpose_case.done_on.isoformat() == "2021-07-01" and purpose_case.title == "Purpose Case"  # only what was sent
    assert client.get(f"{API}/werk-naar-werk").json()["status"] == "on_track"  # the new milestone is still to come
    undone = send(client, f"{API}/werk-naar-werk/milestones/{purpose_case.pk}", {"done_on": None}, "patch")
    assert undone.json()["status"] == "late"
    renamed = send(client, f"{API}/werk-naar-werk/milestones/{milestone_id}", {"title": "Werk-naar-werk-afsprakenmodel"}, "patch")
    assert renamed.json()["title"] == "Werk-naar-werk-afsprakenmodel" and renamed.json()["due_label"] == "Q4"


def test_invalid_milestones_are_a_422_and_nothing_changes(client, world):
    client.force_login(world["editor"])
    missing_title = send(client, f"{API}/werk-naar-werk/milestones", {"title": " ", "due_date": "2027-01-01"})
    assert missing_title.status_code == 422 and {e["field"] for e in missing_title.json()["errors"]} == {"title"}
    assert world["werk_naar_werk"].milestones.count() == 1
    purpose_case = world["werk_naar_werk"].milestones.get()
    future = send(client, f"{API}/werk-naar-werk/milestones/{purpose_case.pk}", {"done_on": in_days(1).isoformat()}, "patch")
    assert future.status_code == 422
    assert "toekomst" in future.json()["errors"][0]["message"]
    no_date = send(client, f"{API}/werk-naar-werk/milestones/{purpose_case.pk}", {"due_date": None}, "patch")
    assert no_date.status_code == 422
    purpose_case.refresh_from_db()
    assert purpose_case.done_on is None and purpose_case.due_date.isoformat() == "2021-06-30"
    # A milestone of a coalition the editor does not edit, through one they do edit, is not found.
    other = world["servicepunt"].milestones.first()
    assert send(client, f"{API}/werk-naar-werk/milestones/{other.pk}", {"done_on": "2021-07-01"}, "patch").status_code == 404


def test_milestones_need_an_editor(client, world):
    milestone = world["loket"].milestones.get()
    assert send(client, f"{API}/een-loket/milestones", {"title": "X", "due_date": "2027-01-01"}).status_code == 401
    client.force_login(world["editor"])  # edits 1 and 2, not 5a
    assert send(client, f"{API}/een-loket/milestones", {"title": "X", "due_date": "2027-01-01"}).status_code == 403
    assert send(client, f"{API}/een-loket/milestones/{milestone.pk}", {"done_on": "2024-01-01"}, "patch").status_code == 403
    assert Milestone.objects.filter(initiative=world["loket"]).count() == 1
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_overview_for_the_regiegroep_and_the_commission(client, world):
    year = client.get(f"{API}/overview", {"for": "regiegroep", "year": 2021}).json()
    assert year["period"]["code"] == "2021" and year["period"]["as_of"] == "2021-12-31"
    rows = {c["slug"]: c for c in year["coalitions"]}
    assert [m["title"] for m in rows["werk-naar-werk"]["milestones_due"]] == ["Purpose Case"]
    assert rows["werk-naar-werk"]["status"] == "late"
    assert [m["title"] for m in rows["management-informatie"]["milestones_reached"]] == ["Nulmeting"]
    assert rows["management-informatie"]["status"] == "done"
    # At the end of 2021 its milestones were still to come and its update not written yet.
    assert rows["servicepunt-techniek"]["status"] == "on_track" and rows["servicepunt-techniek"]["updates"] == []
    third = client.get(f"{API}/overview", {"for": "commissie", "year": 2021, "period": 2}).json()
    assert (third["period"]["start"], third["period"]["end"]) == ("2021-05-01", "2021-08-31")
    assert [m["title"] for m in {c["slug"]: c for c in third["coalitions"]}["werk-naar-werk"]["milestones_due"]] == ["Purpose Case"]
    current = client.get(f"{API}/overview", {"for": "commissie"}).json()
    assert current["period"]["as_of"] == in_days(0).isoformat()


@pytest.mark.parametrize(
    "params, field",
    [({"for": "bestuur"}, "for"), ({"for": "regiegroep", "year": 2021, "period": 2}, "period"),
     ({"for": "commissie", "year": 2021, "period": 4}, "period"), ({"for": "commissie", "year": 1850, "period": 1}, "year")],
)  # fmt: skip
def test_an_impossible_overview_is_a_dutch_422(client, world, params, field):
    response = client.get(f"{API}/overview", params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
