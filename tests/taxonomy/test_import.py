"""Importing an ESCO CSV release: counts, idempotence, partial languages,
and all-or-nothing behaviour on malformed files."""

import csv
import shutil
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from loket.taxonomy.models import (
    Broader,
    CollectionMembership,
    Concept,
    ConceptKind,
    Label,
    Occupation,
    OccupationLevel,
    OccupationSkill,
    Release,
    Skill,
    SkillRelation,
)
from loket.taxonomy.services.esco_csv import EscoFormatError
from loket.taxonomy.services.importer import import_release
from loket.taxonomy.services.sample import SAMPLE_DIR, SAMPLE_PATHS

pytestmark = pytest.mark.django_db


def csv_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def database_state():
    return {
        "concepts": Concept.objects.count(),
        "labels": Label.objects.count(),
        "occupation_skills": OccupationSkill.objects.count(),
        "broader": Broader.objects.count(),
        "releases": Release.objects.count(),
    }


def copy_sample(tmp_path, name="v1.2.0"):
    target = tmp_path / name
    shutil.copytree(SAMPLE_DIR, target)
    return target


def test_sample_import_stores_what_the_files_hold(sample_taxonomy):
    en = SAMPLE_DIR / "en"
    assert Occupation.objects.count() == len(csv_rows(en / "occupations_en.csv"))
    assert Skill.objects.count() == len(csv_rows(en / "skills_en.csv"))
    assert OccupationSkill.objects.count() == len(csv_rows(en / "occupationSkillRelations_en.csv"))
    assert SkillRelation.objects.count() == len(csv_rows(en / "skillSkillRelations_en.csv"))
    assert Broader.objects.count() == len(csv_rows(en / "broaderRelationsOccPillar_en.csv")) + len(
        csv_rows(en / "broaderRelationsSkillPillar_en.csv")
    )
    green = {row["conceptUri"] for row in csv_rows(en / "greenSkillsCollection_en.csv")}
    assert set(CollectionMembership.objects.filter(collection="green").values_list("concept__uri", flat=True)) == green
    assert sample_taxonomy.languages == ["en", "nl"]


def test_labels_alternatives_and_isco_group_are_linked(sample_taxonomy):
    row = next(r for r in csv_rows(SAMPLE_DIR / "en" / "occupations_en.csv") if r["preferredLabel"] == "electrician")
    electrician = Occupation.objects.get(uri=row["conceptUri"])
    assert electrician.label("en") == "electrician"
    assert electrician.isco_group.code == row["iscoGroup"]
    alternatives = set(electrician.labels.filter(language="en", kind="alternative").values_list("text", flat=True))
    assert alternatives == {line.strip() for line in row["altLabels"].splitlines() if line.strip()}
    essential = OccupationSkill.objects.filter(occupation=electrician, relation="essential").count()
    assert essential > 5


def test_reimport_updates_in_place_and_keeps_our_own_data(sample_taxonomy):
    occupation = Occupation.objects.first()
    OccupationLevel.objects.create(occupation=occupation, nlqf=4, note="eigen toevoeging")
    ids_before = dict(Concept.objects.values_list("uri", "id"))
    state_before = database_state()

    import_release(SAMPLE_PATHS, version="1.2.0-sample")

    assert dict(Concept.objects.values_list("uri", "id")) == ids_before
    state_after = database_state()
    assert state_after == state_before | {"releases": state_before["releases"] + 1}
    assert OccupationLevel.objects.get(occupation=occupation).note == "eigen toevoeging"


