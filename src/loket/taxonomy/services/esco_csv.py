"""Read an official ESCO CSV release into plain data, validating as it goes.

No database here: the reader turns folders or downloaded zips (one per
language) into a ``ParsedRelease``; ``importer`` writes that in one
transaction. Any defect stops the read with the file, line and column, so
nothing is written from a malformed release.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _

FILE_NAME = re.compile(r"^(?P<stem>[A-Za-z]+)_(?P<lang>[a-z]{2}(?:-[A-Za-z]+)?)\.csv$")
VERSION = re.compile(r"v(?P<version>\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)
URI = re.compile(r"^https?://\S+$")

# Files that carry concepts: stem -> (kind, columns that must be present).
CONCEPT_FILES = {
    "occupations": ("occupation", ["conceptUri", "preferredLabel", "iscoGroup"]),
    "skills": ("skill", ["conceptUri", "preferredLabel", "skillType"]),
    "skillGroups": ("skill_group", ["conceptUri", "preferredLabel"]),
    "ISCOGroups": ("isco_group", ["conceptUri", "preferredLabel", "code"]),
}
COLLECTION_FILES = {
    "greenSkillsCollection": "green",
    "digitalSkillsCollection": "digital",
    "digCompSkillsCollection": "digcomp",
    "transversalSkillsCollection": "transversal",
    "languageSkillsCollection": "language",
    "researchSkillsCollection": "research",
    "researchOccupationsCollection": "research",
}
RELATION_FILES = {
    "occupationSkillRelations": ["occupationUri", "relationType", "skillUri"],
    "skillSkillRelations": ["originalSkillUri", "relationType", "relatedSkillUri"],
    "broaderRelationsOccPillar": ["conceptUri", "broaderUri"],
    "broaderRelationsSkillPillar": ["conceptUri", "broaderUri"],
}
# Known, but derived from the files above, or metadata we do not keep.
DERIVED_FILES = {"skillsHierarchy", "conceptSchemes", "dictionary", "greenShareOcc", "ictSkillsCollection"}

SKILL_TYPES = {"knowledge", "skill/competence", ""}
REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific", ""}
RELATION_TYPES = {"essential", "optional"}
LABEL_SEPARATOR = re.compile(r"\r?\n")


class EscoFormatError(Exception):
    """A defect in a release file, located as precisely as the file allows."""

    def __init__(self, file, message, line=None, column=None):
        self.file, self.message, self.line, self.column = file, message, line, column
        # Worded now, in the language the message itself was worded in; not
        # later, when another language may be active.
        where = file
        if line is not None:
            where += ", " + _("regel %(line)s") % {"line": line}
        if column is not None:
            where += ", " + _("kolom %(column)s") % {"column": column}
        super().__init__(f"{where}: {message}")


@dataclass
class SourceFile:
    name: str  # as shown to the user, e.g. "nl.zip:occupations_nl.csv"
    stem: str
    language: str
    size: int
    opener: object  # () -> binary file object

    def open_text(self):
        return io.TextIOWrapper(self.opener(), encoding="utf-8-sig", newline="")


@dataclass
class ConceptRecord:
    kind: str
    code: str = ""
    status: str = "released"
    skill_type: str = ""
    reuse_level: str = ""
    isco_code: str = ""
    modified: datetime | None = None


@dataclass
class ParsedRelease:
    version: str
    languages: list[str]
    sources: list[str]
    concepts: dict[str, ConceptRecord] = field(default_factory=dict)
    # (language, kind) pairs whose labels this release replaces.
    label_scopes: set[tuple[str, str]] = field(default_factory=set)
    labels: list[tuple[str, str, str, str]] = field(default_factory=list)  # uri, language, kind, text
    texts: list[tuple[str, str, dict]] = field(default_factory=list)  # uri, language, fields
    occupation_skills: list[tuple[str, str, str]] | None = None
    skill_relations: list[tuple[str, str, str]] | None = None
    occupation_broader: list[tuple[str, str]] | None = None
    skill_broader: list[tuple[str, str]] | None = None
    collections: dict[str, list[str]] = field(default_factory=dict)
    # Which file each relation list or collection came from, for messages.
    origins: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def counts(self):
        kinds = {}
        for record in self.concepts.values():
            kinds[record.kind] = kinds.get(record.kind, 0) + 1
        labels = {}
        for _uri, language, _kind, _text in self.labels:
            labels[language] = labels.get(language, 0) + 1
        optional_len = lambda rows: None if rows is None else len(rows)  # noqa: E731
        return {
            "concepts": kinds,
            "labels": labels,
            "occupation_skills": optional_len(self.occupation_skills),
            "skill_relations": optional_len(self.skill_relations),
            "occupation_broader": optional_len(self.occupation_broader),
            "skill_broader": optional_len(self.skill_broader),
            "collections": {name: len(uris) for name, uris in self.collections.items()},
        }


def discover(paths):
    """Find the release files in folders and zips; return (files, version)."""
    files, versions = [], set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise EscoFormatError(str(path), _("dit pad bestaat niet"))
        match = VERSION.search(str(path.resolve()))
        if match:
            versions.add(match.group("version"))
        if path.is_dir():
            for file in sorted(path.iterdir()):
                parsed = FILE_NAME.match(file.name)
                if parsed and file.is_file():
                    files.append(
                        SourceFile(
                            name=f"{path.name}/{file.name}",
                            stem=parsed["stem"],
                            language=parsed["lang"],
                            size=file.stat().st_size,
                            opener=lambda file=file: open(file, "rb"),
                        )
                    )
        elif zipfile.is_zipfile(path):
            archive = zipfile.ZipFile(path)
            for info in archive.infolist():
                parsed = FILE_NAME.match(Path(info.filename).name)
                if parsed and not info.is_dir():
                    files.append(
                        SourceFile(
                            name=f"{path.name}:{Path(info.filename).name}",
                            stem=parsed["stem"],
                            language=parsed["lang"],
                            size=info.file_size,
                            opener=lambda archive=archive, info=info: archive.open(info),
                        )
                    )
        else:
            raise EscoFormatError(str(path), _("geen map en geen zip-bestand van een ESCO-release"))
    if not any(f.stem in CONCEPT_FILES for f in files):
        raise EscoFormatError(
            ", ".join(str(p) for p in paths),
            _("geen ESCO-bestanden gevonden (verwacht bijvoorbeeld occupations_nl.csv of skills_en.csv)"),
        )
    if len(versions) > 1:
        raise EscoFormatError(
            ", ".join(str(p) for p in paths),
            _("de paden horen bij verschillende ESCO-versies: %(versions)s") % {"versions": ", ".join(sorted(versions))},
        )
    return files, (versions.pop() if versions else "")


def rows(source, required):
    """Yield (line, row dict) per record, checking header and field count."""
    try:
        handle = source.open_text()
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise EscoFormatError(source.name, _("het bestand is leeg"), line=1) from None
        header = [name.strip() for name in header]
        for column in required:
            if column not in header:
                raise EscoFormatError(
                    source.name, _("verplichte kolom ontbreekt in de kopregel"), line=1, column=column
                )
        end_of_previous = reader.line_num
        for values in reader:
            line = end_of_previous + 1
            end_of_previous = reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                raise EscoFormatError(
                    source.name,
                    _("%(found)s velden gevonden, de kopregel heeft er %(expected)s") % {"found": len(values), "expected": len(header)},
                    line=line,
                )
            yield line, dict(zip(header, values))
    except csv.Error as error:
        raise EscoFormatError(source.name, _("ongeldige CSV: %(error)s") % {"error": error}, line=reader.line_num) from None
    except UnicodeDecodeError:
        raise EscoFormatError(
            source.name, _("geen geldige UTF-8-tekst"), line=reader.line_num + 1
        ) from None


def check_uri(source, line, row, column):
    value = row[column].strip()
    if not URI.match(value):
        raise EscoFormatError(source.name, _("geen geldige URI: %(value)r") % {"value": value[:80]}, line=line, column=column)
    return value


def check_choice(source, line, row, column, allowed):
    value = row.get(column, "").strip()
    if value not in allowed:
        raise EscoFormatError(
            source.name,
            _("onbekende waarde %(value)r (toegestaan: %(allowed)s)")
            % {"value": value[:80], "allowed": ", ".join(sorted(a for a in allowed if a))},
            line=line,
            column=column,
        )
    return value


def check_date(source, line, row, column):
    value = row.get(column, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise EscoFormatError(source.name, _("geen geldige datum: %(value)r") % {"value": value[:40]}, line=line, column=column) from None


def split_labels(value):
    return [label.strip() for label in LABEL_SEPARATOR.split(value) if label.strip()]


def parse(paths, version=None, progress=None):
    files, detected = discover(paths)
    # Non-label attributes come from English when present: every language
    # file repeats them, and English is the one ESCO releases complete.
    languages = sorted({f.language for f in files}, key=lambda lang: (lang != "en", lang))
    files.sort(key=lambda f: (languages.index(f.language), f.name))
    release = ParsedRelease(version=version or detected or "unknown", languages=languages, sources=[f.name for f in files])
    if progress:
        progress.start(_("ESCO-bestanden lezen"), sum(f.size for f in files), unit="B")
    seen_relation_stems = set()
    for source in files:
        if source.stem in CONCEPT_FILES:
            read_concepts(source, release)
        elif source.stem in COLLECTION_FILES:
            if source.language == languages[0]:
                read_collection(source, release)
        elif source.stem in RELATION_FILES:
            # Relations do not depend on language; read them once.
            if source.stem not in seen_relation_stems:
                seen_relation_stems.add(source.stem)
                read_relations(source, release)
        elif source.stem not in DERIVED_FILES:
            release.ignored.append(source.name)
        if progress:
            progress.advance(source.size)
    if progress:
        progress.finish()
    return release


def read_concepts(source, release):
    kind, required = CONCEPT_FILES[source.stem]
    release.label_scopes.add((source.language, kind))
    seen = set()
    for line, row in rows(source, required):
        uri = check_uri(source, line, row, "conceptUri")
        if uri in seen:
            raise EscoFormatError(source.name, _("dubbel concept %(uri)s") % {"uri": uri}, line=line, column="conceptUri")
        seen.add(uri)
        record = release.concepts.get(uri)
        if record is None:
            record = release.concepts[uri] = ConceptRecord(kind=kind)
            record.status = row.get("status", "").strip() or "released"
            record.code = row.get("code", "").strip()
            record.modified = check_date(source, line, row, "modifiedDate")
            if kind == "skill":
                record.skill_type = check_choice(source, line, row, "skillType", SKILL_TYPES)
                record.reuse_level = check_choice(source, line, row, "reuseLevel", REUSE_LEVELS)
            if kind == "occupation":
                record.isco_code = row["iscoGroup"].strip()
        elif record.kind != kind:
            raise EscoFormatError(
                source.name, _("URI staat ook als ander soort concept in de release"), line=line, column="conceptUri"
            )
        preferred = row["preferredLabel"].strip()
        if not preferred:
            raise EscoFormatError(source.name, _("het voorkeurslabel is leeg"), line=line, column="preferredLabel")
        lang = source.language
        release.labels.append((uri, lang, "preferred", preferred))
        for text in split_labels(row.get("altLabels", "")):
            release.labels.append((uri, lang, "alternative", text))
        for text in split_labels(row.get("hiddenLabels", "")):
            release.labels.append((uri, lang, "hidden", text))
        texts = {
            "description": row.get("description", "").strip(),
            "definition": row.get("definition", "").strip(),
            "scope_note": row.get("scopeNote", "").strip(),
            "regulated_note": row.get("regulatedProfessionNote", "").strip(),
        }
        if any(texts.values()):
            release.texts.append((uri, lang, texts))


def read_collection(source, release):
    name = COLLECTION_FILES[source.stem]
    members = release.collections.setdefault(name, [])
    release.origins[f"collection:{name}"] = source.name
    for line, row in rows(source, ["conceptUri"]):
        members.append(check_uri(source, line, row, "conceptUri"))


def read_relations(source, release):
    stem = source.stem
    required = RELATION_FILES[stem]
    result, seen = [], set()
    for line, row in rows(source, required):
        if stem == "occupationSkillRelations":
            key = item = (
                check_uri(source, line, row, "occupationUri"),
                check_uri(source, line, row, "skillUri"),
                check_choice(source, line, row, "relationType", RELATION_TYPES),
            )
        elif stem == "skillSkillRelations":
            key = (check_uri(source, line, row, "originalSkillUri"), check_uri(source, line, row, "relatedSkillUri"))
            item = (*key, check_choice(source, line, row, "relationType", RELATION_TYPES))
        else:
            key = item = (check_uri(source, line, row, "conceptUri"), check_uri(source, line, row, "broaderUri"))
        if key in seen:
            raise EscoFormatError(source.name, _("dubbele relatie"), line=line)
        seen.add(key)
        result.append(item)
    attribute = {
        "occupationSkillRelations": "occupation_skills",
        "skillSkillRelations": "skill_relations",
        "broaderRelationsOccPillar": "occupation_broader",
        "broaderRelationsSkillPillar": "skill_broader",
    }[stem]
    setattr(release, attribute, result)
    release.origins[attribute] = source.name


def check_references(release, is_known):
    """Every relation must point at a concept of this release or, when only
    part of a release is imported, at one already stored (``is_known``)."""
    lists = {name: getattr(release, name) or () for name in ("occupation_skills", "skill_relations", "occupation_broader", "skill_broader")}
    lists.update({f"collection:{name}": [(uri,) for uri in uris] for name, uris in release.collections.items()})
    for name, items in lists.items():
        missing = sorted({uri for item in items for uri in item[:2] if uri not in release.concepts and not is_known(uri)})
        if missing:
            raise EscoFormatError(
                release.origins.get(name, name),
                _("verwijst naar %(count)s onbekende concepten, bijvoorbeeld %(uri)s") % {"count": len(missing), "uri": missing[0]},
            )
