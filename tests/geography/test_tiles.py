"""The generated base map: one hexagon per municipality, none overlapping, each near its place."""

import csv
import itertools
import math

import pytest

from loket.geography import geometry, tiles
from loket.geography.services import NOORD_HOLLAND_2025


@pytest.fixture(scope="module")
def noord_holland():
    with open(NOORD_HOLLAND_2025, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["code"]: (row["name"], row["region_code"], float(row["longitude"]), float(row["latitude"])) for row in rows}


@pytest.fixture(scope="module")
def layout(noord_holland):
    return tiles.tile_map([(code, lon, lat) for code, (_name, _region, lon, lat) in noord_holland.items()])


def distance_in_cells(layout, a, b):
    (x1, y1), (x2, y2) = a, b
    return math.hypot((x1 - x2) * layout.stretch, y1 - y2) / layout.spacing


def test_every_municipality_gets_its_own_tile(noord_holland, layout):
    assert set(layout.cells) == set(noord_holland)
    assert len(set(layout.cells.values())) == len(noord_holland)


def test_no_two_tiles_overlap(noord_holland, layout):
    hexagons = {code: layout.polygon(code) for code in noord_holland}
    for a, b in itertools.combinations(noord_holland, 2):
        # Neighbouring cell centres are one spacing apart; hexagons of that size only touch.
        assert distance_in_cells(layout, layout.centre(a), layout.centre(b)) >= 0.999
        assert not geometry.point_in_polygon(layout.centre(b), hexagons[a])


def test_each_tile_stays_near_its_municipality(noord_holland, layout):
    for code, (name, _region, lon, lat) in noord_holland.items():
        centre = layout.centre(code)
        assert distance_in_cells(layout, centre, (lon, lat)) <= 1.5, name
    # The shape of the province survives: Texel on top, Den Helder below it, the Gooi in the south-east.
    centres = {noord_holland[code][0]: layout.centre(code) for code in noord_holland}
    assert max(centres, key=lambda name: centres[name][1]) == "Texel"
    assert centres["Den Helder"][1] > centres["Alkmaar"][1] > centres["Amsterdam"][1] > centres["Uithoorn"][1]
    assert centres["Zandvoort"][0] < centres["Amsterdam"][0] < centres["Huizen"][0]


def test_a_region_is_one_outline_around_its_tiles(noord_holland, layout):
    for region in ("AM12", "AM17", "AM18", "AM37"):
        codes = [code for code, (_n, code_region, _x, _y) in noord_holland.items() if code_region == region]
        outline = layout.outline(codes)
        assert outline["type"] == "MultiPolygon"
        assert len(outline["coordinates"]) == 1, region  # contiguous here
        # Its area is exactly its tiles' area: nothing lost, nothing counted twice.
        tiles_area = sum(geometry.area(layout.polygon(code)) for code in codes)
        assert geometry.area(outline) == pytest.approx(tiles_area)
        for code in codes:
            assert geometry.point_in_polygon(layout.centre(code), outline)


def test_outline_of_a_ring_of_tiles_keeps_its_hole():
    layout = tiles.TileMap(cells={"middle": (0, 0)}, spacing=0.1, origin=(4.0, 52.0), stretch=0.6)
    around = [(1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1)]
    layout.cells.update({f"n{index}": cell for index, cell in enumerate(around)})
    outline = layout.outline([f"n{index}" for index in range(6)])
    assert len(outline["coordinates"]) == 1
    outer, *holes = outline["coordinates"][0]
    assert len(holes) == 1 and len(holes[0]) == 7  # the middle hexagon, closed
    assert not geometry.point_in_polygon(layout.centre("middle"), outline)
    assert geometry.point_in_polygon(layout.centre("n0"), outline)
    two = layout.outline(["middle", "n0"])
    assert len(two["coordinates"][0][0]) == 11  # 6 + 6 corners, 2 shared, closed


def test_the_same_points_give_the_same_map_in_any_order(noord_holland, layout):
    points = [(code, lon, lat) for code, (_name, _region, lon, lat) in noord_holland.items()]
    again = tiles.tile_map(list(reversed(points)))
    assert again.cells == layout.cells
    assert again.polygon("GM0363") == layout.polygon("GM0363")


def test_places_at_the_same_spot_still_get_separate_tiles():
    layout = tiles.tile_map([("a", 4.9, 52.4), ("b", 4.9, 52.4), ("c", 4.9, 52.4), ("d", 5.0, 52.5)])
    assert len(set(layout.cells.values())) == 4


def test_no_points_no_tiles():
    assert tiles.tile_map([]).cells == {}
    assert tiles.tile_map([]).outline([]) is None
    single = tiles.tile_map([("a", 4.9, 52.4)])
    assert geometry.point_in_polygon((4.9, 52.4), single.polygon("a"))


def test_an_island_in_a_hole_keeps_its_own_hole():
    # Rings of cells at hex distance 3 and 1 around the middle: the outer ring's hole holds
    # the inner ring, whose own hole is the middle cell.
    def ring_at(distance):
        directions = [(1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)]
        q, r = -distance, distance
        cells = []
        for dq, dr in directions:
            for _step in range(distance):
                cells.append((q, r))
                q, r = q + dq, r + dr
        return cells

    cells = ring_at(3) + ring_at(1)
    layout = tiles.TileMap(cells={f"c{index}": cell for index, cell in enumerate(cells)}, spacing=0.1, origin=(4.0, 52.0), stretch=0.6)
    layout.cells["middle"] = (0, 0)
    outline = layout.outline([f"c{index}" for index in range(len(cells))])
    assert sorted(len(polygon) for polygon in outline["coordinates"]) == [2, 2]  # each an outline with one hole
    assert not geometry.point_in_polygon(layout.centre("middle"), outline)
    assert geometry.point_in_polygon(layout.centre("c0"), outline)
    assert geometry.point_in_polygon(layout.centre(f"c{len(cells) - 1}"), outline)
