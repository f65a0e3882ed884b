"""Vega-Lite specs for the dashboard, written by the server from plain data (the browser only draws them).

Input is what ``loket.monitor.services`` hands out: series points ``{"taken_at", "value", "shown", "suppressed",
"is_baseline"}`` and breakdown cells ``{"key", "label", "value", "shown", "suppressed"}``; for the map also the
GeoJSON features of ``loket.geography.services.base_layers``. A suppressed value never reaches a spec as a number:
it is ``None`` there, with its text ("< 10") beside it, so neither the marks nor a tooltip can reveal it.
"""

import math

from django.utils.translation import gettext as _

from loket.geography.geometry import polygons, ring_area

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
BLUE = "#01689b"
TARGET_COLOUR = "#d52b1e"
NO_FIGURE = "#d9d9d9"  # grey: no figure, or fewer than 10 persons
BAR_HEIGHT = 22
LABEL_LIMIT = 140
SERIES_HEIGHT = 200
MAP_HEIGHT = 260

# d3-format patterns per KPI unit: shares are fractions (0.42 → 42 %), money whole euros.
AXIS_FORMAT = {"count": ",.0f", "share": ".0%", "days": ",.0f", "euro": "$,.0f", "score": ",.1f"}
WHOLE_UNITS = ("count", "days", "euro")

DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""], "percent": " %"},
    "time": {
        "dateTime": "%A %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
}  # fmt: skip
ENGLISH_LOCALE = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}}


def config(language="nl"):
    """Chart settings shared by every spec: the number and date words of the page's language, a quiet frame."""
    return {
        "locale": DUTCH_LOCALE if language == "nl" else ENGLISH_LOCALE,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12},
        "font": "sans-serif",
    }


def number_format(unit, values):
    """The axis/legend format for a unit: a share gets as many decimals as its largest value needs to be more than
    "0 %" (a passport coverage of 0,04 % must not read 0 % on every tick)."""
    if unit != "share":
        return AXIS_FORMAT.get(unit, ",.2f")
    largest = max((abs(value) for value in values if value), default=0) * 100
    if largest <= 0 or largest >= 10:
        return ".0%"
    return f".{max(0, 1 - math.floor(math.log10(largest)))}~%"


def quantity_axis(unit, values):
    """A value axis: whole-number units never get ticks between the integers (1, 1, 2, 2 when the data is small)."""
    axis = {"format": number_format(unit, values)}
    if unit in WHOLE_UNITS:
        axis["tickMinStep"] = 1
    return axis


def _number(value):
    return None if value is None else float(value)


def chart_value(point):
    """The number a chart may draw for a point or cell: none when it is suppressed."""
    return None if point.get("suppressed") else _number(point.get("value"))


def series_chart(points, *, title, unit, target=None, target_year=None, language="nl"):
    """A line over the snapshots, oldest first: the baseline (0-meting) marked with a vertical rule, the target (if
    any) as a dashed horizontal rule. Suppressed points leave a gap in the data (the table says "< 10")."""
    values = [
        {
            "moment": point["taken_at"].isoformat() if hasattr(point["taken_at"], "isoformat") else str(point["taken_at"]),
            "value": chart_value(point),
            "shown": str(point["shown"]),
            "baseline": bool(point.get("is_baseline")),
        }
        for point in points
    ]
    # Ticks at the snapshots themselves (not at round dates between them); overlapping labels are left out.
    moments = sorted({int(point["taken_at"].timestamp() * 1000) for point in points if hasattr(point["taken_at"], "timestamp")})
    axis = {"format": "%-d %b %Y", "labelAngle": -30, "labelOverlap": "greedy", "grid": False}
    if moments:
        axis["values"] = moments
    x = {"field": "moment", "type": "temporal", "title": None, "axis": axis}
    layers = [
        {
            "transform": [{"filter": "datum.value != null"}],
            "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": BLUE},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": None, "axis": quantity_axis(unit, [v["value"] for v in values] + [target])},
                "tooltip": [
                    {"field": "moment", "type": "temporal", "title": _("Moment"), "format": "%-d %b %Y %H:%M"},
                    {"field": "shown", "type": "nominal", "title": _("Waarde")},
                ],
            },
        },
        {
            "transform": [{"filter": "datum.baseline"}],
            "mark": {"type": "rule", "color": "#535353", "strokeDash": [2, 2]},
            "encoding": {"x": x},
        },
        {
            "transform": [{"filter": "datum.baseline"}],
            "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 4, "y": 0, "color": "#535353"},
            "encoding": {"x": x, "text": {"value": _("0-meting")}},
        },
    ]
    if target is not None:
        target_text = _("Doel %(year)s") % {"year": target_year} if target_year else _("Doel")
        layers.append({
            "data": {"values": [{"target": float(target), "text": target_text}]},
            "layer": [
                {
                    "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [6, 4]},
                    "encoding": {"y": {"field": "target", "type": "quantitative"}},
                },
                {
                    "mark": {"type": "text", "align": "right", "baseline": "bottom", "dy": -2, "x": "width", "color": TARGET_COLOUR},
                    "encoding": {"y": {"field": "target", "type": "quantitative"}, "text": {"field": "text"}},
                },
            ],
        })  # fmt: skip
    return {
        "$schema": SCHEMA,
        "description": _("Verloop van %(title)s over de momentopnamen; dezelfde cijfers staan in de tabel.") % {"title": title},
        "width": "container",
        "height": SERIES_HEIGHT,
        "data": {"values": values},
        "layer": layers,
        "config": config(language),
    }


