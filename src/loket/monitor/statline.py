"""CBS StatLine tables as plain observations (no ORM): online through CBS's OData API or from a downloaded file.

Every way in ends in one ``ParsedTable`` with ``Observation`` rows (measure, period code and start, region code,
sector code, value), or stops with a ``StatLineError`` whose Dutch message names the file or address, the line or
row, and the field. Nothing here touches the database, so a refused table changes nothing.

Ways in (docs/statline.md):
- online, the classic OData v3 API (``…/ODataApi/odata/<table>/``: TableInfos, DataProperties, the code lists such
  as Perioden and RegioS, TypedDataSet) or the OData v4 API (``…/odata/v1/CBS/<table>/``: Properties, Dimensions,
  MeasureCodes, <dimension>Codes, Observations); the table's service document says which;
- a saved OData answer, a folder or zip: TypedDataSet.json (or UntypedDataSet.json), DataProperties.json and the
  code lists as cbsodata saves them; or Observations, MeasureCodes, Dimensions and <dimension>Codes as .json or as
  the ';'-separated .csv files of CBS's "CSV (alle data)" download;
- the CSV StatLine exports of a table view: ';'-separated, quoted, Dutch decimal comma, '.' or 'x' for a missing
  value, titles instead of codes.
"""

import csv
import hashlib
import http.client
import io
import json
import math
import re
import socket
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
TABLE_PAGE = "https://www.cbs.nl/nl-nl/cijfers/detail/{identifier}"

TABLE_ID = re.compile(r"^[0-9A-Za-z]{3,20}$")
# NL01, LD01, PV27, AM15, CR23, GM0363, WK036300, BU03630000
REGION_CODE = re.compile(r"^[A-Z]{2}[0-9]{2,8}$")
NETHERLANDS = "NL01"
PROVINCES = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel", "PV24": "Flevoland",
    "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland", "PV28": "Zuid-Holland", "PV29": "Zeeland",
    "PV30": "Noord-Brabant", "PV31": "Limburg",
}  # fmt: skip

# Lengths of the StatisticObservation columns: a code that does not fit is refused, never cut.
MAX_MEASURE, MAX_PERIOD, MAX_REGION, MAX_SECTOR = 100, 20, 20, 40
MAX_TITLE, MAX_LABEL, MAX_UNIT = 300, 300, 40

PAGE_LIMIT = 500  # pages of one answer; only stops a server that keeps linking onwards
TIMEOUT_SECONDS = 60


class StatLineError(Exception):
    """A table that cannot be read as it is; the message is Dutch and says where."""


class DownloadFailed(StatLineError):
    """CBS could not be reached or answered with something unusable."""


# --- Periods ------------------------------------------------------------------------------------------

PERIOD_CODE = re.compile(r"^(\d{4})([A-Z]{2}|X0|\d{2})(\d{2})$")
# Finest first: a series with several kinds of period shows the finest by default.
PERIOD_KINDS = ("dag", "MM", "KW", "HJ", "JJ", "X0")


def period_start(code):
    """The first day of a CBS period: 2024KW01 → 2024-01-01, 2024MM03 → 2024-03-01, 2024JJ00 and 2024X000 → 2024-01-01,
    2024HJ02 → 2024-07-01, 20240315 → 2024-03-15. ValueError (Dutch) for anything else."""
    match = PERIOD_CODE.match(code)
    if match:
        year, kind, number = int(match[1]), match[2], int(match[3])
        try:
            if kind == "JJ" and number == 0:
                return date(year, 1, 1)
            if kind == "KW" and 1 <= number <= 4:
                return date(year, 3 * number - 2, 1)
            if kind == "MM" and 1 <= number <= 12:
                return date(year, number, 1)
            if kind == "HJ" and number in (1, 2):
                return date(year, 6 * number - 5, 1)
            if kind == "X0":
                # "No official period division": CBS gives nothing finer than the year.
                return date(year, 1, 1)
            if kind.isdigit():
                return date(year, int(kind), number)
        except ValueError:
            pass
    raise ValueError(
        _("%(code)s is geen bekende CBS-periodecode (zoals 2024JJ00, 2024KW01, 2024MM03 of 2024X000)") % {"code": repr(code)}
    )


def period_kind(code):
    kind = code[4:6]
    return "dag" if kind.isdigit() else kind


def period_label(code, cbs_title=""):
    """A period for people, in the active language: "2024 1e kwartaal", "2024 maart", "2024"."""
    match = PERIOD_CODE.match(code)
    if not match:
        return cbs_title or code
    year, kind, number = match[1], match[2], int(match[3])
    if kind == "JJ":
        return year
    if kind == "KW":
        return _("%(year)s %(number)se kwartaal") % {"year": year, "number": number}
    if kind == "MM" and 1 <= number <= 12:
        return f"{year} {MONTHS[number]}"
    if kind == "HJ":
        return _("%(year)s %(number)se halfjaar") % {"year": year, "number": number}
    if kind.isdigit() and 1 <= int(kind) <= 12:
        return f"{number} {MONTHS[int(kind)]} {year}"
    return cbs_title or code


DUTCH_MONTHS = {
    name: number for number, name in enumerate(
        ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"), 1
    )
}  # fmt: skip
PERIOD_TITLE = re.compile(r"^(\d{4})\s*(.*?)\s*(\*{1,2})?$")
PROVISIONAL = {"*": "Voorlopig", "**": "Nader voorlopig"}


