"""loket import-boundaries without files: PDOK's OGC API, played by a local http.server.

The machine has no internet; LOKET_PDOK_URL points at 127.0.0.1, so the real
PDOK address is never called.
"""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError

from loket.geography.models import Boundary, Municipality
from loket.geography.services import base_layers
from tests.local_http import LocalHandler, serving

from .conftest import load

pytestmark = pytest.mark.django_db

FILES = {"gemeente_gegeneraliseerd": "gemeente_{year}.geojson", "arbeidsmarktregio_gegeneraliseerd": "arbeidsmarktregio_{year}.geojson"}
PAGE = 2


class FakePdok(LocalHandler):
    """/ogc/collections/<collection>/items?jaarcode=Y: the fixture of that year, two features a page,
    every feature carrying its jaarcode as PDOK's do. /stuk/… answers 500, /onzin/… HTML,
    /alles/… every year at once."""

    requests = []

    def do_GET(self):
        url = urlsplit(self.path)
        FakePdok.requests.append(self.path)
        parts = url.path.strip("/").split("/")
        query = parse_qs(url.query)
        if parts[0] == "stuk":
            return self.answer(500, b"Internal Server Error", "text/plain")
        if parts[0] == "onzin":
            return self.answer(200, b"<html>Onderhoud</html>", "text/html")
        collection, year = parts[2], query["jaarcode"][0]
        # /alles/… ignores jaarcode and serves every year, as a careless server might.
        years = ["2030", "2031"] if parts[0] == "alles" else [year]
        document = {"type": "FeatureCollection", "features": []}
        for each in years:
            try:
                features = load(FILES[collection].format(year=each))["features"]
            except FileNotFoundError:
                features = []
            for feature in features:
                feature["properties"]["jaarcode"] = int(each)
            document["features"] += features
        offset = int(query.get("offset", ["0"])[0])
        page = {"type": "FeatureCollection", "features": document["features"][offset : offset + PAGE], "links": []}
        if offset + PAGE < len(document["features"]):
            page["links"].append({"rel": "next", "href": f"{url.path}?f=json&limit={PAGE}&jaarcode={year}&offset={offset + PAGE}"})
        self.answer(200, json.dumps(page).encode(), "application/geo+json")


@pytest.fixture
def pdok():
    FakePdok.requests = []
    with serving(FakePdok) as base:
        yield base


def test_the_year_is_downloaded_page_by_page_and_imported(run, settings, pdok):
    settings.LOKET_PDOK_URL = f"{pdok}/ogc"
    out = run("import_boundaries", "--year", "2030", "--force")
    assert "Grenzen van 2030 geïmporteerd (bron: PDOK): 2 arbeidsmarktregio's, 3 gemeenten." in out
    first = urlsplit(FakePdok.requests[0])
    assert first.path == "/ogc/collections/gemeente_gegeneraliseerd/items"
    assert parse_qs(first.query) == {"f": ["json"], "limit": ["1000"], "jaarcode": ["2030"]}
    assert sum("gemeente_gegeneraliseerd" in request for request in FakePdok.requests) == 3  # 5 features, 2 a page
    assert any("arbeidsmarktregio_gegeneraliseerd" in request for request in FakePdok.requests)
    assert set(Boundary.objects.values_list("source", flat=True)) == {"pdok"}
    assert sorted(f["id"] for f in base_layers(2030)["municipalities"]["features"]) == ["GM9001", "GM9002", "GM9004"]


def test_features_of_other_years_are_left_out(run, settings, pdok):
    settings.LOKET_PDOK_URL = f"{pdok}/alles"
    run("import_boundaries", "--year", "2031", "--force")
    assert sorted(Boundary.objects.filter(level="municipality").values_list("code", flat=True)) == ["GM9004", "GM9010"]


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/stuk", "de server antwoordde met HTTP 500"),
        ("/onzin", "geen geldige JSON"),
        ("/ogc", "PDOK heeft geen gebiedsindeling voor 2019"),
    ],
)
def test_a_failed_download_says_so_in_dutch_and_changes_nothing(run, settings, pdok, geography_state, path, reason):
    settings.LOKET_PDOK_URL = pdok + path
    before = geography_state()
    with pytest.raises(CommandError) as failed:
        run("import_boundaries", "--year", "2019", "--force")
    message = str(failed.value)
    assert message.startswith("Download mislukt: de grenzen kwamen niet binnen van ")
    assert reason in message
    assert "er is niets gewijzigd. Zonder internet: gebruik een bestand, bijvoorbeeld loket import-boundaries --year 2025" in message
    assert geography_state() == before


def test_no_server_at_all_is_a_failed_download(run, settings, geography_state):
    # A port nobody listens on: take one from the OS and close it again.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.LOKET_PDOK_URL = f"http://127.0.0.1:{port}/ogc"
    before = geography_state()
    with pytest.raises(CommandError, match="Download mislukt: .*Connection refused.*gebruik een bestand"):
        run("import_boundaries", "--year", "2030", "--force")
    assert geography_state() == before
    assert Municipality.objects.current(2030).count() == 44
