"""Reading CBS boundary files and picking out Noord-Holland (plain data; no ORM).

A boundary file is a GeoJSON FeatureCollection of CBS 'gebiedsindelingen' in
WGS84: municipalities (statcode GMnnnn, rubriek "gemeente") or labour-market
regions (AMnn, "arbeidsmarktregio"), each with statcode and statnaam. The same
shape comes from a file or from PDOK's OGC API (download.py). Everything wrong
with a file is reported with the file, the feature's number and what is wrong.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from . import geometry

MUNICIPALITY, REGION = "municipality", "region"
# The five labour-market regions that make up Noord-Holland.
NOORD_HOLLAND_REGIONS = ("AM12", "AM15", "AM17", "AM18", "AM37")
# Municipalities of another province inside a Noord-Holland labour-market region: they are in
# the region's polygon, but not in Noord-Holland (data/noord_holland_2025.csv leaves them out).
OTHER_PROVINCES = {"GM0317": "Utrecht", "GM0736": "Utrecht"}  # Eemnes (AM12), De Ronde Venen (AM18)
# Every coordinate must lie in this box around the Netherlands (lon, lat), so a file in RD
# metres or with latitude and longitude swapped is refused rather than drawn in the sea.
NETHERLANDS = (3.0, 50.5, 7.5, 54.0)
# About a metre: more is noise for a map, and it keeps the stored shapes small.
COORDINATE_DIGITS = 5
STATCODE = re.compile(r"^(GM\d{4}|AM\d{2})$")
RUBRIEK = {"gemeente": MUNICIPALITY, "arbeidsmarktregio": REGION}
YEAR_IN_NAME = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")


class BoundaryFileError(ValueError):
    """A file (or download) that cannot be imported; the message says where and what, in Dutch."""


@dataclass
class Area:
    code: str
    name: str
    geometry: dict
    number: int  # the feature's position in its file, from 1


@dataclass
class Division:
    """One file's areas: all municipalities or all regions of one year."""

    level: str
    areas: list
    source: str  # the file name or address, for messages
    year: int | None = None  # from jrstatcode, when the file has it


@dataclass
class PlacedMunicipality:
    area: Area
    region_code: str | None
    point: tuple  # (lon, lat) inside the municipality: its centroid, or a point on its land


@dataclass
class Selection:
    """What of a year's division belongs to Noord-Holland."""

    regions: list = field(default_factory=list)  # Area
    municipalities: list = field(default_factory=list)  # PlacedMunicipality in a Noord-Holland region
    other_province: list = field(default_factory=list)  # PlacedMunicipality left out: another province
    elsewhere: list = field(default_factory=list)  # PlacedMunicipality outside every Noord-Holland region
    municipality_codes: set = field(default_factory=set)  # every municipality in the file
    region_codes: set = field(default_factory=set)  # every region in the file


def parse_json(data, source):
    """Bytes or text of a GeoJSON file, parsed; a syntax error names the line and column."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise BoundaryFileError(_("%(file)s: geen GeoJSON; het bestand is geen UTF-8-tekst.") % {"file": source}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundaryFileError(
            _("%(file)s: geen geldige JSON (regel %(line)s, kolom %(column)s).")
            % {"file": source, "line": error.lineno, "column": error.colno}
        ) from None
    except RecursionError:
        raise BoundaryFileError(_("%(file)s: geen bruikbare JSON: te diep genest.") % {"file": source}) from None


def read_collection(document, source):
    """A parsed FeatureCollection as a Division, or BoundaryFileError for its first problem."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryFileError(_("%(file)s: geen GeoJSON FeatureCollection.") % {"file": source})
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryFileError(_("%(file)s: het bestand bevat geen gebieden (features).") % {"file": source})
    level = year = None
    areas, seen = [], {}
    for number, feature in enumerate(features, start=1):

        def refuse(message, code=None):
            where = _("%(file)s, feature %(number)s") % {"file": source, "number": number}
            if code:
                where += f" ({code})"
            raise BoundaryFileError(f"{where}: {message}")

        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            refuse(_("geen GeoJSON-feature."))
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            refuse(_("de eigenschappen (properties) ontbreken."))
        code = properties.get("statcode")
        if not code:
            refuse(_("de statcode ontbreekt."))
        code = str(code).strip()
        if not STATCODE.match(code):
            refuse(
                _("de statcode %(code)s is geen CBS-code van een gemeente (GMnnnn) of arbeidsmarktregio (AMnn).") % {"code": code}
            )
        name = str(properties.get("statnaam") or "").strip()
        if not name:
            refuse(_("de statnaam ontbreekt."), code)
        feature_level = MUNICIPALITY if code.startswith("GM") else REGION
        rubriek = properties.get("rubriek")
        if rubriek is not None and RUBRIEK.get(str(rubriek).strip().lower()) != feature_level:
            refuse(
                _("de rubriek is %(rubriek)s, maar de statcode hoort bij een %(level)s.")
                % {"rubriek": rubriek, "level": _("gemeente") if feature_level == MUNICIPALITY else _("arbeidsmarktregio")},
                code,
            )
        if level is None:
            level = feature_level
        elif feature_level != level:
            refuse(
                _("een bestand bevat óf gemeenten óf arbeidsmarktregio's; dit bestand begon met %(first)s.")
                % {"first": _("gemeenten") if level == MUNICIPALITY else _("arbeidsmarktregio's")},
                code,
            )
        feature_year = _year_of(properties.get("jrstatcode"), code)
        if feature_year is not None:
            if year is None:
                year = feature_year
            elif feature_year != year:
                refuse(_("het jaar in jrstatcode (%(found)s) verschilt van eerdere features (%(year)s).") % {"found": feature_year, "year": year}, code)
        if code in seen:
            refuse(_("de statcode staat ook al in feature %(other)s.") % {"other": seen[code]}, code)
        seen[code] = number
        problem = geometry.check(feature.get("geometry"), within=NETHERLANDS)
        if problem:
            refuse(problem + ".", code)
        areas.append(Area(code, name, geometry.round_coordinates(feature["geometry"], COORDINATE_DIGITS), number))
    return Division(level=level, areas=areas, source=source, year=year)