def period_from_title(text):
    """A period as StatLine writes it in an export ("2024 1e kwartaal*", "2024 maart", "2024", "2023 jaargem.")
    as (code, status); the code itself is also accepted. ValueError (Dutch) otherwise."""
    value = " ".join(text.split())
    if PERIOD_CODE.match(value):
        period_start(value)
        return value, ""
    match = PERIOD_TITLE.match(value)
    if match:
        year, rest, stars = match[1], match[2].lower().rstrip("*").strip(), match[3] or ""
        status = PROVISIONAL.get(stars, "")
        quarter = re.fullmatch(r"([1-4])e kwartaal", rest)
        half = re.fullmatch(r"([12])e halfjaar", rest)
        if rest == "" or rest.startswith("jaar"):
            return f"{year}JJ00", status
        if quarter:
            return f"{year}KW0{quarter[1]}", status
        if rest in DUTCH_MONTHS:
            return f"{year}MM{DUTCH_MONTHS[rest]:02d}", status
        if half:
            return f"{year}HJ0{half[1]}", status
    raise ValueError(
        _("%(text)s is geen periode die het loket kent (zoals 2024, 2024 1e kwartaal, 2024 maart of 2024KW01)") % {"text": repr(text)}
    )


# --- Numbers ------------------------------------------------------------------------------------------

