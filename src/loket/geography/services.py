"""The geography's data: loading Noord-Holland, importing a year's boundaries, and the map's base layers.

Plain work (reading files, geometry, the generated tile map) is in
boundaries.py, download.py, geometry.py and tiles.py; this module is where it
meets the database.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import geometry, tiles
from .boundaries import OTHER_PROVINCES, select_noord_holland
from .models import Boundary, Municipality, Region

NOORD_HOLLAND_2025 = Path(__file__).parent / "data" / "noord_holland_2025.csv"
# An import that would close more than this share of the municipalities that exist in its year,
# without a new municipality in their place, is almost certainly the wrong file; it needs --force.
MOST_CLOSED_WITHOUT_FORCE = 0.5


def load_noord_holland(region_model, municipality_model, path=NOORD_HOLLAND_2025, year=2025):
    """Create or update the five labour-market regions of Noord-Holland and their municipalities.

    Takes the models as arguments so a data migration can pass its historical ones. The years
    an area exists are set only when it is created: a later import may have widened them.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Migration 0002 runs before regions had years of their own (0003 gives them 2025).
    region_years = {"valid_from": year} if any(f.name == "valid_from" for f in region_model._meta.get_fields()) else {}
    regions = {}
    for row in rows:
        if row["region_code"] not in regions:
            regions[row["region_code"]], _created = region_model.objects.update_or_create(
                code=row["region_code"], defaults={"name": row["region_name"]}, create_defaults={"name": row["region_name"], **region_years}
            )
        values = {
            "name": row["name"],
            "region": regions[row["region_code"]],
            "latitude": float(row["latitude"]),
            "longitude": float(row["longitude"]),
        }
        # The year of the division the file describes; earlier years come with an import of their own.
        municipality_model.objects.update_or_create(code=row["code"], defaults=values, create_defaults={**values, "valid_from": year})
    return len(rows)


# --- Importing a year's boundaries ---------------------------------------------------------


class ImportRefused(Exception):
    """The import would change the geography in a way that needs a second look; nothing was saved."""


@dataclass
class ImportSummary:
    year: int
    source: str
    regions: int = 0
    municipalities: int = 0
    created: list = field(default_factory=list)  # (code, name)
    closed: list = field(default_factory=list)  # (code, name)
    moved: list = field(default_factory=list)  # (code, name, old region code, new region code)
    other_province: list = field(default_factory=list)  # (code, name, region code, province)
    elsewhere_known: list = field(default_factory=list)  # (code, name): ours, but outside every Noord-Holland region
    dry_run: bool = False


class _DryRun(Exception):
    pass


def _lies_in_any(point, areas):
    return any(geometry.in_bbox(point, geometry.bbox(area.geometry)) and geometry.point_in_polygon(point, area.geometry) for area in areas)


def import_years(divisions, source, progress=None, force=False, dry_run=False):
    """Store the boundaries of one or more years, oldest first, and bring the regions and
    municipalities in line with them. ``divisions`` is {year: (municipalities, regions)} of
    boundaries.Division; ``source`` is "pdok" or "file".

    Per year: municipalities new in that year are created, those missing from it are closed (the
    year before), and membership follows the region polygons. All or nothing; a dry run
    reports the same and saves nothing. Returns an ImportSummary per year.
    """
    summaries = []
    try:
        with transaction.atomic():
            for year, (municipalities, regions) in sorted(divisions.items()):
                summaries.append(_import_year(year, municipalities, regions, source, progress, force))
            if dry_run:
                raise _DryRun
    except _DryRun:
        for summary in summaries:
            summary.dry_run = True
    return summaries


def _import_year(year, municipalities, regions, source, progress, force):
    selection = select_noord_holland(municipalities, regions)
    summary = ImportSummary(year=year, source=source)
    summary.other_province = [
        (placed.area.code, placed.area.name, placed.region_code, OTHER_PROVINCES[placed.area.code]) for placed in selection.other_province
    ]
    later = _later_years(year)
    region_rows = _save_regions(year, selection, source, summary, later, is_latest=not later)
    _save_municipalities(year, selection, municipalities.areas, source, summary, region_rows, later, not later, force, progress)
    return summary


def _later_years(year):
    """{year: (region codes, municipality codes)} of every imported year after ``year``."""
    later = {}
    for level, code, other_year in Boundary.objects.filter(year__gt=year).values_list("level", "code", "year"):
        later.setdefault(other_year, (set(), set()))[0 if level == Boundary.Level.REGION else 1].add(code)
    return later