def bar_chart(cells, *, title, unit, language="nl"):
    """Horizontal bars, largest first; a suppressed cell has no bar, only its text ("< 10")."""
    values = [
        {"key": cell["key"], "label": str(cell["label"]), "value": chart_value(cell), "shown": str(cell["shown"])} for cell in cells
    ]
    y = {
        "field": "label", "type": "nominal", "title": None, "axis": {"labelLimit": LABEL_LIMIT},
        "sort": {"field": "position", "op": "max", "order": "descending"},
    }  # fmt: skip
    return {
        "$schema": SCHEMA,
        "description": _("%(title)s per onderdeel, als staafdiagram; dezelfde cijfers staan in de tabel.") % {"title": title},
        "width": "container",
        "height": max(BAR_HEIGHT, BAR_HEIGHT * len(values)),
        "padding": {"left": 5, "top": 5, "bottom": 5, "right": 48},  # room for the text beside the longest bar
        "data": {"values": values},
        "transform": [{"calculate": "datum.value == null ? 0 : datum.value", "as": "position"}],
        "encoding": {"y": y},
        "layer": [
            {
                "transform": [{"filter": "datum.value != null"}],
                "mark": {"type": "bar", "color": BLUE},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative", "title": None, "axis": quantity_axis(unit, [v["value"] for v in values])},
                    "tooltip": [{"field": "label", "title": _("Onderdeel")}, {"field": "shown", "title": _("Waarde")}],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "color": "#1a1a1a"},
                "encoding": {"x": {"field": "position", "type": "quantitative"}, "text": {"field": "shown"}},
            },
        ],
        "config": config(language),
    }


def d3_winding(geometry):
    """The geometry with its rings turned the way d3-geo (which Vega draws with) reads them: exterior rings
    clockwise, holes counter-clockwise. GeoJSON files (and the generated hexagon base) use the opposite order,
    which d3 reads as "everything on Earth except this area" and fills the whole map."""
    turned = []
    for polygon in polygons(geometry):
        rings = []
        for index, ring in enumerate(polygon):
            clockwise = ring_area(ring) < 0
            want_clockwise = index == 0
            rings.append(list(ring) if clockwise == want_clockwise else list(reversed(ring)))
        turned.append(rings)
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": turned[0]}
    return {"type": "MultiPolygon", "coordinates": turned}


def map_features(collection):
    """Features of a base layer, ready for a geoshape: only what the chart needs (code, name), rings for d3."""
    return [
        {
            "type": "Feature",
            "id": feature["properties"]["code"],
            "properties": {"code": feature["properties"]["code"], "name": feature["properties"]["name"]},
            "geometry": d3_winding(feature["geometry"]),
        }
        for feature in collection["features"]
    ]


def map_chart(cells, features, *, title, unit, selected="", language="nl"):
    """A choropleth of the cells over the areas (``map_features``): darker is more. An area without a figure or
    with a suppressed one is grey; the chosen area (the region filter) gets a black outline."""
    figures = [
        {"key": cell["key"], "value": chart_value(cell), "shown": str(cell["shown"]), "label": str(cell["label"])} for cell in cells
    ]
    lookup = {
        "lookup": "properties.code",
        "from": {"data": {"values": figures}, "key": "key", "fields": ["value", "shown"]},
        "default": None,
    }
    shown_default = {"calculate": "datum.shown == null ? '—' : datum.shown", "as": "shown_text"}
    tooltip = [{"field": "properties.name", "title": _("Gebied")}, {"field": "shown_text", "title": _("Waarde")}]
    layers = [
        {
            "mark": {"type": "geoshape", "fill": NO_FIGURE, "stroke": "#ffffff", "strokeWidth": 0.8},
            "encoding": {"tooltip": tooltip},
        },
        {
            "transform": [{"filter": "datum.value != null"}],
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8},
            "encoding": {
                "color": {
                    "field": "value", "type": "quantitative", "title": None,
                    "scale": {"scheme": "blues", "zero": True},
                    "legend": {"orient": "bottom", "format": number_format(unit, [f["value"] for f in figures]), "gradientLength": 160},
                },
                "tooltip": tooltip,
            },
        },
    ]  # fmt: skip
    if selected:
        layers.append({
            "transform": [{"filter": {"field": "properties.code", "equal": selected}}],
            # Only an outline: the chosen region is named in the filter and the table, so no screen reader stop here.
            "mark": {"type": "geoshape", "filled": False, "stroke": "#000000", "strokeWidth": 2.5, "aria": False},
        })  # fmt: skip
    return {
        "$schema": SCHEMA,
        "description": _(
            "Kaart van %(title)s per gebied: donkerder is meer, grijs is geen cijfer of minder dan 10 personen; "
            "dezelfde cijfers staan in de tabel."
        ) % {"title": title},
        "width": "container",
        "height": MAP_HEIGHT,
        "projection": {"type": "mercator"},
        "data": {"values": features},
        "transform": [lookup, shown_default],
        "layer": layers,
        "config": config(language),
    }
