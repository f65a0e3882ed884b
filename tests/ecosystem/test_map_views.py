"""The map page and a region's page: filters that work without JavaScript, the table beside the map, the notice on a
generated base, and Leaflet served by the loket itself."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from loket.ecosystem import map_data

from .test_map_api import make_ecosystem, make_region_data

MAP = "/ecosysteem/kaart/"
MAP_JS = Path(map_data.__file__).parent / "static" / "ecosystem" / "map.js"


@pytest.fixture
def ecosystem(db):
    return make_ecosystem()


def map_json(response):
    return json.loads(re.search(r'<script id="kaartgegevens" type="application/json">(.*?)</script>', response.content.decode(), re.S).group(1))


def table_slugs(response):
    table = re.search(r'<table class="utrecht-table" id="initiatieventabel">(.*?)</table>', response.content.decode(), re.S)
    return re.findall(r'<th class="utrecht-table__header-cell" scope="row">(?:<a [^>]*>)?([^<]+)', table.group(1)) if table else []


def layers_with_source(source):
    """The real base layers, told to come from *source*: the page's wording depends on nothing else."""
    real = map_data.base_layers

    def fake(year=None):
        return {**real(year), "source": source, "attribution": "Grenzen: CBS / PDOK, CC-BY 4.0." if source == "cbs" else "Gegenereerd."}

    return fake


def test_leaflet_is_served_by_the_loket_and_the_map_asks_no_tile_server():
    assert finders.find("vendor/leaflet/leaflet.js")
    assert finders.find("vendor/leaflet/leaflet.css")
    script = MAP_JS.read_text()
    assert "tileLayer" not in script
    assert not re.search(r"https?://", script)


def test_the_page_draws_regions_and_initiatives_from_its_own_data(client, ecosystem):
    response = client.get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    data = map_json(response)
    assert {f["properties"]["code"] for f in data["regions"]["features"]} == {"AM12", "AM15", "AM17", "AM18", "AM37"}
    assert len(data["municipalities"]["features"]) == 44
    # Province-wide ones have no place: they are listed beside the map, not drawn on it.
    drawn = {f["properties"]["slug"] for f in data["initiatives"]["features"]}
    assert drawn == set(ecosystem) - {"heel-noord-holland"}
    side = re.search(r'<ul class="utrecht-unordered-list" id="provinciebreed">(.*?)</ul>', html, re.S).group(1)
    assert "Heel Noord Holland" in side


def test_the_table_lists_every_initiative_with_where_it_is_on_the_map(client, ecosystem):
    response = client.get(MAP)
    assert sorted(table_slugs(response)) == sorted(i.name for i in ecosystem.values())
    html = response.content.decode()
    assert "midden van de gemeente" in html and "eigen locatie" in html and "midden van de regio" in html


def test_filters_work_without_javascript(client, ecosystem):
    response = client.get(MAP, {"theme": "innovation", "kind": "learning_community"})
    assert table_slugs(response) == ["Lc Zaanstad"]
    assert [f["properties"]["slug"] for f in map_json(response)["initiatives"]["features"]] == ["lc-zaanstad"]
    assert "1 initiatief onder deze filters" in response.content.decode()
    assert '<option value="innovation" selected>' in response.content.decode()


def test_a_region_filter_keeps_the_province_wide_ones_in_the_list(client, ecosystem):
    response = client.get(MAP, {"region": "AM15"})
    assert table_slugs(response) == ["Heel Noord Holland", "Tech Campus Alkmaar"]


def test_an_unknown_filter_says_so_in_dutch_and_shows_everything(client, ecosystem):
    response = client.get(MAP, {"theme": "klimaat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit filter kennen we niet." in html
    assert "Thema: Onbekend thema: klimaat." in html
    assert len(table_slugs(response)) == len(ecosystem)


def test_organisations_are_a_switch_with_their_own_table(client, ecosystem):
    without = client.get(MAP)
    assert 'id="organisatietabel"' not in without.content.decode()
    # They are in the map's data either way, so the switch works on the map without reloading.
    assert {f["properties"]["slug"] for f in map_json(without)["organisations"]["features"]} == {"roc-kop", "bedrijf-amsterdam"}
    html = client.get(MAP, {"organisations": "on"}).content.decode()
    assert 'id="organisatietabel"' in html
    assert "ROC Kop van Noord-Holland" in html
    assert "1 organisatie heeft geen gemeente en staat niet op de kaart." in html


def test_a_generated_base_says_so_and_how_to_load_real_boundaries(client, ecosystem, monkeypatch):
    monkeypatch.setattr(map_data, "base_layers", layers_with_source("generated"))
    html = client.get(MAP).content.decode()
    assert "Dit is een schematische kaart: elke gemeente is een vakje op haar plaats." in html
    assert "<code>loket import-boundaries</code>" in html
    assert map_json(client.get(MAP))["attribution"] == ""  # nothing to credit on the map


def test_real_boundaries_carry_their_attribution_onto_the_map(client, ecosystem, monkeypatch):
    monkeypatch.setattr(map_data, "base_layers", layers_with_source("cbs"))
    response = client.get(MAP)
    assert "schematische kaart" not in response.content.decode()
    assert map_json(response)["attribution"] == "Grenzen: CBS / PDOK, CC-BY 4.0."


def test_the_region_list_links_every_region_to_its_figures(client, ecosystem):
    html = client.get(MAP).content.decode()
    regions = re.search(r'<table class="utrecht-table" id="regiolijst">(.*?)</table>', html, re.S).group(1)
    for code in ("AM12", "AM15", "AM17", "AM18", "AM37"):
        assert f'href="/ecosysteem/kaart/regio/{code}/"' in regions
    assert 'hx-get="/ecosysteem/kaart/regio/AM18/"' in regions


def test_a_region_has_a_page_of_its_own(client, ecosystem):
    make_region_data()
    response = client.get("/ecosysteem/kaart/regio/AM18/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Het ecosysteem in Groot Amsterdam" in html
    assert "Fieldlab Amsterdam" in html and "Gestopt Lab" in html
    assert "&lt; 10" in html  # three people with a passport live there
    assert "Technische vacatures die langer dan 3 maanden open staan" in html


def test_htmx_gets_the_regions_panel_alone(client, ecosystem):
    response = client.get("/ecosysteem/kaart/regio/AM17/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="regio-paneel-kop"' in html and "Zaanstreek/Waterland" in html
    assert "Lc Zaanstad" in html
    assert "HX-Request" in response.headers["Vary"]


def test_an_unknown_region_is_not_found(client, db):
    assert client.get("/ecosysteem/kaart/regio/AM99/").status_code == 404


def test_a_regions_panel_leads_to_its_goals_on_the_dashboard(client, ecosystem):
    page = client.get("/ecosysteem/kaart/regio/AM15/").content.decode()
    link = re.search(r'href="(/dashboard/[^"]+)"', page)
    assert link and link.group(1).endswith("?region=AM15")
    assert client.get(link.group(1).replace("&amp;", "&")).status_code == 200


def test_a_regions_panel_shows_its_figures_from_the_dashboards_latest_snapshot(client, ecosystem):
    from loket.monitor.services import take_snapshot

    without = client.get("/ecosysteem/kaart/regio/AM15/").content.decode()
    assert "op het dashboard, momentopname van" not in without  # no snapshot yet: nothing to show
    take_snapshot(label="test")
    page = client.get("/ecosysteem/kaart/regio/AM15/").content.decode()
    assert "Noord-Holland Noord op het dashboard, momentopname van" in page
    assert "Werk-naar-werkplaatsingen" in page and "Extra learning communities sinds 2018" in page
