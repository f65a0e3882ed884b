"""Vega-Lite specs for the transition page, written by the server (the browser only draws them)."""

from django.utils.translation import gettext as _

# Small enough for a phone (the legend sits below the bars); the page scrolls the chart sideways if need be.
CHART_WIDTH = 200
LABEL_LIMIT = 120


def transition_chart(detail):
    """Two bar charts: the score and its components, and the destination's skills shared or to learn."""
    destination = detail.destination
    gap = destination.gap
    components = [
        {"part": _("Score"), "value": round(destination.score, 3)},
        {"part": _("Dekking essentiële skills"), "value": round(destination.coverage, 3)},
        {"part": _("Gelijkenis werkzaamheden"), "value": round(destination.activity, 3)},
    ]
    shared, to_learn = _("Al aanwezig"), _("Nog te leren")
    skills = [
        {"kind": _("Essentieel"), "status": shared, "count": len(gap.shared_essential)},
        {"kind": _("Essentieel"), "status": to_learn, "count": len(gap.missing_essential)},
        {"kind": _("Optioneel"), "status": shared, "count": len(gap.shared_optional)},
        {"kind": _("Optioneel"), "status": to_learn, "count": len(gap.missing_optional)},
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _("Score en onderdelen van de overstap, en de skills van het doelberoep: al aanwezig of nog te leren."),
        "vconcat": [
            {
                "title": _("Score en onderdelen (0 tot 1)"),
                "width": CHART_WIDTH,
                "data": {"values": components},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": {"field": "part", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": LABEL_LIMIT}},
                    "x": {"field": "value", "type": "quantitative", "title": None, "scale": {"domain": [0, 1]}},
                    "color": {"value": "#01689b"},
                },
            },
            {
                "title": _("Skills van het doelberoep"),
                "width": CHART_WIDTH,
                "data": {"values": skills},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": {"field": "kind", "type": "nominal", "title": None, "axis": {"labelLimit": LABEL_LIMIT}},
                    "x": {"field": "count", "type": "quantitative", "title": _("Aantal skills"), "stack": "zero"},
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": [shared, to_learn], "range": ["#39870c", "#d52b1e"]},
                        "legend": {"orient": "bottom"},
                    },
                },
            },
        ],
    }
