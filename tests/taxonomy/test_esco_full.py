"""The full ESCO v1.2.0 release from ../shared imports completely, on
whichever database the suite runs against (SQLite, or PostgreSQL in CI)."""

import csv

import pytest

from loket.taxonomy.models import Broader, CollectionMembership, Label, Occupation, OccupationSkill, Skill, SkillRelation
from loket.taxonomy.services import lookup
from loket.taxonomy.services.importer import import_release
from tests.conftest import require_shared_esco

pytestmark = [pytest.mark.esco_full, pytest.mark.django_db]


def row_count(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for _row in csv.DictReader(handle))


@pytest.fixture(scope="module")
def release_dir():
    return require_shared_esco()


def test_the_full_release_imports_with_the_counts_of_its_files(release_dir):
    en = release_dir / "en"
    release = import_release([en, release_dir / "nl"])

    assert release.version == "1.2.0" and release.languages == ["en", "nl"]
    assert Occupation.objects.count() == row_count(en / "occupations_en.csv") == 3039
    assert Skill.objects.count() == row_count(en / "skills_en.csv") == 13939
    assert OccupationSkill.objects.count() == row_count(en / "occupationSkillRelations_en.csv") == 129004
    assert SkillRelation.objects.count() == row_count(en / "skillSkillRelations_en.csv")
    assert Broader.objects.count() == row_count(en / "broaderRelationsOccPillar_en.csv") + row_count(
        en / "broaderRelationsSkillPillar_en.csv"
    )
    assert CollectionMembership.objects.filter(collection="green").count() == row_count(en / "greenSkillsCollection_en.csv")
    assert Label.objects.filter(language="nl", kind="preferred").count() == sum(
        row_count(release_dir / "nl" / name) for name in ("occupations_nl.csv", "ISCOGroups_nl.csv", "skillGroups_nl.csv")
    )
    assert not Occupation.objects.filter(isco_group__isnull=True).exists()

    # Dutch covers occupations but not skills: skills fall back to English.
    electrician = Occupation.objects.get(uri="http://data.europa.eu/esco/occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0")
    assert electrician.label_in("nl")[1] == "nl" and electrician.label_in("en")[0] == "electrician"
    assert electrician.isco_group.code == "7411"
    assert Skill.objects.first().label_in("nl")[1] == "en"

    hits = lookup.search("elektricien", language="nl", limit=3)
    assert any("elektricien" in hit.matched for hit, _concept in hits)
