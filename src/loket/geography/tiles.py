"""A generated base map: one hexagon per municipality, near where it lies (plain data, no ORM).

Used when no real boundaries are imported. The municipalities' points are
placed on a hexagonal grid whose spacing is the typical distance between
neighbouring municipalities; each gets its own cell, chosen so that the total
squared displacement is as small as possible (an assignment problem, solved
exactly), so neighbours stay neighbours and nothing overlaps. Hexagons, not
squares: two hexagons either share a whole edge or do not touch, so the
outline of a group of tiles is always a clean polygon without pinch points.

Everything is deterministic: the same points give the same map.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import ConvexHull, QhullError, cKDTree

from . import geometry

SQRT3 = math.sqrt(3)
# Corners of a pointy-top hexagon on the integer lattice the outlines are built on: x in half
# cell spacings, y in half circumradii. Counter-clockwise, as GeoJSON wants exterior rings.
CORNERS = ((0, 2), (-1, 1), (-1, -1), (0, -2), (1, -1), (1, 1))
# How far (in cells) beyond the points' extent a tile may be pushed.
MARGIN_CELLS = 3
# Spacing when there is only one point (degrees of latitude, about 5.5 km).
DEFAULT_SPACING = 0.05


@dataclass
class TileMap:
    """Where each municipality's hexagon is: axial cell (q, r) per code, and how cells map to lon/lat."""

    cells: dict = field(default_factory=dict)
    spacing: float = DEFAULT_SPACING  # distance between neighbouring cell centres, in degrees of latitude
    origin: tuple = (0.0, 0.0)  # (x, y) of cell (0, 0), x in stretched degrees of longitude
    stretch: float = 1.0  # cos(latitude): makes a degree of longitude as long as one of latitude

    def centre(self, code):
        q, r = self.cells[code]
        x, y = _cell_centre(q, r, self.spacing)
        return self._lonlat(self.origin[0] + x, self.origin[1] + y)

    def polygon(self, code):
        """The municipality's hexagon as a GeoJSON Polygon."""
        q, r = self.cells[code]
        ring = [self._lattice_lonlat(2 * q + r + dx, 3 * r + dy) for dx, dy in CORNERS]
        return {"type": "Polygon", "coordinates": [ring + ring[:1]]}

    def outline(self, codes):
        """The union of these municipalities' hexagons as a GeoJSON MultiPolygon (holes kept), or None."""
        edges = {}
        for code in codes:
            q, r = self.cells[code]
            corners = [(2 * q + r + dx, 3 * r + dy) for dx, dy in CORNERS]
            for start, end in zip(corners, corners[1:] + corners[:1]):
                if (end, start) in edges:
                    del edges[(end, start)]  # shared with a neighbour: inside the union
                else:
                    edges[(start, end)] = True
        if not edges:
            return None
        following = {start: end for start, end in edges}
        rings = []
        for start in sorted(following):
            if start not in following:
                continue
            ring, point = [start], following.pop(start)
            while point != start:
                ring.append(point)
                point = following.pop(point)
            rings.append(ring)
        outers = [ring for ring in rings if geometry.ring_area(ring) > 0]
        holes = [ring for ring in rings if geometry.ring_area(ring) < 0]
        holes_of = {index: [] for index in range(len(outers))}
        for hole in holes:
            # The smallest outline around a hole owns it (an island in a lake has its own pond).
            owners = [
                index for index, outer in enumerate(outers)
                if geometry.point_in_polygon(_inside_hole(hole), {"type": "Polygon", "coordinates": [outer + outer[:1]]})
            ]
            holes_of[min(owners, key=lambda index: geometry.ring_area(outers[index]))].append(hole)
        polygons = [
            [self._ring_lonlat(outer)] + [self._ring_lonlat(hole) for hole in holes_of[index]] for index, outer in enumerate(outers)
        ]
        return {"type": "MultiPolygon", "coordinates": polygons}

    def _ring_lonlat(self, ring):
        points = [self._lattice_lonlat(x, y) for x, y in ring]
        return points + points[:1]

    def _lattice_lonlat(self, lattice_x, lattice_y):
        x = self.origin[0] + lattice_x * self.spacing / 2
        y = self.origin[1] + lattice_y * self.spacing / (2 * SQRT3)
        return self._lonlat(x, y)

    def _lonlat(self, x, y):
        return [round(x / self.stretch, 6), round(y, 6)]


def _cell_centre(q, r, spacing):
    return (spacing * (q + r / 2), spacing * r * SQRT3 / 2)


def _inside_hole(hole):
    """A point just inside a hole: the middle of its first edge, nudged inwards."""
    (x1, y1), (x2, y2) = hole[0], hole[1]
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    # Holes run clockwise, so their inside is on the right of each edge.
    return (mx + (y2 - y1) * 0.01, my - (x2 - x1) * 0.01)


def tile_map(points):
    """Place one hexagon per point. ``points`` is a list of (code, longitude, latitude)."""
    if not points:
        return TileMap()
    points = sorted(points)
    codes = [code for code, _lon, _lat in points]
    latitudes = np.array([lat for _code, _lon, lat in points], dtype=float)
    stretch = math.cos(math.radians(float(np.mean(latitudes))))
    xy = np.array([[lon * stretch, lat] for _code, lon, lat in points], dtype=float)
    spacing = _spacing(xy)
    origin = (float(xy[:, 0].min()), float(xy[:, 1].min()))
    local = xy - np.array(origin)
    cells = _candidate_cells(local, spacing)
    centres = np.array([_cell_centre(q, r, spacing) for q, r in cells])
    cost = ((local[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    rows, columns = linear_sum_assignment(cost)
    placed = {codes[row]: cells[column] for row, column in zip(rows, columns)}
    return TileMap(cells=placed, spacing=spacing, origin=origin, stretch=stretch)


def _spacing(xy):
    """Cells as large as the area the points cover allows, one per municipality, so the tiles
    touch and read as a map; never smaller than the typical gap between neighbours."""
    if len(xy) < 2:
        return DEFAULT_SPACING
    distances, _indices = cKDTree(xy).query(xy, k=2)
    nearest = distances[:, 1]
    nearest = nearest[nearest > 0]
    typical_gap = float(np.median(nearest)) if len(nearest) else DEFAULT_SPACING
    try:
        covered = ConvexHull(xy).volume  # in two dimensions, the hull's area
    except QhullError:
        return typical_gap  # the points lie on a line
    return max(typical_gap, math.sqrt(covered / (len(xy) * SQRT3 / 2)))


def _candidate_cells(local, spacing):
    """Every cell within a margin around the points, enough for all of them, in a fixed order."""
    margin = MARGIN_CELLS
    while True:
        max_x, max_y = local[:, 0].max(), local[:, 1].max()
        r_low = math.floor(-margin * 2 / SQRT3)
        r_high = math.ceil((max_y / spacing + margin) * 2 / SQRT3)
        cells = []
        for r in range(r_low, r_high + 1):
            q_low = math.floor(-margin - r / 2)
            q_high = math.ceil(max_x / spacing + margin - r / 2)
            cells.extend((q, r) for q in range(q_low, q_high + 1))
        if len(cells) >= len(local):
            return cells
        margin *= 2
