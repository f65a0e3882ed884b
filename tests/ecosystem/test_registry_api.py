"""The registry's API: public reading with the list's filters, writing by whoever may (the same matrix as the
pages), the vocabulary, and 422s that change nothing."""

import json

import pytest

from loket.accounts.models import Membership
from loket.ecosystem.models import Initiative, Organisation
from loket.ecosystem.vocabulary import Scheme, Sdg

from .registry_world import people, snapshot, world  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/ecosystem"


def send(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def slugs(response):
    assert response.status_code == 200, response.content
    return {hit["slug"] for hit in response.json()["results"]}


def full_body(**changes):
    """Tech@Connect as a PUT would send it, with ``changes``."""
    body = {
        "name": "Tech@Connect", "kind": "pps", "lifecycle": "running",
        "description_nl": "Samenwerking in de installatiebranche die zij-instromers opleidt.",
        "description_en": "Partnership in the installation sector that trains career changers.",
        "region": "AM18", "municipality": "GM0363", "started_year": 2019, "themes": ["inflow"], "programme_lines": ["leren"],
        "topsectors": ["energie"], "challenges": ["energietransitie"], "sdgs": ["4"], "contact_name": "Anna de Vries",
        "contact_email": "anna@example.nl", "website": "https://techconnect.example.nl",
        "links": [{"label": "Jaarverslag", "url": "https://techconnect.example.nl/jaarverslag"}],
        "partners": [{"organisation": "roc-kop", "role": "lead"}, {"organisation": "oom", "role": "funder", "note": "Betaalt de opleidingen"}],
    }  # fmt: skip
    return body | changes


# --- Reading -------------------------------------------------------------------------------------------------------


def test_initiatives_are_public_with_the_lists_filters(client, world):
    get = lambda **params: slugs(client.get(f"{API}/initiatives", params))  # noqa: E731
    assert get() == {"tech-connect", "techlands", "waterstof"}
    assert get(q="tech@connect") == {"tech-connect"}
    assert get(q="Techlands") == {"techlands"}
    assert get(kind="campus") == {"techlands"}
    assert get(lifecycle="idea") == {"waterstof"}
    assert get(region="AM18") == {"tech-connect"}
    assert get(municipality="GM0479") == {"techlands"}
    assert get(theme="innovation") == {"waterstof"}
    assert get(programme_line="kiezen") == {"techlands"}
    assert get(topsector="energie", region="AM15") == {"waterstof"}
    assert get(challenge="energietransitie") == {"tech-connect", "waterstof"}
    assert get(sdg="9") == {"techlands"}
    assert get(partner="tata-steel") == {"techlands"}
    assert get(organisation_kind="government") == {"waterstof"}
    assert get(started_from="2017", started_to="2020") == {"tech-connect"}


def test_a_bad_filter_is_a_422_with_dutch_messages(client, world):
    response = client.get(f"{API}/initiatives", {"kind": "kasteel", "started_to": "ooit", "page_size": 500})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["kind"] == "Onbekende soort initiatief: “kasteel”. Er is niet op soort gefilterd."
    assert set(errors) == {"kind", "started_to", "page_size"}


def test_the_list_is_paginated(client, world):
    first = client.get(f"{API}/initiatives", {"page_size": 2}).json()
    second = client.get(f"{API}/initiatives", {"page_size": 2, "page": 2}).json()
    assert (first["count"], first["pages"], len(first["results"]), len(second["results"])) == (3, 2, 2, 1)
    assert [r["slug"] for r in first["results"] + second["results"]] == ["waterstof", "tech-connect", "techlands"]


def test_a_page_far_past_the_end_is_empty_not_an_error(client, world):
    # A page number too big for the database's OFFSET (bigint on PostgreSQL) is just past the end.
    far = 10**20
    initiatives = client.get(f"{API}/initiatives", {"page": far})
    assert initiatives.status_code == 200
    assert (initiatives.json()["count"], initiatives.json()["results"]) == (3, [])
    organisations = client.get(f"{API}/organisations", {"page": far})
    assert organisations.status_code == 200 and organisations.json()["results"] == []


def test_one_initiative_with_labels_partners_and_source(client, world):
    body = client.get(f"{API}/initiatives/tech-connect").json()
    assert body["kind"] == {"code": "pps", "label": "PPS / RIF-samenwerking"}
    assert body["region"] == {"code": "AM18", "name": "Groot Amsterdam"} and body["municipality"]["code"] == "GM0363"
    assert body["themes"] == [{"code": "inflow", "label": "Instroom, doorstroom & techniekpromotie"}]
    assert body["sdgs"] == [{"code": "4", "label": "4 Kwaliteitsonderwijs"}]
    assert [(p["organisation"]["slug"], p["role"]["code"]) for p in body["partners"]] == [("roc-kop", "lead"), ("oom", "funder")]
    assert body["partners"][0]["organisation"]["url"] == "/ecosysteem/organisaties/roc-kop/"
    assert body["source"] == {"key": "manifest-test", "title": "Manifest Werken en Ontwikkelen 2030", "reference": "p. 12", "url": ""}
    assert body["url"] == "/ecosysteem/initiatieven/tech-connect/" and body["can_edit"] is False
    assert "editors" not in body  # who edits is not public
    assert client.get(f"{API}/initiatives/bestaat-niet").json() == {"detail": "Niet gevonden."}


def test_organisations_are_public(client, world):
    body = client.get(f"{API}/organisations", {"kind": "school"}).json()
    assert [o["slug"] for o in body["results"]] == ["inholland", "roc-kop"]
    roc = client.get(f"{API}/organisations/roc-kop").json()
    assert [(i["role"]["code"], i["initiative"]["slug"]) for i in roc["initiatives"]] == [("lead", "tech-connect"), ("partner", "techlands")]
    assert client.get(f"{API}/organisations", {"kind": "kasteel"}).status_code == 422


def test_the_vocabulary_has_every_scheme_with_codes_and_labels(client):
    body = client.get(f"{API}/vocabulary").json()
    schemes = {s["key"]: s for s in body["schemes"]}
    assert set(schemes) == {"initiative_kind", "lifecycle", "organisation_kind", "partner_role", *Scheme.values}
    assert len(schemes["sdg"]["terms"]) == len(Sdg.values) == 17
    assert {"code": "kiezen", "label": "Kiezen"} in schemes["programme_line"]["terms"]
    assert schemes["theme"]["filter"] == "theme" and schemes["initiative_kind"]["filter"] == "kind"
    assert body["language"] == "nl"
    assert client.get(f"{API}/vocabulary", {"lang": "en"}).json()["language"] == "en"
    assert client.get(f"{API}/vocabulary", {"lang": "fr"}).status_code == 422


def test_the_openapi_description_documents_the_schemas_in_dutch(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ecosystem/initiatives/{slug}" in spec["paths"]
    schema = spec["components"]["schemas"]["InitiativeIn"]["properties"]
    assert "CBS-gemeentecode" in schema["municipality"]["description"]
    assert "pps" in json.dumps(schema["kind"])


# --- Writing: who may --------------------------------------------------------------------------------------------


EDIT_MATRIX = [
    ("plain", 403), ("editor", 200), ("lead_manager", 200), ("lead_member", 403), ("other_manager", 403), ("admin", 200),
]  # fmt: skip


def test_anonymous_callers_cannot_write(client, world):
    before = snapshot(world.tech_connect)
    assert send(client, f"{API}/initiatives/tech-connect", {"name": "Weg"}, "patch").status_code == 401
    assert send(client, f"{API}/initiatives", full_body(name="Nieuw")).status_code == 401
    assert send(client, f"{API}/organisations", {"name": "X", "kind": "company"}).status_code == 401
    assert snapshot(world.tech_connect) == before and not Initiative.objects.filter(name="Nieuw").exists()


@pytest.mark.parametrize("who, status", EDIT_MATRIX)
def test_who_may_change_an_initiative(client, world, people, who, status):
    client.force_login(getattr(people, who))
    assert client.get(f"{API}/initiatives/tech-connect").json()["can_edit"] is (status == 200)
    before = snapshot(world.tech_connect)
    response = send(client, f"{API}/initiatives/tech-connect", {"lifecycle": "durable"}, "patch")
    assert response.status_code == status, response.content
    if status == 403:
        assert "Alleen de redacteuren van dit initiatief" in response.json()["detail"]
        assert snapshot(world.tech_connect) == before
        assert send(client, f"{API}/initiatives/tech-connect", full_body(name="Anders"), "put").status_code == 403
        assert snapshot(world.tech_connect) == before
    else:
        assert response.json()["lifecycle"]["code"] == "durable" and response.json()["can_edit"] is True


@pytest.mark.parametrize("who, status", [("plain", 403), ("editor", 403), ("lead_manager", 200), ("other_manager", 403), ("admin", 200)])
def test_who_may_change_an_organisation(client, world, people, who, status):
    client.force_login(getattr(people, who))
    body = {"name": "ROC Kop van Noord-Holland", "short_name": "ROC Kop", "kind": "school", "municipality": "GM0400"}
    response = send(client, f"{API}/organisations/roc-kop", body, "put")
    assert response.status_code == status
    assert (Organisation.objects.get(slug="roc-kop").municipality is not None) is (status == 200)
    created = send(client, f"{API}/organisations", {"name": "Techniekcollege", "kind": "school"})
    assert created.status_code == (201 if who == "admin" else 403)


# --- Writing: what happens -----------------------------------------------------------------------------------------


def test_a_put_replaces_everything_and_a_patch_only_what_it_sends(client, world, people):
    client.force_login(people.editor)
    body = send(client, f"{API}/initiatives/tech-connect", full_body(themes=["inflow", "inclusion"], partners=[{"organisation": "tata-steel", "role": "lead"}]), "put").json()
    assert [t["code"] for t in body["themes"]] == ["inflow", "inclusion"]  # in the vocabulary's order
    assert [(p["organisation"]["slug"], p["role"]["code"]) for p in body["partners"]] == [("tata-steel", "lead")]
    body = send(client, f"{API}/initiatives/tech-connect", {"sdgs": ["17", "4"], "municipality": None, "region": None}, "patch").json()
    assert [t["code"] for t in body["sdgs"]] == ["4", "17"] and body["region"] is None and body["municipality"] is None
    assert [t["code"] for t in body["themes"]] == ["inflow", "inclusion"]  # not sent, not changed
    assert body["name"] == "Tech@Connect"


def test_an_invalid_write_is_a_422_per_field_and_changes_nothing(client, world, people):
    client.force_login(people.editor)
    before = snapshot(world.tech_connect)
    bad = full_body(
        municipality="GM9999", themes=["onzin"], sdgs=["18"], started_year=2020, stopped_year=2010, website="geen adres",
        links=[{"url": "javascript:alert(1)"}],
        partners=[{"organisation": "roc-kop", "role": "lead"}, {"organisation": "roc-kop", "role": "lead"}, {"organisation": "wie"}],
    )  # fmt: skip
    response = send(client, f"{API}/initiatives/tech-connect", bad, "put")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Ongeldige invoer; er is niets gewijzigd."
    errors = {}
    for error in body["errors"]:
        errors.setdefault(error["field"], []).append(error["message"])
    assert set(errors) == {"municipality", "themes", "sdgs", "stopped_year", "website", "links", "partners"}
    assert errors["municipality"] == ["Onbekende gemeentecode: GM9999."]
    assert "Partner 3: er is geen organisatie “wie” in het register." in errors["partners"]
    assert "ROC Kop van Noord-Holland staat twee keer als aanjager in de lijst; één keer is genoeg." in errors["partners"]
    assert snapshot(world.tech_connect) == before
    # the schema's own checks answer in Dutch too
    response = send(client, f"{API}/initiatives/tech-connect", {"kind": "kasteel", "started_year": "twintig"}, "patch")
    assert response.status_code == 422
    assert {e["field"]: e["message"] for e in response.json()["errors"]} == {
        "kind": "geen toegestane waarde", "started_year": "moet een geheel getal zijn",
    }  # fmt: skip
    assert snapshot(world.tech_connect) == before


def test_a_new_initiative_makes_its_creator_editor(client, world, people):
    client.force_login(people.plain)
    response = send(client, f"{API}/initiatives", full_body(name="Fieldlab Slimme Netten", kind="fieldlab", municipality="GM0400", region=None))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "fieldlab-slimme-netten" and body["region"]["code"] == "AM15" and body["can_edit"] is True
    assert list(Initiative.objects.get(slug=body["slug"]).editors.all()) == [people.plain]
    missing = send(client, f"{API}/initiatives", {"kind": "fieldlab"})
    assert missing.status_code == 422 and {e["field"] for e in missing.json()["errors"]} == {"name", "description_nl"}


def test_only_administrators_make_a_coalition_for_the_action_agenda(client, world, people):
    client.force_login(people.plain)
    body = full_body(name="Startcoalitie 12", kind="startcoalitie", municipality="GM0400", region=None)
    response = send(client, f"{API}/initiatives", body)
    assert response.status_code == 422
    assert any(e["field"] == "kind" and "Alleen een beheerder" in e["message"] for e in response.json()["errors"])
    assert not Initiative.objects.filter(name="Startcoalitie 12").exists()
    client.force_login(people.editor)
    assert send(client, f"{API}/initiatives/tech-connect", {"kind": "ontwikkelcoalitie"}, "patch").status_code == 422
    client.force_login(people.admin)
    assert send(client, f"{API}/initiatives", body).status_code == 201


def test_only_administrators_name_editors(client, world, people):
    client.force_login(people.editor)
    response = send(client, f"{API}/initiatives/tech-connect", {"editors": ["iemand@example.nl"]}, "patch")
    assert response.status_code == 403 and response.json()["detail"] == "Alleen beheerders van het loket mogen redacteuren aanwijzen."
    client.force_login(people.admin)
    response = send(client, f"{API}/initiatives/tech-connect", {"editors": ["niemand@example.nl"]}, "patch")
    assert response.status_code == 422 and response.json()["errors"] == [
        {"field": "editors", "message": "Er is geen account met het e-mailadres niemand@example.nl."}
    ]
    assert send(client, f"{API}/initiatives/tech-connect", {"editors": ["IEMAND@example.nl"]}, "patch").status_code == 200
    assert list(Initiative.objects.get(slug="tech-connect").editors.all()) == [people.plain]


def test_only_administrators_link_an_organisation_to_the_loket(client, world, people):
    body = {"name": "ROC Kop van Noord-Holland", "short_name": "ROC Kop", "kind": "school"}
    client.force_login(people.lead_manager)
    response = send(client, f"{API}/organisations/roc-kop", body | {"account": world.inholland.account_id}, "put")
    assert response.status_code == 403 and Organisation.objects.get(slug="roc-kop").account == world.roc.account
    assert send(client, f"{API}/organisations/roc-kop", body | {"account": world.roc.account_id}, "put").status_code == 200
    client.force_login(people.admin)
    response = send(client, f"{API}/organisations/roc-kop", body | {"account": 999999}, "put")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "account"
    response = send(client, f"{API}/organisations", {"name": "Kennis BV", "kind": "company", "account": world.inholland.account_id})
    assert response.status_code == 201 and response.json()["account"] == world.inholland.account_id
    # the managers of the linked loket organisation may now change it
    client.force_login(people.other_manager)
    assert Membership.objects.filter(user=people.other_manager, is_manager=True).exists()
    assert send(client, f"{API}/organisations/{response.json()['slug']}", {"name": "Kennis BV", "kind": "knowledge"}, "put").status_code == 200
