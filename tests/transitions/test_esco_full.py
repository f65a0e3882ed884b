"""Transitions on the full ESCO v1.2.0 release (skipped when ../shared is absent; the import takes ~10 s)."""

import numpy as np
import pytest

from loket.taxonomy.services.importer import import_release
from loket.transitions import engine, services
from tests.conftest import require_shared_esco

from .conftest import occupation

pytestmark = [pytest.mark.esco_full, pytest.mark.django_db]


def test_full_esco_calibrates_on_unit_groups_and_keeps_aviation_to_wind_viable():
    release_dir = require_shared_esco()
    import_release([release_dir / "en"])
    data = services.current_data()
    assert data.occupation_ids.size == 3039

    scores = engine.full_matrix(data.space)
    with_essentials = np.asarray(data.essential.sum(axis=1)).ravel() > 0
    np.testing.assert_allclose(np.diag(scores.coverage)[with_essentials], 1.0)  # an occupation covers itself

    calibration = services.current_calibration()
    assert calibration.statistics["method"] == "same_unit_group"
    assert calibration.statistics["same_unit_group"]["pairs"] > 10_000
    assert 0 < calibration.viable < calibration.highly_viable < 1
    assert calibration.statistics["share_viable"] < 0.10  # most pairs of occupations are far apart

    aircraft, wind = occupation("aircraft maintenance technician"), occupation("onshore wind farm technician")
    move = services.transition(aircraft, wind).destination
    assert move.classification in ("viable", "highly_viable")
    assert move.climate and move.gap.missing_essential
    assert services.transition(wind, aircraft).destination.score != pytest.approx(move.score)
    climate_only = services.destinations_for_occupation(aircraft, climate_only=True, limit=50)
    assert len(climate_only) == 50 and all(d.climate for d in climate_only)
