"""loket import-statline without a file: CBS's OData API, played by a local http.server on 127.0.0.1.

The machine has no internet; LOKET_CBS_ODATA_URL points at the local server, so no CBS address is ever called.
The server answers from the fixture files: /odata/<table>/… as the classic v3 API (TypedDataSet in pages of
PAGE rows linked by odata.nextLink), /v4/<table>/… as OData v4 (Observations from the "CSV (alle data)" files).
"""

import csv
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError

from loket.monitor.models import StatisticObservation, StatisticTable
from tests.local_http import LocalHandler, serving

from .statline_world import ODATA3, ODATA4_CSV, statistics_state  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE = 5
V3_SETS = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups", "Persoonskenmerken", "RegioS", "Perioden"]
V4_SETS = ["Dimensions", "MeasureCodes", "MeasureGroups", "Observations", "Properties", "BedrijfskenmerkenSBI2008Codes", "RegioSCodes", "PeriodenCodes"]


def v3(name):
    return json.loads((ODATA3 / f"{name}.json").read_text(encoding="utf-8"))


def v4(name):
    with open(ODATA4_CSV / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    if name == "Observations":
        for row in rows:
            row["Id"] = int(row["Id"])
            row["Value"] = float(row["Value"].replace(",", ".")) if row["Value"] else None
    return rows


class FakeCbs(LocalHandler):
    """Also: /stuk/… answers HTTP 500 on the data, /onzin/… HTML, /vreemd/… a next page on another server,
    /ander/… says it is another table, /geentabel/… 404."""

    requests = []

    def do_GET(self):
        url = urlsplit(self.path)
        FakeCbs.requests.append(self.path)
        query = parse_qs(url.query)
        parts = url.path.strip("/").split("/")
        mode, table, entity = parts[0], parts[1], (parts[2] if len(parts) > 2 else "")
        if mode == "geentabel":
            return self.answer(404, b"Not found", "text/plain")
        if mode == "onzin" and entity == "TypedDataSet":
            return self.answer(200, b"<html><body>Onderhoud</body></html>", "text/html")
        if mode == "stuk" and entity == "TypedDataSet":
            return self.answer(500, b"Internal Server Error", "text/plain")
        if mode == "v4":
            return self.odata4(table, entity, query)
        if entity == "":
            return self.json({"odata.metadata": "…/$metadata", "value": [{"name": name, "url": f"{self.base}/{mode}/{table}/{name}"} for name in V3_SETS]})
        if entity == "TableInfos":
            infos = v3("TableInfos")
            if mode == "ander":
                infos[0]["Identifier"] = "80472ned"
            return self.json({"value": infos})
        if entity == "TypedDataSet":
            rows = v3("TypedDataSet")
            skip = int(query.get("$skip", ["0"])[0])
            page = {"odata.metadata": "…", "value": rows[skip : skip + PAGE]}
            if skip + PAGE < len(rows):
                host = "http://elders.example" if mode == "vreemd" else self.base
                page["odata.nextLink"] = f"{host}/{mode}/{table}/TypedDataSet?$format=json&$skip={skip + PAGE}"
            return self.json(page)
        if entity in ("DataProperties", "Persoonskenmerken", "RegioS", "Perioden", "CategoryGroups"):
            return self.json({"value": v3(entity) if entity != "CategoryGroups" else []})
        return self.answer(404, b"", "text/plain")

    def odata4(self, table, entity, query):
        if entity == "":
            return self.json({"@odata.context": "…", "value": [{"name": name, "kind": "EntitySet", "url": name} for name in V4_SETS]})
        if entity == "Properties":
            return self.json({"@odata.context": "…", "Identifier": table, "Title": "Vacatures; SBI 2008, regio (testtabel)", "Modified": "2025-01-01T00:00:00"})
        if entity == "Observations":
            rows = v4("Observations")
            clause = query.get("$filter", [""])[0]
            # A real filter parser is not the point; the test checks what was asked and what the importer keeps.
            skip = int(query.get("$skip", ["0"])[0])
            page = {"value": rows[skip : skip + 10]}
            if skip + 10 < len(rows):
                # Left unencoded on purpose: the importer must still make a valid address of it.
                page["@odata.nextLink"] = f"{self.base}/v4/{table}/Observations?$skip={skip + 10}" + (f"&$filter={clause}" if clause else "")
            return self.json(page)
        if entity == "MeasureGroups":
            return self.json({"value": []})
        return self.json({"value": v4(entity)})

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def json(self, document):
        self.answer(200, json.dumps(document).encode(), "application/json")


@pytest.fixture
def cbs():
    FakeCbs.requests = []
    with serving(FakeCbs) as base:
        yield base


def test_the_classic_api_is_read_page_by_page(run, settings, cbs):
    settings.LOKET_CBS_ODATA_URL = f"{cbs}/odata/"
    out = run("import_statline", "99901NED", "--regions", "AM18,NL01")
    assert "Tabel 99901NED (Arbeidsdeelname; regionale indeling (testtabel)) ingelezen uit CBS OData v3 (TypedDataSet): 12 waarnemingen nieuw" in out
    assert FakeCbs.requests[0] == "/odata/99901NED"
    data = [urlsplit(r) for r in FakeCbs.requests if "/TypedDataSet" in r]
    assert len(data) == 3  # 12 rows, 5 a page
    first = parse_qs(data[0].query)
    assert first["$format"] == ["json"]
    assert first["$filter"] == ["substringof('AM18',RegioS) or substringof('NL01',RegioS)"]
    assert parse_qs(data[2].query)["$skip"] == ["10"]
    # The fake server ignores the filter; the importer keeps only what was asked for.
    stored = set(StatisticObservation.objects.values_list("region_code", "period"))
    assert stored == {(region, period) for region in ("AM18", "NL01") for period in ("2023JJ00", "2024JJ00")}
    table = StatisticTable.objects.get()
    assert table.metadata["online"] is True
    assert table.metadata["origin"] == f"{cbs}/odata/99901NED"
    assert table.metadata["modified"] == "2025-02-14T02:00:00"


def test_measures_are_selected_on_the_server(run, settings, cbs):
    settings.LOKET_CBS_ODATA_URL = f"{cbs}/odata"
    run("import_statline", "99901NED", "--measures", "Werkloosheidspercentage_3", "--regions", "AM15")
    query = parse_qs(urlsplit(next(r for r in FakeCbs.requests if "/TypedDataSet" in r)).query)
    assert query["$select"] == ["ID,Perioden,RegioS,Persoonskenmerken,Werkloosheidspercentage_3"]
    assert set(StatisticObservation.objects.values_list("measure", flat=True)) == {"Werkloosheidspercentage_3"}


def test_the_odata4_api_is_read_too(run, settings, cbs):
    settings.LOKET_CBS_ODATA_URL = f"{cbs}/v4"
    out = run("import_statline", "99902NED", "--regions", "AM15", "--measures", "M003026")
    assert "Tabel 99902NED (Vacatures; SBI 2008, regio (testtabel)) ingelezen uit CBS OData v4 (Observations): 6 waarnemingen nieuw" in out
    observations = [urlsplit(r) for r in FakeCbs.requests if "/Observations" in r]
    assert parse_qs(observations[0].query)["$filter"] == ["(Measure eq 'M003026') and (RegioS eq 'AM15')"]
    assert len(observations) == 4  # 36 rows, 10 a page
    stored = {(o.sector_code, o.period): o.value for o in StatisticObservation.objects.all()}
    assert stored[("T001081", "2024KW01")] == 11.4
    assert stored[("301000", "2024KW03")] is None


@pytest.mark.parametrize(
    "mode, reason",
    [
        ("stuk", "(CBS antwoordde met HTTP 500)"),
        ("onzin", "(het antwoord is geen geldige JSON)"),
        ("vreemd", "(de volgende pagina staat op een andere server (http://elders.example/vreemd/99901NED/TypedDataSet?$format=json&$skip=5))"),
        ("geentabel", "(CBS kent deze tabel niet (HTTP 404))"),
    ],
)
def test_a_failed_download_says_so_in_dutch_and_changes_nothing(run, settings, cbs, statistics_state, mode, reason):
    settings.LOKET_CBS_ODATA_URL = f"{cbs}/odata"
    run("import_statline", "99901NED", "--regions", "AM15")
    before = statistics_state()
    settings.LOKET_CBS_ODATA_URL = f"{cbs}/{mode}"
    with pytest.raises(CommandError) as failed:
        run("import_statline", "99901NED", "--regions", "AM15,AM18")
    message = str(failed.value)
    assert message.startswith(f"Download mislukt: {cbs}/{mode}/99901NED")
    assert reason in message
    assert message.endswith(
        "; er is niets gewijzigd. Zonder internet: download de tabel bij CBS en lees het bestand in met loket import-statline TABEL --file BESTAND."
    )
    assert statistics_state() == before


def test_an_answer_for_another_table_is_refused(run, settings, cbs, statistics_state):
    settings.LOKET_CBS_ODATA_URL = f"{cbs}/ander"
    with pytest.raises(CommandError, match=f"Import afgebroken, er is niets gewijzigd. {cbs}/ander/99901NED is tabel 80472ned, niet 99901NED."):
        run("import_statline", "99901NED")
    assert StatisticTable.objects.count() == 0


def test_nothing_listening_is_a_clear_failure(run, settings, statistics_state):
    settings.LOKET_CBS_ODATA_URL = "http://127.0.0.1:9/odata"
    with pytest.raises(CommandError, match=r"^Download mislukt: http://127.0.0.1:9/odata/99901NED \(.*\); er is niets gewijzigd"):
        run("import_statline", "99901NED")
    assert StatisticTable.objects.count() == 0