# StatLine's symbols: "." figure unknown, too unreliable or secret; "x" secret; blank: cannot occur.
MISSING_SYMBOLS = {"", ".", "x", "X", "..", "...", "?"}
NIL_SYMBOLS = {"-", "–"}  # "nihil": the figure is zero
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
MACHINE_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def dutch_number(text):
    """A value as StatLine writes it in a CSV: "12,5", "1.234", "1.234,5", "-3", "." or "x" (None), "-" (0)."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value in MISSING_SYMBOLS:
        return None
    if value in NIL_SYMBOLS:
        return 0.0
    if THOUSANDS.match(value):
        value = value.replace(".", "")
    elif "," in value and "." in value:
        raise ValueError(_("%(value)s is geen getal") % {"value": repr(text)})
    if value.count(",") == 1:
        value = value.replace(",", ".")
    if not PLAIN_NUMBER.match(value):
        raise ValueError(_("%(value)s is geen getal") % {"value": repr(text)})
    return float(value)


def machine_number(value):
    """A value in an OData answer: a JSON number, null, or (UntypedDataSet) text such as "  424" or "     .";"""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(_("%(value)s is geen getal") % {"value": json.dumps(value)})
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(_("%(value)s is geen getal") % {"value": value})
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING_SYMBOLS:
            return None
        if MACHINE_NUMBER.match(text):
            return float(text)
    raise ValueError(_("%(value)s is geen getal") % {"value": json.dumps(value, ensure_ascii=False)})


# --- The result ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str = ""
    decimals: int | None = None  # how many decimals CBS shows, so 1,0 is not shown as 1


def _decimals(value):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 10 else None


@dataclass(frozen=True)
class Observation:
    measure: str
    period: str
    period_start: date
    region_code: str
    sector_code: str
    value: float | None


@dataclass(frozen=True)
class Selection:
    """What to keep of a table. ``regions`` None keeps every region; ``measures`` empty keeps every topic
    (keys such as OpenstaandeVacatures_1 or M001234, or titles, in any case)."""

    regions: frozenset | None = None
    measures: tuple = ()

    def wants_region(self, code):
        return self.regions is None or code in self.regions


FORMATS = {
    "odata3": "CBS OData v3 (TypedDataSet)",
    "odata4": "CBS OData v4 (Observations)",
    "odata4-csv": "CBS CSV (alle data)",
    "statline-csv": "StatLine CSV-export",
}


@dataclass
class ParsedTable:
    identifier: str
    title: str
    format: str
    origin: str  # the address or file it came from
    online: bool = False
    summary: str = ""
    modified: str = ""
    measures: dict = field(default_factory=dict)  # key -> Measure, the chosen ones in CBS's order
    observations: list = field(default_factory=list)
    has_regions: bool = False
    dimension_titles: dict = field(default_factory=lambda: {"period": "Perioden", "region": "", "sector": ""})
    labels: dict = field(default_factory=lambda: {"period": {}, "region": {}, "sector": {}})
    period_status: dict = field(default_factory=dict)  # code -> "Voorlopig" / "Nader voorlopig"
    total_sector: str = ""  # the first category of the other dimensions in CBS's order: their total
    regions_available: tuple = ()  # every region in the table, also those not chosen

    @property
    def source_url(self):
        return TABLE_PAGE.format(identifier=self.identifier)

    def metadata(self):
        return {
            "format": self.format, "origin": self.origin, "online": self.online, "summary": self.summary,
            "modified": self.modified, "has_regions": self.has_regions, "dimensions": self.dimension_titles,
            "measures": [{"key": m.key, "title": m.title, "unit": m.unit, "decimals": m.decimals} for m in self.measures.values()],
            "labels": self.labels, "period_status": self.period_status, "total_sector": self.total_sector,
        }  # fmt: skip


# --- Sources: where the entity sets come from -----------------------------------------------------


class Rows:
    """The rows of one entity set, and where each came from for messages."""

    def __init__(self, where, items, lines=None):
        self.where, self.items, self.lines = where, items, lines

    def at(self, index):
        if self.lines is not None:
            return _("%(where)s, regel %(line)s") % {"where": self.where, "line": self.lines[index]}
        return _("%(where)s, rij %(row)s") % {"where": self.where, "row": index + 1}


def _decode(data, where):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise StatLineError(_("%(where)s is geen tekstbestand.") % {"where": where})


def _json_items(data, where):
    text = _decode(data, where)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        document = _json_lines(text) if error.msg == "Extra data" else None
        if document is None:
            raise StatLineError(
                _("%(where)s is geen geldige JSON (regel %(line)s, kolom %(column)s).") % {"where": where, "line": error.lineno, "column": error.colno}
            ) from None
    return document


def _json_lines(text):
    """cbsodata4 saves an entity set as one JSON object a line."""
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError:
        return None


def _as_rows(document, where, lines=None):
    if isinstance(document, dict) and isinstance(document.get("value"), list):
        document = document["value"]
    if not isinstance(document, list):
        raise StatLineError(_("%(where)s is geen lijst met rijen.") % {"where": where})
    rows = Rows(where, document, lines)
    for index, item in enumerate(document):
        if not isinstance(item, dict):
            raise StatLineError(_("%(where)s is geen object met velden.") % {"where": rows.at(index)})
    return rows


def _csv_rows(data, where):
    """A ';'-separated file with a header line, as in CBS's "CSV (alle data)"."""
    reader = csv.reader(io.StringIO(_decode(data, where), newline=""), delimiter=";", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise StatLineError(_("%(where)s is leeg.") % {"where": where}) from None
    except csv.Error as error:
        raise StatLineError(_("%(where)s, regel 1: %(error)s") % {"where": where, "error": error}) from None
    header = [name.strip() for name in header]
    items, lines = [], []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise StatLineError(
                    _("%(where)s, regel %(line)s heeft %(count)s velden; de kopregel heeft er %(expected)s.")
                    % {"where": where, "line": reader.line_num, "count": len(row), "expected": len(header)}
                )
            items.append(dict(zip(header, row)))
            lines.append(reader.line_num)
    except csv.Error as error:
        raise StatLineError(_("%(where)s, regel %(line)s: %(error)s") % {"where": where, "line": reader.line_num, "error": error}) from None
    return Rows(where, items, lines)


class FileBundle:
    """The files of a saved table, in a folder (also in a subfolder) or a zip, found by name whatever the case."""

    def __init__(self, path):
        self.path = Path(path)
        self.archive = None
        if self.path.is_dir():
            files = sorted(p for p in self.path.rglob("*") if p.is_file())
            self.members = {p.name.lower(): p for p in reversed(files)}
        else:
            try:
                self.archive = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as error:
                raise StatLineError(_("%(file)s is geen leesbaar zip-bestand (%(error)s).") % {"file": self.path.name, "error": error}) from None
            infos = sorted((i for i in self.archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
            self.members = {Path(i.filename).name.lower(): i for i in reversed(infos)}

    def has(self, name):
        return name.lower() in self.members

    def names(self):
        return sorted(self.members)

    def where(self, name):
        member = self.members[name.lower()]
        if self.archive is not None:
            return f"{self.path.name}:{member.filename}"
        return str(member.relative_to(self.path.parent))

    def read(self, name):
        member = self.members[name.lower()]
        try:
            return self.archive.read(member) if self.archive is not None else member.read_bytes()
        except (OSError, zipfile.BadZipFile, RuntimeError) as error:
            raise StatLineError(_("%(where)s kon niet gelezen worden (%(error)s).") % {"where": self.where(name), "error": error}) from None

    def rows(self, entity, query=None, required=True):
        for name, load in ((f"{entity}.json", self._json), (f"{entity}.csv", self._csv)):
            if self.has(name):
                return load(name)
        if required:
            raise StatLineError(
                _("%(entity)s (.json of .csv) ontbreekt in %(where)s; er zijn: %(files)s.")
                % {"entity": entity, "where": self.path.name, "files": ", ".join(self.names()) or "-"}
            )
        return None

    def document(self, entity):
        """A singleton such as Properties (v4) or the one row of TableInfos (v3), or None when it is not there."""
        rows = self.rows(entity, required=False)
        return rows.items[0] if rows is not None and rows.items else None

    def _json(self, name):
        where = self.where(name)
        document = _json_items(self.read(name), where)
        if isinstance(document, dict) and "value" not in document:
            document = [document]  # a singleton saved as it came
        return _as_rows(document, where)

    def _csv(self, name):
        return _csv_rows(self.read(name), self.where(name))


class ODataService:
    """One CBS table on its OData server. Every address is built from the base URL of the setting, and a next page
    is only followed on that same server."""

    def __init__(self, base_url, identifier, progress=None):
        self.base_url = base_url.rstrip("/")
        self.table_url = f"{self.base_url}/{identifier}"
        self.progress = progress
        self.entities = None
        self.always = {}  # query options every request of this table needs

    def service_names(self):
        try:
            document = self._get(self.table_url)
        except DownloadFailed as failure:
            if not getattr(failure, "not_json", False):
                raise
            # The classic API may answer in Atom XML unless JSON is asked for by name.
            document = self._get(self.table_url + "?" + urlencode({"$format": "json"}))
        value = document.get("value") if isinstance(document, dict) else None
        if not isinstance(value, list):
            raise DownloadFailed(_failure(self.table_url, _("het antwoord is geen OData-servicedocument")))
        self.entities = {str(item.get("name") or item.get("url") or "") for item in value if isinstance(item, dict)}
        if "TypedDataSet" in self.entities or "TableInfos" in self.entities:
            self.always = {"$format": "json"}
        return self.entities

    def has(self, entity):
        return self.entities is None or entity in self.entities

    def rows(self, entity, query=None, required=True):
        if not self.has(entity):
            if required:
                raise DownloadFailed(_failure(self.table_url, _("de tabel heeft geen %(entity)s") % {"entity": entity}))
            return None
        url = self._url(entity, query)
        first, items = url, []
        for _page in range(PAGE_LIMIT):
            document = self._get(url)
            value = document.get("value") if isinstance(document, dict) else None
            if not isinstance(value, list):
                raise DownloadFailed(_failure(url, _("het antwoord heeft geen lijst 'value'")))
            items.extend(value)
            if self.progress:
                self.progress.advance(len(value))
            following = document.get("odata.nextLink") or document.get("@odata.nextLink")
            if not following:
                break
            url = self._follow(following, url)
        else:
            raise DownloadFailed(_failure(first, _("meer dan %(pages)s pagina's") % {"pages": PAGE_LIMIT}))
        return _as_rows(items, first)

    def document(self, entity):
        if not self.has(entity):
            return None
        document = self._get(self._url(entity))
        if isinstance(document, dict) and isinstance(document.get("value"), list):
            return document["value"][0] if document["value"] and isinstance(document["value"][0], dict) else None
        return document if isinstance(document, dict) else None

    def _url(self, entity, query=None):
        options = {**self.always, **(query or {})}
        url = f"{self.table_url}/{entity}"
        return url + "?" + urlencode(options, quote_via=quote, safe="$,'()") if options else url

    def _follow(self, link, current):
        # A link with a bare space or quote (seen in OData filters) is made a valid address, the rest kept as sent.
        following = quote(urljoin(current, link), safe=":/?#[]@!$&'()*+,;=%~")
        if urlsplit(following)[:2] != urlsplit(self.base_url)[:2]:
            raise DownloadFailed(_failure(current, _("de volgende pagina staat op een andere server (%(url)s)") % {"url": following}))
        if following == current:
            raise DownloadFailed(_failure(current, _("de volgende pagina is dezelfde pagina")))
        return following

    def _get(self, url):
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                data = response.read()
        except urllib.error.HTTPError as error:
            reason = _("CBS antwoordde met HTTP %(status)s") % {"status": error.code}
            if error.code == 404 and url.split("?")[0] == self.table_url:
                reason = _("CBS kent deze tabel niet (HTTP 404)")
            raise DownloadFailed(_failure(url, reason)) from None
        except urllib.error.URLError as error:
            raise DownloadFailed(_failure(url, str(error.reason))) from None
        except (socket.timeout, TimeoutError):
            raise DownloadFailed(_failure(url, _("geen antwoord binnen %(seconds)s seconden") % {"seconds": TIMEOUT_SECONDS})) from None
        except (OSError, ValueError, http.client.HTTPException) as error:
            raise DownloadFailed(_failure(url, str(error) or error.__class__.__name__)) from None
        try:
            return json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            failure = DownloadFailed(_failure(url, _("het antwoord is geen geldige JSON")))
            failure.not_json = True
            raise failure from None


def _literal(text):
    return str(text).replace("'", "''")


def _failure(url, reason):
    return _(
        "Download mislukt: %(url)s (%(reason)s); er is niets gewijzigd. Zonder internet: download de tabel bij CBS "
        "en lees het bestand in met loket import-statline TABEL --file BESTAND."
    ) % {"url": url, "reason": reason}


# --- Building the observations ------------------------------------------------------------------------


class _Builder:
    def __init__(self, table, selection):
        self.table, self.selection = table, selection
        self.starts, self.seen = {}, set()
        self.regions_seen = {}

    def saw_region(self, code):
        self.regions_seen.setdefault(code, None)

    def add(self, where, measure, period, region, sector, value, period_field):
        start = self.starts.get(period)
        if start is None:
            try:
                start = self.starts[period] = period_start(period)
            except ValueError as error:
                raise StatLineError(_("%(where)s, veld %(field)s: %(error)s.") % {"where": where, "field": period_field, "error": error}) from None
        for code, limit, name in ((measure, MAX_MEASURE, _("onderwerp")), (period, MAX_PERIOD, _("periode")),
                                  (region, MAX_REGION, _("regio")), (sector, MAX_SECTOR, _("sector"))):  # fmt: skip
            if len(code) > limit:
                raise StatLineError(
                    _("%(where)s: de code %(code)s (%(name)s) is langer dan %(limit)s tekens.") % {"where": where, "code": repr(code), "name": name, "limit": limit}
                )
        key = (measure, period, region, sector)
        if key in self.seen:
            raise StatLineError(
                _("%(where)s: dubbele waarneming voor onderwerp %(measure)s, periode %(period)s, regio %(region)s, sector %(sector)s.")
                % {"where": where, "measure": measure, "period": period, "region": region or "-", "sector": sector or "-"}
            )
        self.seen.add(key)
        self.table.observations.append(Observation(measure, period, start, region, sector, value))

    def finish(self):
        table = self.table
        table.regions_available = tuple(self.regions_seen)
        if table.observations:
            return table
        if table.has_regions and self.selection.regions is not None and self.regions_seen:
            raise StatLineError(
                _("Tabel %(table)s heeft geen waarnemingen voor de regio's %(asked)s; wel voor onder meer %(some)s. "
                  "Kies andere regio's met --regions, of alles met --all.")
                % {"table": table.identifier, "asked": ", ".join(sorted(self.selection.regions)), "some": ", ".join(list(self.regions_seen)[:8])}
            )  # fmt: skip
        raise StatLineError(_("Tabel %(table)s bevat geen waarnemingen.") % {"table": table.identifier})


def _code(row, key, where):
    if key not in row:
        raise StatLineError(_("%(where)s: het veld %(field)s ontbreekt.") % {"where": where, "field": key})
    value = row[key]
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise StatLineError(_("%(where)s, veld %(field)s: %(value)s is geen code.") % {"where": where, "field": key, "value": json.dumps(value)})
    return str(value).strip()


def _text(value, limit=MAX_LABEL):
    return " ".join(str(value or "").split())[:limit]


def _check_identifier(found, identifier, where):
    if found and str(found).strip().lower() != identifier.lower():
        raise StatLineError(
            _("%(where)s is tabel %(found)s, niet %(identifier)s.") % {"where": where, "found": str(found).strip(), "identifier": identifier}
        )


def _choose_measures(available, selection, identifier):
    if not selection.measures:
        return dict(available)
    lookup = {key.lower(): key for key in available}
    lookup.update({measure.title.lower(): key for key, measure in available.items() if measure.title.lower() not in lookup})
    unknown = [asked for asked in selection.measures if asked.lower() not in lookup]
    if unknown:
        raise StatLineError(
            _("Tabel %(table)s heeft geen onderwerp %(asked)s. Kies uit: %(available)s.")
            % {"table": identifier, "asked": ", ".join(unknown), "available": ", ".join(f"{k} ({m.title})" for k, m in available.items())}
        )
    wanted = {lookup[asked.lower()] for asked in selection.measures}
    return {key: measure for key, measure in available.items() if key in wanted}


def _code_titles(rows, key_field, title_field="Title"):
    """A code list as {code: (title, status)}, in CBS's order."""
    if rows is None:
        return {}
    codes = {}
    for item in rows.items:
        code = str(item.get(key_field) or "").strip()
        if code:
            codes[code] = (_text(item.get(title_field)), _text(item.get("Status"), 40))
    return codes


def _unique_titles(measures, parents):
    """Measures with the same title (e.g. in "Seizoengecorrigeerd" and "Niet-seizoengecorrigeerd") get the
    title of their group in front."""
    counts = {}
    for measure in measures:
        counts[measure.title.lower()] = counts.get(measure.title.lower(), 0) + 1
    result = {}
    for measure in measures:
        title = measure.title
        if counts[title.lower()] > 1:
            parent = parents.get(measure.key, "")
            title = f"{parent}: {title}" if parent else f"{title} ({measure.key})"
        result[measure.key] = Measure(measure.key, _text(title), measure.unit, measure.decimals)
    return result


def _labels(table, period_codes, region_codes, sector_dims, periods_used, regions_used, sectors_used):
    for code in periods_used:
        title, status = period_codes.get(code, ("", ""))
        if title:
            table.labels["period"][code] = title
        if status and status.lower() != "definitief":
            table.period_status[code] = status
    for code in regions_used:
        title = region_codes.get(code, ("", ""))[0]
        if title:
            table.labels["region"][code] = title
    for joined in sectors_used:
        if not joined:
            continue
        parts = joined.split("|")
        titles = [codes.get(part, ("", ""))[0] or part for part, codes in zip(parts, sector_dims)]
        table.labels["sector"][joined] = " · ".join(titles)
    if sector_dims and all(sector_dims):
        table.total_sector = "|".join(next(iter(codes)) for codes in sector_dims)
    elif sectors_used:
        table.total_sector = next(iter(sectors_used))


# --- OData v3: TableInfos, DataProperties, code lists, TypedDataSet ------------------------------------

DIMENSION_TYPES = {"Dimension", "TimeDimension", "GeoDimension", "GeoDetail"}


def _parse_odata3(source, identifier, selection, fmt, origin, online):
    info = source.document("TableInfos") or {}
    _check_identifier(info.get("Identifier"), identifier, origin)
    properties = source.rows("DataProperties")
    dimensions, topics, groups = [], [], {}
    for index, item in enumerate(properties.items):
        kind, key = item.get("Type"), str(item.get("Key") or "").strip()
        if kind in DIMENSION_TYPES:
            if not key:
                raise StatLineError(_("%(where)s: een dimensie zonder Key.") % {"where": properties.at(index)})
            dimensions.append((key, _text(item.get("Title")) or key, kind))
        elif kind == "Topic":
            if not key:
                raise StatLineError(_("%(where)s: een onderwerp zonder Key.") % {"where": properties.at(index)})
            topics.append((item, key))
        elif kind == "TopicGroup":
            groups[item.get("ID")] = _text(item.get("Title"))
    times = [d for d in dimensions if d[2] == "TimeDimension"]
    if len(times) != 1:
        raise StatLineError(_("%(where)s: de tabel moet precies één tijdsdimensie (TimeDimension, Perioden) hebben.") % {"where": properties.where})
    if not topics:
        raise StatLineError(_("%(where)s: de tabel heeft geen onderwerpen (Topic).") % {"where": properties.where})
    time = times[0]
    geo = next((d for d in dimensions if d[2] in ("GeoDimension", "GeoDetail")), None)
    others = [d for d in dimensions if d is not time and d is not geo]
    measures = [
        Measure(key, _text(item.get("Title")) or key, _text(item.get("Unit"), MAX_UNIT), _decimals(item.get("Decimals"))) for item, key in topics
    ]
    parents = {key: groups.get(item.get("ParentID"), "") for item, key in topics}
    table = ParsedTable(
        identifier=str(info.get("Identifier") or identifier).strip(), title=_text(info.get("Title"), MAX_TITLE) or identifier,
        format=fmt, origin=origin, online=online, summary=_text(info.get("ShortDescription") or info.get("Summary"), 2000),
        modified=_text(info.get("Modified"), 40), has_regions=geo is not None,
    )  # fmt: skip
    table.dimension_titles = {"period": time[1], "region": geo[1] if geo else "", "sector": " · ".join(d[1] for d in others)}
    table.measures = _choose_measures(_unique_titles(measures, parents), selection, identifier)

    query = None
    if online:
        # Only what is asked for crosses the wire; the same selection is applied again below, whatever the server did.
        query = {}
        if selection.measures:
            query["$select"] = ",".join(["ID", time[0], *([geo[0]] if geo else []), *(d[0] for d in others), *table.measures])
        if geo and selection.regions:
            query["$filter"] = " or ".join(f"substringof('{_literal(code)}',{geo[0]})" for code in sorted(selection.regions))
    data = source.rows("TypedDataSet", query=query, required=False)
    if data is None and not online:
        data = source.rows("UntypedDataSet", required=False)
    if data is None:
        raise StatLineError(
            _("TypedDataSet.json ontbreekt in %(where)s: sla de hele tabel op (TypedDataSet, DataProperties en de codelijsten).") % {"where": origin}
        )
    builder = _Builder(table, selection)
    periods_used, regions_used, sectors_used = {}, {}, {}
    for index, row in enumerate(data.items):
        where = data.at(index)
        period = _code(row, time[0], where)
        region = _code(row, geo[0], where) if geo else ""
        if geo:
            builder.saw_region(region)
            if not selection.wants_region(region):
                continue
        sector = "|".join(_code(row, d[0], where) for d in others)
        for key in table.measures:
            if key not in row:
                raise StatLineError(_("%(where)s: het veld %(field)s ontbreekt.") % {"where": where, "field": key})
            try:
                value = machine_number(row[key])
            except ValueError as error:
                raise StatLineError(_("%(where)s, veld %(field)s: %(error)s.") % {"where": where, "field": key, "error": error}) from None
            builder.add(where, key, period, region, sector, value, time[0])
        periods_used[period] = regions_used[region] = sectors_used[sector] = None
    builder.finish()
    code_lists = {d[0]: _code_titles(source.rows(d[0], required=False), "Key") for d in dimensions}
    _labels(
        table, code_lists[time[0]], code_lists[geo[0]] if geo else {}, [code_lists[d[0]] for d in others],
        periods_used, [r for r in regions_used if r], sectors_used,
    )  # fmt: skip
    return table


# --- OData v4 and its CSV download: Properties, Dimensions, MeasureCodes, <dim>Codes, Observations ----

OBSERVATION_FIELDS = {"id", "measure", "valueattribute", "value", "stringvalue"}
GEO_NAME = re.compile(r"regio|gemeente|provinci|arbeidsmarkt|landsde|corop|wijk|buurt", re.IGNORECASE)


def _parse_odata4(source, identifier, selection, fmt, origin, online):
    properties = source.document("Properties") or {}
    _check_identifier(properties.get("Identifier"), identifier, origin)
    measure_rows = source.rows("MeasureCodes")
    measures = []
    for index, item in enumerate(measure_rows.items):
        key = str(item.get("Identifier") or "").strip()
        if not key:
            raise StatLineError(_("%(where)s: een onderwerp zonder Identifier.") % {"where": measure_rows.at(index)})
        measures.append(Measure(key, _text(item.get("Title")) or key, _text(item.get("Unit"), MAX_UNIT), _decimals(item.get("Decimals"))))
    table = ParsedTable(
        identifier=str(properties.get("Identifier") or identifier).strip(), title=_text(properties.get("Title"), MAX_TITLE) or identifier,
        format=fmt, origin=origin, online=online, summary=_text(properties.get("ShortDescription") or properties.get("Description"), 2000),
        modified=_text(properties.get("Modified"), 40),
    )  # fmt: skip
    known_measures = _unique_titles(measures, {})
    table.measures = _choose_measures(known_measures, selection, identifier)

    dimension_rows = source.rows("Dimensions", required=False)
    dimensions = []
    if dimension_rows is not None:
        for item in dimension_rows.items:
            key = str(item.get("Identifier") or "").strip()
            if key:
                dimensions.append((key, _text(item.get("Title")) or key, str(item.get("Kind") or "")))
    query = None
    if online and dimensions:
        clauses = ["(" + " or ".join(f"Measure eq '{_literal(key)}'" for key in table.measures) + ")"] if selection.measures else []
        geo_key = next((d[0] for d in dimensions if "Geo" in d[2]), None)
        if geo_key and selection.regions:
            clauses.append("(" + " or ".join(f"{geo_key} eq '{_literal(code)}'" for code in sorted(selection.regions)) + ")")
        query = {"$filter": " and ".join(clauses)} if clauses else None
    data = source.rows("Observations", query=query)
    if not dimensions:
        # Without Dimensions the columns tell: Perioden is time, a name like RegioS or Gemeenten is geography.
        columns = list(data.items[0]) if data.items else []
        for column in columns:
            if column.lower() in OBSERVATION_FIELDS:
                continue
            kind = "TimeDimension" if column.lower() in ("perioden", "periods") else "GeoDimension" if GEO_NAME.search(column) else "Dimension"
            dimensions.append((column, column, kind))
    times = [d for d in dimensions if d[2] == "TimeDimension"]
    if len(times) != 1:
        raise StatLineError(_("%(where)s: de tabel moet precies één tijdsdimensie (Perioden) hebben.") % {"where": origin})
    time = times[0]
    geo = next((d for d in dimensions if "Geo" in d[2]), None)
    others = [d for d in dimensions if d is not time and d is not geo]
    table.has_regions = geo is not None
    table.dimension_titles = {"period": time[1], "region": geo[1] if geo else "", "sector": " · ".join(d[1] for d in others)}

    from_csv = fmt == "odata4-csv"
    builder = _Builder(table, selection)
    periods_used, regions_used, sectors_used = {}, {}, {}
    value_field = next((name for name in (data.items[0] if data.items else {}) if name.lower() == "value"), "Value")
    for index, row in enumerate(data.items):
        where = data.at(index)
        measure = _code(row, "Measure", where)
        if measure not in known_measures:
            raise StatLineError(_("%(where)s, veld Measure: %(code)s staat niet in MeasureCodes.") % {"where": where, "code": repr(measure)})
        if measure not in table.measures:
            continue
        period = _code(row, time[0], where)
        region = _code(row, geo[0], where) if geo else ""
        if geo:
            builder.saw_region(region)
            if not selection.wants_region(region):
                continue
        sector = "|".join(_code(row, d[0], where) for d in others)
        if value_field not in row:
            raise StatLineError(_("%(where)s: het veld Value ontbreekt.") % {"where": where})
        try:
            raw = row[value_field]
            value = dutch_number(raw) if from_csv and isinstance(raw, str) else machine_number(raw)
        except ValueError as error:
            raise StatLineError(_("%(where)s, veld Value: %(error)s.") % {"where": where, "error": error}) from None
        builder.add(where, measure, period, region, sector, value, time[0])
        periods_used[period] = regions_used[region] = sectors_used[sector] = None
    builder.finish()
    code_lists = {d[0]: _code_titles(source.rows(f"{d[0]}Codes", required=False), "Identifier") for d in dimensions}
    _labels(
        table, code_lists[time[0]], code_lists[geo[0]] if geo else {}, [code_lists[d[0]] for d in others],
        periods_used, [r for r in regions_used if r], sectors_used,
    )  # fmt: skip
    return table


# --- The StatLine CSV export of a table view ------------------------------------------------------------

UNIT_AT_END = re.compile(r"^(?P<title>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
PERIOD_HEADERS = {"perioden", "periode", "periods", "period"}
REGION_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<kind>[A-Za-z]{2,8})\)$")


def category_code(title, limit=MAX_SECTOR):
    """A code for a category or topic an export names only by title: the title itself, or when it is too long, its
    start and a short fingerprint, so the same title always gets the same code."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    return title[: limit - 9] + "~" + hashlib.sha1(title.encode()).hexdigest()[:8]


def _name_key(text):
    return re.sub(r"\s*/\s*", "/", " ".join(text.split())).lower()


def region_names(known=None):
    """Titles as CBS writes them, to codes: "Nederland", "Noord-Holland (PV)", plus ``known`` (title -> code)."""
    names = {_name_key("Nederland"): NETHERLANDS}
    for code, name in PROVINCES.items():
        names[_name_key(f"{name} (PV)")] = code
    names[_name_key("Friesland (PV)")] = "PV21"  # its name in tables before 2023
    for title, code in (known or {}).items():
        names[_name_key(title)] = code
    return names


def _parse_statline_csv(data, where, identifier, selection, known):
    known = known or {}
    reader = csv.reader(io.StringIO(_decode(data, where), newline=""), delimiter=";", quotechar='"')
    title, header, header_line, body = "", None, 0, []
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            while cells and not cells[-1]:
                cells.pop()  # a ';' at the end of every line
            if header is None:
                filled = [cell for cell in cells if cell]
                if len(filled) == 1 and not title:
                    title = filled[0]
                elif len(filled) >= 2:
                    header, header_line = cells, reader.line_num
            elif cells:
                body.append((reader.line_num, cells))
    except csv.Error as error:
        raise StatLineError(_("%(where)s, regel %(line)s: %(error)s") % {"where": where, "line": reader.line_num, "error": error}) from None
    if header is None:
        raise StatLineError(_("%(where)s heeft geen kopregel met kolommen; is dit een CSV-export van StatLine?") % {"where": where})
    first_measure = next((i for i, name in enumerate(header) if UNIT_AT_END.match(name)), None)
    if first_measure is None or first_measure == 0:
        raise StatLineError(
            _("%(where)s, regel %(line)s: geen kolommen met onderwerpen gevonden. StatLine zet de eenheid tussen haakjes achter "
              "een onderwerp, zoals 'Openstaande vacatures (x 1 000)', en de dimensies (Perioden, Regio's) ervoor.")
            % {"where": where, "line": header_line}
        )  # fmt: skip
    dimension_names = header[:first_measure]
    time_index = next((i for i, name in enumerate(dimension_names) if name.lower() in PERIOD_HEADERS), None)
    if time_index is None:
        raise StatLineError(
            _("%(where)s, regel %(line)s: er is geen kolom Perioden vóór de onderwerpen (gevonden: %(columns)s).")
            % {"where": where, "line": header_line, "columns": ", ".join(dimension_names)}
        )
    geo_index = next((i for i, name in enumerate(dimension_names) if i != time_index and GEO_NAME.search(name)), None)
    other_indexes = [i for i in range(first_measure) if i not in (time_index, geo_index)]

    known_measures = {k.lower(): v for k, v in (known.get("measures") or {}).items()}
    measures = {}
    for name in header[first_measure:]:
        match = UNIT_AT_END.match(name)
        measure_title, unit = (match["title"], match["unit"].strip()) if match else (name, "")
        measure_title = " ".join(measure_title.split())
        # A topic keeps the key an earlier import from CBS's API gave it, so the two never make separate series.
        key = known_measures.get(measure_title.lower()) or category_code(measure_title, MAX_MEASURE)
        if not measure_title or key in measures:
            raise StatLineError(_("%(where)s, regel %(line)s: kolomkop %(name)s is leeg of dubbel.") % {"where": where, "line": header_line, "name": repr(name)})
        measures[key] = Measure(key, _text(measure_title), _text(unit, MAX_UNIT))
    measure_columns = list(measures)
    table = ParsedTable(
        identifier=identifier, title=_text(title, MAX_TITLE) or identifier, format="statline-csv", origin=where, has_regions=geo_index is not None,
    )  # fmt: skip
    table.dimension_titles = {
        "period": header[time_index], "region": header[geo_index] if geo_index is not None else "",
        "sector": " · ".join(header[i] for i in other_indexes),
    }  # fmt: skip
    table.measures = _choose_measures(measures, selection, identifier)

    regions = region_names(known.get("regions"))
    sectors = {k.lower(): v for k, v in (known.get("sectors") or {}).items()}
    builder = _Builder(table, selection)
    sector_order = []
    decimals = {}
    for line, cells in body:
        at = _("%(where)s, regel %(line)s") % {"where": where, "line": line}
        if len(cells) == 1:
            continue  # a footnote such as "Bron: CBS"
        if len(cells) > len(header) or len(cells) < first_measure:
            raise StatLineError(_("%(where)s heeft %(count)s velden; de kopregel heeft er %(expected)s.") % {"where": at, "count": len(cells), "expected": len(header)})
        cells = cells + [""] * (len(header) - len(cells))
        try:
            period, status = period_from_title(cells[time_index])
        except ValueError as error:
            raise StatLineError(_("%(where)s, veld %(field)s: %(error)s.") % {"where": at, "field": header[time_index], "error": error}) from None
        region = ""
        if geo_index is not None:
            region_title = cells[geo_index]
            region = region_title if REGION_CODE.match(region_title) else regions.get(_name_key(region_title), "")
            if not region:
                if selection.regions is not None:
                    continue  # a region the loket has no code for cannot be one of those asked for
                raise StatLineError(
                    _("%(where)s, veld %(field)s: het loket kent geen CBS-code voor %(region)s. Kies regio's met --regions, "
                      "of lees de tabel in via de API of het bestand 'CSV (alle data)', die codes hebben.")
                    % {"where": at, "field": header[geo_index], "region": repr(region_title)}
                )  # fmt: skip
            builder.saw_region(region)
            if not selection.wants_region(region):
                continue
            table.labels["region"][region] = region_title if not REGION_CODE.match(region_title) else table.labels["region"].get(region, "")
        parts = []
        for index in other_indexes:
            title_text = " ".join(cells[index].split())
            parts.append(sectors.get(title_text.lower()) or category_code(title_text))
        sector = "|".join(parts)
        if status:
            table.period_status[period] = status
        if sector and sector not in table.labels["sector"]:
            table.labels["sector"][sector] = " · ".join(" ".join(cells[i].split()) for i in other_indexes)
            sector_order.append(sector)
        for offset, key in enumerate(measure_columns):
            if key not in table.measures:
                continue
            column = first_measure + offset
            try:
                value = dutch_number(cells[column])
            except ValueError as error:
                raise StatLineError(_("%(where)s, veld %(field)s: %(error)s.") % {"where": at, "field": header[column], "error": error}) from None
            if value is not None:
                decimals[key] = max(decimals.get(key, 0), len(cells[column].partition(",")[2].strip()))
            builder.add(at, key, period, region, sector, value, header[time_index])
    builder.finish()
    table.measures = {key: Measure(m.key, m.title, m.unit, decimals.get(key)) for key, m in table.measures.items()}
    table.labels["region"] = {code: title for code, title in table.labels["region"].items() if title}
    table.total_sector = sector_order[0] if sector_order else ""
    return table


# --- Entry points -------------------------------------------------------------------------------------


def check_identifier(identifier):
    if not TABLE_ID.match(identifier or ""):
        raise StatLineError(
            _("%(identifier)s is geen CBS-tabelnummer; dat bestaat uit letters en cijfers, zoals 80472ned of 85494NED.") % {"identifier": repr(identifier)}
        )
    return identifier


def read_file(path, identifier, selection=Selection(), known=None):
    """A downloaded table: a folder or zip with the OData files, or a StatLine CSV export; the contents say which."""
    check_identifier(identifier)
    path = Path(path)
    if not path.exists():
        raise StatLineError(_("%(path)s bestaat niet.") % {"path": path})
    if path.is_dir() or zipfile.is_zipfile(path):
        bundle = FileBundle(path)
        origin = path.name
        if any(bundle.has(f"{name}.json") for name in ("TypedDataSet", "UntypedDataSet", "DataProperties", "TableInfos")):
            return _parse_odata3(bundle, identifier, selection, "odata3", origin, online=False)
        if any(bundle.has(name) for name in ("Observations.json", "Observations.csv", "MeasureCodes.json", "MeasureCodes.csv")):
            fmt = "odata4-csv" if bundle.has("Observations.csv") else "odata4"
            return _parse_odata4(bundle, identifier, selection, fmt, origin, online=False)
        exports = [name for name in bundle.names() if name.endswith(".csv")]
        if len(exports) == 1:
            return _parse_statline_csv(bundle.read(exports[0]), bundle.where(exports[0]), identifier, selection, known)
        raise StatLineError(
            _("In %(where)s staat geen CBS-tabel: verwacht TypedDataSet.json met DataProperties.json (OData v3), "
              "Observations.csv of .json met MeasureCodes (OData v4, 'CSV (alle data)'), of één CSV-export van StatLine. "
              "Gevonden: %(files)s.")
            % {"where": path.name, "files": ", ".join(bundle.names()) or "-"}
        )  # fmt: skip
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StatLineError(_("%(path)s kon niet gelezen worden (%(error)s).") % {"path": path, "error": error}) from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise StatLineError(
            _("%(file)s is één JSON-bestand. Lees de hele tabel in: een map of zip met TypedDataSet.json, DataProperties.json "
              "en de codelijsten (zoals Perioden.json en RegioS.json).")
            % {"file": path.name}
        )  # fmt: skip
    return _parse_statline_csv(data, path.name, identifier, selection, known)


def download(base_url, identifier, selection=Selection(), progress=None):
    """A table from CBS's OData server at ``base_url`` (classic v3 or v4: the service document says which)."""
    check_identifier(identifier)
    service = ODataService(base_url, identifier, progress)
    names = service.service_names()
    if "TypedDataSet" in names or "TableInfos" in names:
        return _parse_odata3(service, identifier, selection, "odata3", service.table_url, online=True)
    if "Observations" in names:
        return _parse_odata4(service, identifier, selection, "odata4", service.table_url, online=True)
    raise DownloadFailed(_failure(service.table_url, _("het servicedocument noemt geen TypedDataSet of Observations")))