def _reopened_until(code, later, index):
    """An area present in a year but closed before it: it lasts until the first later imported
    year without it, or is still open."""
    for other_year in sorted(later):
        if code not in later[other_year][index]:
            return other_year - 1
    return None


def _widen(row, year, later, index):
    """Make a row that is present in ``year`` exist in it; True if that changed anything."""
    changed = False
    if row.valid_from > year:
        row.valid_from, changed = year, True
    if row.valid_until is not None and row.valid_until < year:
        row.valid_until, changed = _reopened_until(row.code, later, index), True
    return changed


def _save_regions(year, selection, source, summary, later, is_latest):
    rows = {region.code: region for region in Region.objects.select_for_update()}
    for area in selection.regions:
        region = rows.get(area.code)
        if region is None:
            region = rows[area.code] = Region.objects.create(code=area.code, name=area.name, valid_from=year)
        else:
            changed = _widen(region, year, later, 0)
            if is_latest and region.name != area.name:
                region.name, changed = area.name, True
            if changed:
                region.save()
        Boundary.objects.update_or_create(
            level=Boundary.Level.REGION, code=area.code, year=year,
            defaults={"name": area.name, "region_code": "", "geometry": area.geometry, "source": source},
        )
    for region in Region.objects.current(year).exclude(code__in=selection.region_codes):
        region.valid_until = year - 1
        region.save(update_fields=["valid_until"])
    Boundary.objects.filter(level=Boundary.Level.REGION, year=year).exclude(code__in=[a.code for a in selection.regions]).delete()
    summary.regions = len(selection.regions)
    return rows


def _save_municipalities(year, selection, municipalities_in_file, source, summary, regions, later, is_latest, force, progress):
    existing = {municipality.code: municipality for municipality in Municipality.objects.select_for_update()}
    placed = list(selection.municipalities)
    for outside in selection.elsewhere:
        # One of ours whose centroid falls outside the regions (a coarse file): keep its region.
        if outside.area.code in existing:
            outside.region_code = existing[outside.area.code].region.code
            placed.append(outside)
            summary.elsewhere_known.append((outside.area.code, outside.area.name))
    current = list(Municipality.objects.current(year))
    closing = [m for m in current if m.code not in selection.municipality_codes]
    # A merger closes municipalities whose place lies in the new one; closing many without a
    # successor means the wrong file or the wrong year.
    unexplained = [m for m in closing if not _lies_in_any((m.longitude, m.latitude), municipalities_in_file)]
    if current and len(unexplained) > len(current) * MOST_CLOSED_WITHOUT_FORCE and not force:
        raise ImportRefused(
            _(
                "Deze grenzen zouden %(closing)s van de %(current)s gemeenten van %(year)s sluiten zonder dat een andere "
                "gemeente hun plek overneemt; er is niets gewijzigd. Klopt het jaar, en is het bestand van heel Nederland "
                "of heel Noord-Holland? Is het toch de bedoeling, gebruik dan --force."
            )
            % {"closing": len(unexplained), "current": len(current), "year": year}
        )
    if progress:
        progress.start(_("Grenzen opslaan"), total=len(placed), unit=_("gemeenten"))
    for item in sorted(placed, key=lambda p: p.area.code):
        area, region = item.area, regions[item.region_code]
        municipality = existing.get(area.code)
        if municipality is None:
            municipality = Municipality.objects.create(
                code=area.code, name=area.name, region=region, valid_from=year,
                longitude=round(item.point[0], 5), latitude=round(item.point[1], 5),
                valid_until=_reopened_until(area.code, later, 1),
            )
            summary.created.append((area.code, area.name))
        else:
            changed = _widen(municipality, year, later, 1)
            if is_latest and municipality.region_id != region.pk:
                summary.moved.append((area.code, area.name, municipality.region.code, region.code))
                municipality.region, changed = region, True
            if is_latest and municipality.name != area.name:
                municipality.name, changed = area.name, True
            if changed:
                municipality.save()
        Boundary.objects.update_or_create(
            level=Boundary.Level.MUNICIPALITY, code=area.code, year=year,
            defaults={"name": area.name, "region_code": region.code, "geometry": area.geometry, "source": source},
        )
        if progress:
            progress.advance()
    for municipality in closing:
        municipality.valid_until = year - 1
        municipality.save(update_fields=["valid_until"])
        summary.closed.append((municipality.code, municipality.name))
    Boundary.objects.filter(level=Boundary.Level.MUNICIPALITY, year=year).exclude(code__in=[p.area.code for p in placed]).delete()
    summary.municipalities = len(placed)
    if progress:
        progress.finish()


