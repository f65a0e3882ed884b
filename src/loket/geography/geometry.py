"""Plane geometry on GeoJSON Polygons and MultiPolygons (plain data, no ORM, no GIS library).

Points are (longitude, latitude) pairs, as GeoJSON writes them. Areas and
centroids are computed in the lon/lat plane: over a province the distortion
is a uniform stretch of one axis, which moves neither a centroid nor the
answer to "is this point inside".
"""

import math

from django.utils.translation import gettext as _

POLYGON_TYPES = ("Polygon", "MultiPolygon")


class GeometryProblem(ValueError):
    """A geometry that cannot be used; the message says what is wrong, in Dutch."""


def polygons(geometry):
    """The polygons of a Polygon or MultiPolygon, each a list of rings (the exterior first)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise GeometryProblem(_("verwacht een Polygon of MultiPolygon, niet %(type)s") % {"type": geometry["type"]})


def bbox(geometry):
    """(min_lon, min_lat, max_lon, max_lat)."""
    xs, ys = [], []
    for polygon in polygons(geometry):
        for ring in polygon:
            xs.extend(point[0] for point in ring)
            ys.extend(point[1] for point in ring)
    return (min(xs), min(ys), max(xs), max(ys))


def ring_area(ring):
    """Signed area (shoelace): positive when the ring runs counter-clockwise."""
    total = 0.0
    for a, b in zip(ring, ring[1:] + ring[:1]):
        total += a[0] * b[1] - b[0] * a[1]
    return total / 2


def area(geometry):
    """Area in square degrees, holes taken out."""
    return sum(abs(ring_area(polygon[0])) - sum(abs(ring_area(hole)) for hole in polygon[1:]) for polygon in polygons(geometry))


def centroid(geometry):
    """The centre of mass (lon, lat) of the area, holes taken out; may lie outside a concave shape."""
    sum_x = sum_y = sum_area = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            signed = ring_area(ring)
            if not signed:
                continue
            # Exterior rings add, holes subtract, whichever way round the file draws them.
            sign = (1 if index == 0 else -1) * (1 if signed > 0 else -1)
            for a, b in zip(ring, ring[1:] + ring[:1]):
                cross = a[0] * b[1] - b[0] * a[1]
                sum_x += sign * (a[0] + b[0]) * cross / 6
                sum_y += sign * (a[1] + b[1]) * cross / 6
            sum_area += (1 if index == 0 else -1) * abs(signed)
    if sum_area <= 0:
        # A degenerate shape (no area): fall back to the middle of its box.
        min_x, min_y, max_x, max_y = bbox(geometry)
        return ((min_x + max_x) / 2, (min_y + max_y) / 2)
    return (sum_x / sum_area, sum_y / sum_area)


def _in_ring(x, y, ring):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(point, geometry):
    """Whether (lon, lat) lies inside the Polygon or MultiPolygon (not in one of its holes)."""
    x, y = point
    for polygon in polygons(geometry):
        if _in_ring(x, y, polygon[0]) and not any(_in_ring(x, y, hole) for hole in polygon[1:]):
            return True
    return False


def in_bbox(point, box):
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def interior_point(geometry):
    """A point inside the shape: its centroid when that lies inside, otherwise the middle of the
    widest stretch of the shape on the horizontal line through the centroid (or through the middle
    of its largest polygon), so a crescent-shaped municipality still gets a point on its own land."""
    centre = centroid(geometry)
    if point_in_polygon(centre, geometry):
        return centre
    largest = max(polygons(geometry), key=lambda polygon: abs(ring_area(polygon[0])))
    ys = [point[1] for point in largest[0]]
    for y in (centre[1], (min(ys) + max(ys)) / 2):
        best = _widest_stretch(geometry, y)
        if best is not None:
            return best
    return centre


def _widest_stretch(geometry, y):
    crossings = []
    for polygon in polygons(geometry):
        for ring in polygon:
            for a, b in zip(ring, ring[1:] + ring[:1]):
                if (a[1] > y) != (b[1] > y):
                    crossings.append(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
    crossings.sort()
    best, width = None, 0.0
    # Between successive crossings the line is alternately inside and outside.
    for left, right in zip(crossings[::2], crossings[1::2]):
        if right - left > width and point_in_polygon(((left + right) / 2, y), geometry):
            best, width = ((left + right) / 2, y), right - left
    return best


def round_coordinates(geometry, digits):
    def walk(value):
        if value and isinstance(value[0], (int, float)):
            return [round(number, digits) for number in value]
        return [walk(part) for part in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def check(geometry, within=None):
    """What is wrong with a GeoJSON geometry, in Dutch, or None when it is a usable (Multi)Polygon
    in WGS84 longitude/latitude. ``within`` is an optional (min_lon, min_lat, max_lon, max_lat)
    every coordinate must lie in."""
    if not isinstance(geometry, dict):
        return _("de geometrie ontbreekt")
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES:
        return _("de geometrie is een %(type)s; verwacht een Polygon of MultiPolygon") % {"type": kind or "?"}
    coordinates = geometry.get("coordinates")
    if not coordinates:
        return _("de geometrie heeft geen coördinaten")
    depth = 3 if kind == "Polygon" else 4
    problem = _check_nesting(coordinates, depth)
    if problem:
        return problem
    for polygon in [coordinates] if kind == "Polygon" else coordinates:
        if not polygon:
            return _("een polygoon zonder ringen")
        for ring in polygon:
            if len(ring) < 4:
                return _("een ring heeft minder dan 4 punten")
            if ring[0][:2] != ring[-1][:2]:
                return _("een ring is niet gesloten (het laatste punt is niet gelijk aan het eerste)")
            for point in ring:
                x, y = point[0], point[1]
                if not (-180 <= x <= 180 and -90 <= y <= 90):
                    return _(
                        "de coördinaat (%(x)s, %(y)s) is geen lengte- en breedtegraad; verwacht WGS84 (EPSG:4326)"
                    ) % {"x": x, "y": y}
                if within and not in_bbox((x, y), within):
                    return _(
                        "de coördinaat (%(x)s, %(y)s) ligt niet in Nederland; verwacht WGS84 lengtegraad, breedtegraad "
                        "(EPSG:4326), in die volgorde"
                    ) % {"x": x, "y": y}
    return None


def _check_nesting(value, depth):
    if not isinstance(value, list):
        return _("de coördinaten zijn niet goed genest voor dit type geometrie")
    if depth == 1:
        if len(value) < 2:
            return _("een punt is geen lijst van (lengtegraad, breedtegraad)")
        for number in value:
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                return _("een coördinaat is geen getal: %(value)s") % {"value": number}
        return None
    for part in value:
        problem = _check_nesting(part, depth - 1)
        if problem:
            return problem
    return None