def test_a_changed_label_is_updated_and_a_dropped_concept_marked_obsolete(tmp_path, sample_taxonomy):
    release = copy_sample(tmp_path, "v9.9.9")
    path = release / "en" / "occupations_en.csv"
    rows = csv_rows(path)
    dropped, renamed = rows[0], rows[1]
    renamed["preferredLabel"] = "renamed occupation"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows[1:])
    # The relations of the dropped occupation go too, or the import would refuse.
    relations = [r for r in csv_rows(release / "en" / "occupationSkillRelations_en.csv") if r["occupationUri"] != dropped["conceptUri"]]
    with open(release / "en" / "occupationSkillRelations_en.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(relations[0].keys()))
        writer.writeheader()
        writer.writerows(relations)

    result = import_release([release / "en"])

    assert result.version == "9.9.9"
    assert Occupation.objects.get(uri=renamed["conceptUri"]).label("en") == "renamed occupation"
    gone = Occupation.objects.get(uri=dropped["conceptUri"])
    assert gone.status == "obsolete" and gone.is_obsolete


def test_a_language_covering_part_of_the_release_falls_back_to_english(db, tmp_path):
    release = copy_sample(tmp_path)
    (release / "nl" / "skills_nl.csv").unlink()
    import_release([release / "en", release / "nl"])
    skill = Skill.objects.get(uri=csv_rows(SAMPLE_DIR / "en" / "skills_en.csv")[0]["conceptUri"])
    occupation = Occupation.objects.first()
    assert skill.label_in("nl")[1] == "en"
    assert occupation.label_in("nl")[1] == "nl"
    assert not Label.objects.filter(concept__kind=ConceptKind.SKILL, language="nl").exists()


def test_zip_downloads_are_read_like_folders(tmp_path, db):
    archives = []
    for language in ("en", "nl"):
        archive = tmp_path / f"ESCO dataset - v1.2.0 - classification - {language} - csv.zip"
        with zipfile.ZipFile(archive, "w") as handle:
            for file in (SAMPLE_DIR / language).glob("*.csv"):
                handle.write(file, f"{language}/{file.name}")
        archives.append(archive)
    release = import_release(archives)
    assert release.version == "1.2.0"
    assert Occupation.objects.count() == len(csv_rows(SAMPLE_DIR / "en" / "occupations_en.csv"))


@pytest.mark.parametrize(
    "file, damage, expected",
    [
        ("skills_en.csv", lambda text: text.replace("skill/competence", "vaardigheid", 1), ("skills_en.csv", "regel 2", "kolom skillType")),
        ("occupations_en.csv", lambda text: text.replace("conceptUri", "conceptURI", 1), ("occupations_en.csv", "regel 1", "kolom conceptUri")),
        ("occupationSkillRelations_en.csv", lambda text: text + "http://data.europa.eu/esco/occupation/x,essential\n", ("occupationSkillRelations_en.csv", "regel", "velden")),
        ("skillSkillRelations_en.csv", lambda text: text.replace("http://data.europa.eu/esco/skill/", "not a uri ", 1), ("skillSkillRelations_en.csv", "regel 2", "kolom originalSkillUri")),
        ("occupations_en.csv", lambda text: text + 'Occupation,"unterminated', ("occupations_en.csv", "regel")),
        ("occupationSkillRelations_en.csv", lambda text: text.rstrip("\n") + "\nhttp://data.europa.eu/esco/occupation/unknown,essential,knowledge,http://data.europa.eu/esco/skill/unknown\n", ("occupationSkillRelations_en.csv", "onbekende concepten")),
    ],
)
def test_a_malformed_file_is_refused_with_its_place_and_nothing_changes(tmp_path, sample_taxonomy, file, damage, expected):
    release = copy_sample(tmp_path)
    path = release / "en" / file
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = database_state()

    with translation.override("nl"), pytest.raises(EscoFormatError) as raised:
        import_release([release / "en", release / "nl"])

    message = str(raised.value)
    for part in expected:
        assert part in message
    assert database_state() == before


def test_invalid_utf8_is_reported_with_the_line(tmp_path, db):
    release = copy_sample(tmp_path)
    path = release / "en" / "skillGroups_en.csv"
    data = path.read_bytes().split(b"\n")
    data[3] = data[3] + b"\xff\xfe"
    path.write_bytes(b"\n".join(data))
    with translation.override("nl"), pytest.raises(EscoFormatError, match="skillGroups_en.csv, regel .*UTF-8"):
        import_release([release / "en"])
    assert not Concept.objects.exists()


def test_the_command_reports_errors_in_english_too(tmp_path, db):
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_esco", str(tmp_path / "nowhere"))
    assert "Nothing has been changed" in str(raised.value)
    assert "does not exist" in str(raised.value)
    assert not Release.objects.exists()


def test_the_command_imports_the_sample_by_default(db, capsys, settings):
    settings.LOKET_ESCO_PATH = ""
    call_command("import_esco")
    assert "15" in capsys.readouterr().out
    assert Release.objects.get().version == "1.2.0-sample"
