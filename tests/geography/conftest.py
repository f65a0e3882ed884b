import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name):
    return FIXTURES / name


def year_files(year):
    return [str(fixture(f"gemeente_{year}.geojson")), str(fixture(f"arbeidsmarktregio_{year}.geojson"))]


def load(name):
    return json.loads(fixture(name).read_text(encoding="utf-8"))


@pytest.fixture
def geography_state(db):
    """A snapshot of everything an import may change, to show a refused import changed nothing."""
    from loket.geography.models import Boundary, Municipality, Region

    def snapshot():
        return (
            sorted(Region.objects.values_list("code", "name", "valid_from", "valid_until")),
            sorted(Municipality.objects.values_list("code", "name", "region__code", "valid_from", "valid_until", "latitude", "longitude")),
            sorted(Boundary.objects.values_list("level", "code", "year", "name", "region_code", "source")),
        )

    return snapshot