# --- The map's base layers ---------------------------------------------------------------


def _boundary_year(year):
    return Boundary.objects.filter(year__lte=year).aggregate(latest=Max("year"))["latest"]


def _membership(year):
    """The municipalities that exist in ``year`` with the region each lay in that year: the imported
    division of that year (or the latest before it) where there is one, else today's region."""
    municipalities = list(Municipality.objects.current(year).select_related("region").order_by("code"))
    boundary_year = _boundary_year(year)
    recorded = {}
    if boundary_year is not None:
        recorded = dict(
            Boundary.objects.filter(level=Boundary.Level.MUNICIPALITY, year=boundary_year).values_list("code", "region_code")
        )
    return [(municipality, recorded.get(municipality.code) or municipality.region.code) for municipality in municipalities]


def regions_with_municipalities(year=None):
    """[{code, name, municipalities: [{code, name}]}] of the regions that exist in ``year``."""
    year = year or timezone.now().year
    members = {}
    for municipality, region_code in _membership(year):
        members.setdefault(region_code, []).append({"code": municipality.code, "name": municipality.name})
    return [
        {"code": region.code, "name": region.name, "municipalities": sorted(members.get(region.code, []), key=lambda m: m["name"])}
        for region in Region.objects.current(year).order_by("code")
    ]


def _feature(code, geometry, properties):
    return {"type": "Feature", "id": code, "geometry": geometry, "properties": {"code": code, **properties}}


def _collection(features):
    return {"type": "FeatureCollection", "features": features}


def base_layers(year=None):
    """{"source": "cbs" | "generated", "year": int, "attribution": str,
        "regions": GeoJSON FeatureCollection (properties: code, name, kind="region"),
        "municipalities": FeatureCollection (properties: code, name, region_code, kind="municipality")}

    Only the Noord-Holland regions/municipalities in the database that exist in ``year`` (default:
    this year). Real imported boundaries when there are any for that year (the latest year <=
    ``year`` that has them), else a generated base (source "generated"). An area without a shape
    (a municipality newer than the latest imported boundaries) has no feature.
    """
    year = year or timezone.now().year
    regions = list(Region.objects.current(year).order_by("code"))
    members = _membership(year)
    boundary_year = _boundary_year(year)
    if boundary_year is not None:
        shapes = {
            (level, code): geometry
            for level, code, geometry in Boundary.objects.filter(year=boundary_year).values_list("level", "code", "geometry")
        }
        region_features = [
            _feature(region.code, shapes[(Boundary.Level.REGION, region.code)], {"name": region.name, "kind": "region"})
            for region in regions
            if (Boundary.Level.REGION, region.code) in shapes
        ]
        municipality_features = [
            _feature(
                municipality.code, shapes[(Boundary.Level.MUNICIPALITY, municipality.code)],
                {"name": municipality.name, "region_code": region_code, "kind": "municipality"},
            )
            for municipality, region_code in members
            if (Boundary.Level.MUNICIPALITY, municipality.code) in shapes
        ]
        source = "cbs"
        attribution = _("Grenzen: CBS Gebiedsindelingen %(year)s via PDOK, licentie CC-BY 4.0.") % {"year": boundary_year}
    else:
        layout = tiles.tile_map([(m.code, m.longitude, m.latitude) for m, _region in members])
        municipality_features = [
            _feature(m.code, layout.polygon(m.code), {"name": m.name, "region_code": region_code, "kind": "municipality"})
            for m, region_code in members
        ]
        region_features = []
        for region in regions:
            outline = layout.outline([m.code for m, region_code in members if region_code == region.code])
            if outline is not None:
                region_features.append(_feature(region.code, outline, {"name": region.name, "kind": "region"}))
        source = "generated"
        attribution = _(
            "Gegenereerde kaart: één zeshoek per gemeente, ongeveer op haar plek; geen echte grenzen. "
            "Echte grenzen (CBS/PDOK) zijn te importeren met loket import-boundaries."
        )
    return {
        "source": source,
        "year": year,
        "attribution": attribution,
        "regions": _collection(region_features),
        "municipalities": _collection(municipality_features),
    }

