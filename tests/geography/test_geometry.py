"""The plain geometry under the boundary import: centroids, point in polygon, boxes and checks."""

import pytest

from loket.geography import geometry


def square(x0, y0, x1, y1, clockwise=False):
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return ring[::-1] if clockwise else ring


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def test_the_centroid_of_a_square_is_its_middle_whichever_way_it_is_drawn():
    assert geometry.centroid(polygon(square(4, 52, 5, 53))) == pytest.approx((4.5, 52.5))
    assert geometry.centroid(polygon(square(4, 52, 5, 53, clockwise=True))) == pytest.approx((4.5, 52.5))


def test_a_hole_pulls_the_centroid_away_from_it():
    # A 4x4 square with a 2x2 hole in its right half: the mass left of the middle is larger.
    with_hole = polygon(square(0, 50, 4, 54), square(2, 51, 4, 53, clockwise=True))
    x, y = geometry.centroid(with_hole)
    assert y == pytest.approx(52)
    assert x == pytest.approx((16 * 2 - 4 * 3) / 12)
    assert geometry.area(with_hole) == pytest.approx(12)


def test_a_multipolygon_weighs_its_parts_by_area():
    big, small = square(0, 50, 2, 52), square(10, 50, 11, 51)
    centre = geometry.centroid({"type": "MultiPolygon", "coordinates": [[big], [small]]})
    assert centre == pytest.approx(((4 * 1 + 1 * 10.5) / 5, (4 * 51 + 1 * 50.5) / 5))


def test_point_in_polygon_respects_holes_and_every_part():
    with_hole = polygon(square(0, 50, 4, 54), square(1, 51, 3, 53))
    assert geometry.point_in_polygon((0.5, 52), with_hole)
    assert not geometry.point_in_polygon((2, 52), with_hole)  # in the hole
    assert not geometry.point_in_polygon((5, 52), with_hole)
    two = {"type": "MultiPolygon", "coordinates": [[square(0, 50, 1, 51)], [square(5, 50, 6, 51)]]}
    assert geometry.point_in_polygon((5.5, 50.5), two)
    assert not geometry.point_in_polygon((3, 50.5), two)


def test_bbox():
    two = {"type": "MultiPolygon", "coordinates": [[square(0, 50, 1, 51)], [square(5, 49, 6, 52)]]}
    assert geometry.bbox(two) == (0, 49, 6, 52)


def test_a_crescent_gets_an_interior_point_on_its_own_land():
    # A U open to the top: the centroid falls in the gap between the arms.
    u_shape = polygon([[0, 50], [3, 50], [3, 53], [2, 53], [2, 51], [1, 51], [1, 53], [0, 53], [0, 50]])
    centre = geometry.centroid(u_shape)
    assert not geometry.point_in_polygon(centre, u_shape)
    inside = geometry.interior_point(u_shape)
    assert geometry.point_in_polygon(inside, u_shape)
    # A convex shape keeps its centroid.
    assert geometry.interior_point(polygon(square(4, 52, 5, 53))) == pytest.approx((4.5, 52.5))


@pytest.mark.parametrize(
    "shape, expected",
    [
        (None, "de geometrie ontbreekt"),
        ({"type": "Point", "coordinates": [4.9, 52.4]}, "de geometrie is een Point; verwacht een Polygon of MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, "de geometrie heeft geen coördinaten"),
        ({"type": "Polygon", "coordinates": [[[4, 52], [5, 52], [5, 53]]]}, "een ring heeft minder dan 4 punten"),
        ({"type": "Polygon", "coordinates": [[[4, 52], [5, 52], [5, 53], [4, 53]]]}, "een ring is niet gesloten"),
        ({"type": "Polygon", "coordinates": [[[4, 52], [5, "52"], [5, 53], [4, 52]]]}, "een coördinaat is geen getal: 52"),
        ({"type": "Polygon", "coordinates": [[4, 52], [5, 52], [5, 53], [4, 52]]}, "niet goed genest"),
        ({"type": "MultiPolygon", "coordinates": [[[4, 52], [5, 52], [5, 53], [4, 52]]]}, "niet goed genest"),
        (polygon(square(120000, 480000, 121000, 481000)), "de coördinaat (120000, 480000) is geen lengte- en breedtegraad"),
    ],
)
def test_check_says_what_is_wrong_in_dutch(shape, expected):
    assert expected in geometry.check(shape)


def test_check_accepts_good_shapes_and_refuses_points_outside_the_box():
    box = (3.0, 50.5, 7.5, 54.0)
    assert geometry.check(polygon(square(4.8, 52.3, 4.9, 52.4)), within=box) is None
    assert geometry.check({"type": "MultiPolygon", "coordinates": [[square(4.8, 52.3, 4.9, 52.4)]]}, within=box) is None
    swapped = polygon(square(52.3, 4.8, 52.4, 4.9))
    assert "(52.3, 4.8) ligt niet in Nederland" in geometry.check(swapped, within=box)


def test_round_coordinates_keeps_the_shape_type():
    rounded = geometry.round_coordinates(polygon([[4.123456, 52.987654], [5, 52], [5, 53], [4.123456, 52.987654]]), 3)
    assert rounded == {"type": "Polygon", "coordinates": [[[4.123, 52.988], [5, 52], [5, 53], [4.123, 52.988]]]}