def _year_of(jrstatcode, code):
    if not jrstatcode:
        return None
    text = str(jrstatcode)
    if text.endswith(code) and text[:4].isdigit():
        return int(text[:4])
    return None


def read_file(path):
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BoundaryFileError(_("%(file)s: kan het bestand niet lezen (%(reason)s).") % {"file": path, "reason": error.strerror}) from None
    return read_collection(parse_json(data, path.name), path.name)


def files_in(paths):
    """The GeoJSON files named, with the .geojson files of any folder among them, in a fixed order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".geojson" and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise BoundaryFileError(_("%(file)s bestaat niet.") % {"file": path})
    if not found:
        raise BoundaryFileError(_("Geen GeoJSON-bestanden gevonden in %(paths)s.") % {"paths": ", ".join(map(str, paths))})
    return found


def divisions_by_year(divisions, year=None):
    """Pair each year's municipality and region files: {year: (municipalities, regions)}.

    ``divisions`` are (Division, path) pairs. A file's year is its jrstatcode's, else the year in
    its name, else ``year``. With ``year`` given, files of other years are passed over.
    """
    pairs, other_years = {}, set()
    for division, path in divisions:
        named = YEAR_IN_NAME.findall(Path(path).stem)
        own = division.year or (int(named[-1]) if named else None)
        if year is not None and own is not None and own != year:
            other_years.add(own)
            continue
        chosen = own or year
        if chosen is None:
            raise BoundaryFileError(
                _("%(file)s: van welk jaar zijn deze grenzen? Geef het jaar op met --year.") % {"file": division.source}
            )
        slot = pairs.setdefault(chosen, {})
        if division.level in slot:
            raise BoundaryFileError(
                _("Twee bestanden met %(what)s voor %(year)s: %(first)s en %(second)s.")
                % {"what": _level_plural(division.level), "year": chosen, "first": slot[division.level].source, "second": division.source}
            )
        slot[division.level] = division
    if year is not None and year not in pairs:
        raise BoundaryFileError(
            _("Geen grenzen van %(year)s gevonden; de bestanden zijn van %(years)s.")
            % {"year": year, "years": ", ".join(map(str, sorted(other_years))) or "?"}
        )
    result = {}
    for found_year, slot in sorted(pairs.items()):
        for level in (MUNICIPALITY, REGION):
            if level not in slot:
                raise BoundaryFileError(
                    _("Voor %(year)s ontbreekt het bestand met %(what)s; geef gemeenten én arbeidsmarktregio's.")
                    % {"year": found_year, "what": _level_plural(level)}
                )
        result[found_year] = (slot[MUNICIPALITY], slot[REGION])
    return result


def _level_plural(level):
    return _("gemeenten") if level == MUNICIPALITY else _("arbeidsmarktregio's")


def select_noord_holland(municipalities, regions):
    """Noord-Holland's regions, and each municipality placed in the region its centroid lies in."""
    selection = Selection(
        municipality_codes={area.code for area in municipalities.areas}, region_codes={area.code for area in regions.areas}
    )
    selection.regions = [area for area in regions.areas if area.code in NOORD_HOLLAND_REGIONS]
    if not selection.regions:
        raise BoundaryFileError(
            _("%(file)s bevat geen enkele arbeidsmarktregio van Noord-Holland (%(codes)s).")
            % {"file": regions.source, "codes": ", ".join(NOORD_HOLLAND_REGIONS)}
        )
    boxes = [(area, geometry.bbox(area.geometry)) for area in selection.regions]
    for area in municipalities.areas:
        point = geometry.interior_point(area.geometry)
        region_code = next(
            (region.code for region, box in boxes if geometry.in_bbox(point, box) and geometry.point_in_polygon(point, region.geometry)),
            None,
        )
        placed = PlacedMunicipality(area, region_code, point)
        if region_code is None:
            selection.elsewhere.append(placed)
        elif area.code in OTHER_PROVINCES:
            selection.other_province.append(placed)
        else:
            selection.municipalities.append(placed)
    return selection
