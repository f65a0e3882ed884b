"""The registry as schema.org JSON-LD, read back with PyLD: what the triples say, not how the JSON looks.

Every document is expanded with a document loader that refuses to fetch anything, so these tests also show the
export can be read offline.
"""

import csv
import io
import json

import pytest
from django.utils import translation
from pyld import jsonld

from loket.ecosystem.exports import LOKET_NS

from .test_exports import world  # noqa: F401 (the fixture)

S = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
JSONLD_URL = "/ecosysteem/export/ecosysteem.jsonld"
API = "/api/v1/ecosystem/export"


def no_network(url, options=None):
    raise jsonld.JsonLdError(f"the test refused to fetch {url}", "jsonld.LoadDocumentError", code="loading document failed")


OFFLINE = {"documentLoader": no_network}


def fetch(client, url=JSONLD_URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def expanded_nodes(document):
    """Every node of the document by @id (blank nodes get _:b0, _:b1 ...), after expanding without errors."""
    dropped = []
    jsonld.expand(document, OFFLINE, on_property_dropped=dropped.append)
    assert dropped == [], f"terms that mean nothing in the context: {dropped}"
    return {node["@id"]: node for node in jsonld.flatten(document, None, OFFLINE)}


def ids(nodes, node, prop):
    return [value["@id"] for value in node.get(S + prop, [])]


def one(nodes, node, prop):
    (target,) = ids(nodes, node, prop)
    return nodes[target]


def values(node, prop):
    return [value.get("@value") for value in node.get(prop if "://" in prop else S + prop, [])]


@pytest.fixture
def base(settings):
    settings.LOKET_BASE_URL = "https://loket.example.nl"
    return "https://loket.example.nl/ecosysteem/id"


@pytest.mark.django_db
def test_an_initiative_is_a_project_with_its_partners_as_members_in_their_roles(client, world, base):
    nodes = expanded_nodes(fetch(client))
    fieldlab = nodes[f"{base}/initiatief/fieldlab-smart-maintenance"]
    assert fieldlab["@type"] == [S + "Project"]
    assert values(fieldlab, "name") == ["Fieldlab Smart Maintenance"] and values(fieldlab, "alternateName") == ["FSM"]
    assert {(v["@value"], v["@language"]) for v in fieldlab[S + "description"]} == {
        ("Samen leren onderhouden.", "nl"),
        ("Learning maintenance together.", "en"),
    }
    assert ids(nodes, fieldlab, "url") == ["https://loket.example.nl/ecosysteem/initiatieven/fieldlab-smart-maintenance/"]
    assert ids(nodes, fieldlab, "sameAs") == ["https://fieldlab.example.nl"]
    assert values(fieldlab, "foundingDate") == ["2021"] and S + "dissolutionDate" not in fieldlab
    members = set()
    for role_id in ids(nodes, fieldlab, "member"):
        role = nodes[role_id]
        assert role["@type"] == [S + "OrganizationRole"]
        organisation = one(nodes, role, "member")
        assert organisation["@type"] == [S + "Organization"]
        members.add((organisation["@id"], values(role, "roleName")[0], role[S + "roleName"][0]["@language"]))
    assert members == {
        (f"{base}/organisatie/roc-kop", "Aanjager", "nl"),
        (f"{base}/organisatie/techbedrijf", "Partner", "nl"),
        (f"{base}/organisatie/oo-fonds-metaal", "Financier", "nl"),
    }
    assert values(fieldlab, LOKET_NS + "kind") == ["fieldlab"] and values(fieldlab, LOKET_NS + "lifecycle") == ["running"]
    assert values(fieldlab, LOKET_NS + "goal") == ["Vijftig vakmensen per jaar"]
    contact = one(nodes, fieldlab, "contactPoint")
    assert (values(contact, "name"), values(contact, "email"), values(contact, "telephone")) == (
        ["Jan Jansen"], ["jan@example.nl"], ["+31 72 123 4567"]
    )
    assert values(one(nodes, fieldlab, "identifier"), "value") == ["5a"]


@pytest.mark.django_db
def test_places_nest_from_the_initiatives_own_spot_to_the_province(client, world, base):
    nodes = expanded_nodes(fetch(client))
    spot = one(nodes, nodes[f"{base}/initiatief/fieldlab-smart-maintenance"], "location")
    assert spot["@type"] == [S + "Place"] and values(spot, "name") == ["Alkmaar"]
    coordinates = one(nodes, spot, "geo")
    assert coordinates["@type"] == [S + "GeoCoordinates"]
    assert (values(coordinates, "latitude"), values(coordinates, "longitude")) == ([52.64], [4.75])
    alkmaar = one(nodes, spot, "containedInPlace")
    assert alkmaar["@id"] == f"{base}/gemeente/GM0361" and values(alkmaar, "name") == ["Alkmaar"]
    assert values(one(nodes, alkmaar, "identifier"), "value") == ["GM0361"]
    region = one(nodes, alkmaar, "containedInPlace")
    assert region["@id"] == f"{base}/arbeidsmarktregio/AM15" and values(region, "name") == ["Noord-Holland Noord"]
    province = one(nodes, region, "containedInPlace")
    assert province["@id"] == f"{base}/provincie/PV27" and values(province, "name") == ["Noord-Holland"]
    # Without a spot of its own an initiative is at its municipality's centre; without any place, in the province.
    amsterdam = one(nodes, nodes[f"{base}/initiatief/techniekcampus-amsterdam"], "location")
    assert amsterdam["@id"] == f"{base}/gemeente/GM0363" and values(one(nodes, amsterdam, "geo"), "latitude") == [52.37]
    assert one(nodes, amsterdam, "containedInPlace")["@id"] == f"{base}/arbeidsmarktregio/AM18"
    assert one(nodes, nodes[f"{base}/initiatief/startcoalitie-llo"], "location")["@id"] == f"{base}/provincie/PV27"
    places = {node_id for node_id, node in nodes.items() if node.get("@type") == [S + "Place"] and not node_id.startswith("_:")}
    assert places == {
        f"{base}/provincie/PV27", f"{base}/arbeidsmarktregio/AM15", f"{base}/arbeidsmarktregio/AM18",
        f"{base}/gemeente/GM0361", f"{base}/gemeente/GM0363",
    }  # fmt: skip


@pytest.mark.django_db
def test_organisations_have_their_names_address_and_place(client, world, base):
    nodes = expanded_nodes(fetch(client))
    school = nodes[f"{base}/organisatie/roc-kop"]
    assert school["@type"] == [S + "Organization"]
    assert values(school, "name") == ["ROC Kop van Noord-Holland"] and values(school, "alternateName") == ["ROC Kop"]
    assert ids(nodes, school, "url") == ["https://roc.example.nl"]
    assert ids(nodes, school, "mainEntityOfPage") == ["https://loket.example.nl/ecosysteem/organisaties/roc-kop/"]
    address = one(nodes, school, "address")
    assert (values(address, "addressLocality"), values(address, "addressCountry")) == (["Alkmaar"], ["NL"])
    assert ids(nodes, school, "location") == [f"{base}/gemeente/GM0361"]
    source = one(nodes, school, "subjectOf")
    assert source["@type"] == [S + "CreativeWork"] and values(source, "name") == ["Manifest Talentinfrastructuur"]
    assert values(source, LOKET_NS + "sourceReference") == ["p. 3"]
    # The one without a place or initiatives is there too, when nothing is filtered.
    assert values(nodes[f"{base}/organisatie/gemeente-zaanstad"], "name") == ["Gemeente Zaanstad"]


@pytest.mark.django_db
def test_themes_programme_lines_and_topsectors_are_keywords_with_their_codes(client, world, base):
    nodes = expanded_nodes(fetch(client))
    fieldlab = nodes[f"{base}/initiatief/fieldlab-smart-maintenance"]
    terms = {}
    for term_id in ids(nodes, fieldlab, "keywords"):
        term = nodes[term_id]
        assert term["@type"] == [S + "DefinedTerm"]
        scheme = ids(nodes, term, "inDefinedTermSet")[0].rsplit("/", 1)[1]
        terms.setdefault(scheme, set()).add((values(term, "termCode")[0], values(term, "name")[0]))
    assert terms == {
        "theme": {("innovation", "Innovatie")},
        "programme_line": {("leren", "Leren & Ontwikkelen"), ("innoveren", "Innoveren")},
        "topsector": {("htsm", "High Tech Systemen & Materialen (HTSM)")},
        "challenge": {("energietransitie", "Energietransitie & Duurzaamheid")},
        "sdg": {("4", "4 Kwaliteitsonderwijs"), ("9", "9 Industrie, innovatie en infrastructuur"), ("13", "13 Klimaatactie")},
    }
    subjects = {nodes[i]["@type"][0]: nodes[i] for i in ids(nodes, fieldlab, "subjectOf")}
    assert values(subjects[S + "CreativeWork"], "name") == ["Manifest Talentinfrastructuur"]
    assert values(subjects[S + "CreativeWork"], "datePublished") == ["2021-03-01"]
    assert ids(nodes, subjects[S + "WebPage"], "url") == ["https://fieldlab.example.nl/jaarverslag"]


@pytest.mark.django_db
def test_the_triples_can_be_written_as_n_quads(client, world, base):
    quads = jsonld.to_rdf(fetch(client), {"format": "application/n-quads", **OFFLINE})
    assert f"<{base}/initiatief/startcoalitie-llo> <{RDF_TYPE}> <{S}Project> ." in quads
    assert f'<{base}/initiatief/startcoalitie-llo> <{S}dissolutionDate> "2023" .' in quads
    assert f"<{base}/gemeente/GM0363> <{S}containedInPlace> <{base}/arbeidsmarktregio/AM18> ." in quads


@pytest.mark.django_db
def test_filters_narrow_the_graph_and_no_member_points_at_nothing(client, world, base):
    document = fetch(client, kind="campus")
    nodes = expanded_nodes(document)
    named = {node_id for node_id in nodes if not node_id.startswith("_:")}
    # The partner's own seat (Alkmaar) comes along with it.
    assert named == {
        f"{base}/initiatief/techniekcampus-amsterdam", f"{base}/organisatie/techbedrijf",
        f"{base}/gemeente/GM0363", f"{base}/arbeidsmarktregio/AM18", f"{base}/gemeente/GM0361", f"{base}/arbeidsmarktregio/AM15",
        f"{base}/provincie/PV27",
    }  # fmt: skip
    for node in nodes.values():
        for prop in ("member", "location", "containedInPlace"):
            for target in ids(nodes, node, prop):
                assert S + "name" in nodes[target] or target.startswith("_:"), f"{prop} points at {target}, which the graph does not describe"
    assert fetch(client, kind="campus", theme="innovation")["@graph"] == []


@pytest.mark.django_db
def test_an_empty_registry_is_an_empty_graph(client, world):
    from loket.ecosystem.models import Initiative, Organisation

    Initiative.objects.all().delete()
    Organisation.objects.all().delete()
    document = fetch(client)
    assert document["@graph"] == [] and jsonld.expand(document, OFFLINE) == []


@pytest.mark.django_db
def test_without_a_configured_address_the_uris_are_under_the_requests_address(client, world, settings):
    settings.LOKET_BASE_URL = ""
    nodes = expanded_nodes(fetch(client))
    assert "http://testserver/ecosysteem/id/initiatief/fieldlab-smart-maintenance" in nodes


@pytest.mark.django_db
def test_the_file_is_a_dated_attachment(client, world):
    from django.utils import timezone

    response = client.get(JSONLD_URL)
    assert response["Content-Disposition"] == f'attachment; filename="ecosysteem-{timezone.localdate().isoformat()}.jsonld"'


# --- The API -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_gives_the_same_files_with_the_same_filters_without_logging_in(client, world):
    for api_path, page_path in (
        ("initiatives.csv", "/ecosysteem/export/initiatieven.csv"),
        ("organisations.csv", "/ecosysteem/export/organisaties.csv"),
        ("ecosystem.jsonld", JSONLD_URL),
    ):
        from_api = client.get(f"{API}/{api_path}", {"region": "AM18"})
        assert from_api.status_code == 200, from_api.content
        from_page = client.get(page_path, {"region": "AM18"})
        assert from_api.content == from_page.content
        assert from_api["Content-Type"] == from_page["Content-Type"]
        assert from_api["Content-Disposition"] == from_page["Content-Disposition"]
    text = client.get(f"{API}/initiatives.csv", {"region": "AM18"}).content.decode("utf-8")
    assert "Techniekcampus Amsterdam" in text and "Fieldlab" not in text
    graph = json.loads(client.get(f"{API}/ecosystem.jsonld", {"q": "smart"}).content)["@graph"]
    assert [node["name"] for node in graph if node["@type"] == "Project"] == ["Fieldlab Smart Maintenance"]


@pytest.mark.django_db
def test_the_api_refuses_a_filter_it_does_not_understand_with_422(client, world):
    response = client.get(f"{API}/initiatives.csv", {"lifecycle": "misschien", "region": "XX99"})
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"].startswith("Er is geen bestand gemaakt")
    messages = {error["field"]: error["message"] for error in body["errors"]}
    assert set(messages) == {"lifecycle", "region"} and "“misschien”" in messages["lifecycle"]
    response = client.get(f"{API}/ecosystem.jsonld", {"started_from": "twintig"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "started_from"


@pytest.mark.django_db
def test_the_api_describes_the_filters_in_its_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/ecosystem/export/ecosystem.jsonld"]["get"]
    assert {"kind", "lifecycle", "region", "theme", "programme_line", "topsector", "challenge", "sdg", "q"} <= {
        parameter["name"] for parameter in operation["parameters"]
    }


@pytest.mark.django_db
def test_the_documents_content_exports_whole_and_expands(client):
    """Whatever the data migration loaded from the documents: one row and one Project per initiative."""
    from loket.ecosystem.models import Initiative, Organisation

    nodes = expanded_nodes(fetch(client))
    projects = [node for node in nodes.values() if node.get("@type") == [S + "Project"]]
    organisations = [node for node in nodes.values() if node.get("@type") == [S + "Organization"] and not node["@id"].startswith("_:")]
    assert len(projects) == Initiative.objects.count() and len(organisations) == Organisation.objects.count()
    for project in projects:
        for role_id in ids(nodes, project, "member"):
            assert values(one(nodes, nodes[role_id], "member"), "name"), f"a member of {project['@id']} has no name"
    text = client.get("/ecosysteem/export/initiatieven.csv").content.decode("utf-8-sig")
    _header, *rows = csv.reader(io.StringIO(text), delimiter=";")
    assert sorted(row[0] for row in rows) == sorted(Initiative.objects.values_list("slug", flat=True))


@pytest.fixture
def back_to_dutch(settings):
    """The site's middleware leaves the last request's language active; later tests expect Dutch."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_headers_and_labels_follow_the_language_of_the_page_or_the_api_call(client, world, back_to_dutch):
    from django.conf import settings

    def header(response):
        assert response.status_code == 200, response.content
        return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert header(client.get("/ecosysteem/export/initiatieven.csv"))[1] == "Naam"
    assert header(client.get(f"{API}/initiatives.csv", {"lang": "en"}))[1] == "Name"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = header(client.get("/ecosysteem/export/organisaties.csv"))
    assert english[1] == "Name" and "Municipality" in english
    graph = fetch(client)["@graph"]
    role = next(node for node in graph if node.get("@type") == "Project" and node.get("member"))["member"][0]
    assert role["roleName"]["@language"] == "en"
    assert client.get(f"{API}/initiatives.csv", {"lang": "fr"}).status_code == 422


@pytest.mark.django_db
def test_a_minted_identifier_leads_to_the_page_about_it(client):
    from loket.ecosystem.models import Initiative

    initiative = Initiative.objects.filter(number="1").first()
    assert initiative is not None, "the documents' content (migration 0003) is missing"
    response = client.get(f"/ecosysteem/id/initiatief/{initiative.slug}")
    assert response.status_code == 303
    assert response["Location"] == f"/ecosysteem/initiatieven/{initiative.slug}/"
    assert client.get("/ecosysteem/id/arbeidsmarktregio/AM15")["Location"] == "/ecosysteem/?region=AM15"
    assert client.get("/ecosysteem/id/initiatief/bestaat-niet").status_code == 404
    assert client.get("/ecosysteem/id/planeet/aarde").status_code == 404


@pytest.mark.django_db
def test_every_identifier_the_file_mints_resolves(client):
    """Each @id under /ecosysteem/id/ in the JSON-LD leads somewhere: the province and the schemes as well."""
    import re

    minted = set(re.findall(r'"http://testserver(/ecosysteem/id/[^"]+)"', client.get("/ecosysteem/export/ecosysteem.jsonld").content.decode()))
    assert {path.split("/")[3] for path in minted} >= {"provincie", "indeling", "arbeidsmarktregio", "initiatief", "organisatie"}
    refused = {path: client.get(path).status_code for path in minted if client.get(path).status_code != 303}
    assert refused == {}
    assert client.get("/ecosysteem/id/provincie/PV27")["Location"] == "/ecosysteem/"
    assert client.get("/ecosysteem/id/indeling/theme")["Location"] == "/api/v1/ecosystem/vocabulary"
    assert client.get("/ecosysteem/id/indeling/sterrenbeeld").status_code == 404
