"""Write a parsed ESCO release into the database, all or nothing.

Concepts are upserted by URI (their ids, and so our own data that points at
them, survive every re-import); labels, texts, relations and collections are
ESCO's alone and are replaced for whatever the release supplies.
"""

import time

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Broader,
    CollectionMembership,
    Concept,
    ConceptKind,
    ConceptText,
    Label,
    OccupationSkill,
    Release,
    SkillRelation,
)
from . import esco_csv

BATCH = 5000
OCCUPATION_PILLAR = (ConceptKind.OCCUPATION, ConceptKind.ISCO_GROUP)
SKILL_PILLAR = (ConceptKind.SKILL, ConceptKind.SKILL_GROUP)


class NullProgress:
    def start(self, label, total, unit="it"):
        pass

    def advance(self, amount=1):
        pass

    def finish(self):
        pass


def import_release(paths, version=None, progress=None):
    """Read and store a release; returns the new ``Release`` row.

    Raises ``EscoFormatError`` before anything is written when a file is
    malformed; a database error rolls the whole import back.
    """
    progress = progress or NullProgress()
    started = time.perf_counter()
    parsed = esco_csv.parse(paths, version=version, progress=progress)
    with transaction.atomic():
        ids = dict(Concept.objects.values_list("uri", "id"))
        esco_csv.check_references(parsed, ids.__contains__)
        steps = [
            (_("Concepten bijwerken"), len(parsed.concepts), write_concepts),
            (_("Labels en beschrijvingen"), len(parsed.labels) + len(parsed.texts), write_labels),
            (_("Relaties en hiërarchie"), relation_count(parsed), write_relations),
        ]
        for label, total, step in steps:
            progress.start(label, total)
            ids = step(parsed, ids, progress) or ids
            progress.finish()
        return Release.objects.create(
            version=parsed.version,
            languages=parsed.languages,
            sources=parsed.sources,
            counts=parsed.counts() | {"ignored_files": parsed.ignored},
            seconds=round(time.perf_counter() - started, 2),
        )


def relation_count(parsed):
    lists = [parsed.occupation_skills, parsed.skill_relations, parsed.occupation_broader, parsed.skill_broader]
    return sum(len(items) for items in lists if items) + sum(len(uris) for uris in parsed.collections.values())


def write_concepts(parsed, ids, progress):
    isco_by_code = {
        record.code: uri for uri, record in parsed.concepts.items() if record.kind == ConceptKind.ISCO_GROUP and record.code
    }
    if any(r.kind == ConceptKind.OCCUPATION for r in parsed.concepts.values()) and not isco_by_code:
        isco_by_code = dict(Concept.objects.filter(kind=ConceptKind.ISCO_GROUP).values_list("code", "uri"))
    objects = [
        Concept(
            uri=uri,
            kind=record.kind,
            code=record.code,
            status=record.status,
            skill_type=record.skill_type,
            reuse_level=record.reuse_level,
            modified=record.modified,
            release_version=parsed.version,
        )
        for uri, record in parsed.concepts.items()
    ]
    for start in range(0, len(objects), BATCH):
        batch = objects[start : start + BATCH]
        Concept.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["uri"],
            update_fields=["kind", "code", "status", "skill_type", "reuse_level", "modified", "release_version"],
        )
        progress.advance(len(batch))
    ids = dict(Concept.objects.values_list("uri", "id"))

    # The occupation's ISCO unit group, by the code in its row.
    by_isco = {}
    for uri, record in parsed.concepts.items():
        if record.kind == ConceptKind.OCCUPATION:
            isco_uri = isco_by_code.get(record.isco_code)
            by_isco.setdefault(ids.get(isco_uri), []).append(ids[uri])
    for isco_id, occupation_ids in by_isco.items():
        for start in range(0, len(occupation_ids), BATCH):
            Concept.objects.filter(id__in=occupation_ids[start : start + BATCH]).update(isco_group_id=isco_id)

    # A concept that a full file of this release no longer lists is kept,
    # because our data may point to it, but is no longer "released".
    full_kinds = {kind for _language, kind in parsed.label_scopes}
    Concept.objects.filter(kind__in=full_kinds).exclude(release_version=parsed.version).update(status="obsolete")
    return ids


def write_labels(parsed, ids, progress):
    for language, kind in sorted(parsed.label_scopes):
        Label.objects.filter(language=language, concept__kind=kind).delete()
        ConceptText.objects.filter(language=language, concept__kind=kind).delete()
    labels = [Label(concept_id=ids[uri], language=lang, kind=kind, text=text) for uri, lang, kind, text in parsed.labels]
    bulk_insert(Label, labels, progress)
    texts = [ConceptText(concept_id=ids[uri], language=lang, **fields) for uri, lang, fields in parsed.texts]
    bulk_insert(ConceptText, texts, progress)


def write_relations(parsed, ids, progress):
    if parsed.occupation_skills is not None:
        OccupationSkill.objects.all().delete()
        bulk_insert(
            OccupationSkill,
            [OccupationSkill(occupation_id=ids[o], skill_id=ids[s], relation=r) for o, s, r in parsed.occupation_skills],
            progress,
        )
    if parsed.skill_relations is not None:
        SkillRelation.objects.all().delete()
        bulk_insert(
            SkillRelation,
            [SkillRelation(skill_id=ids[s], related_id=ids[t], relation=r) for s, t, r in parsed.skill_relations],
            progress,
        )
    for edges, pillar in ((parsed.occupation_broader, OCCUPATION_PILLAR), (parsed.skill_broader, SKILL_PILLAR)):
        if edges is not None:
            Broader.objects.filter(narrower__kind__in=pillar).delete()
            bulk_insert(Broader, [Broader(narrower_id=ids[n], broader_id=ids[b]) for n, b in edges], progress)
    for name, uris in parsed.collections.items():
        CollectionMembership.objects.filter(collection=name).delete()
        members = {ids[uri] for uri in uris}
        bulk_insert(CollectionMembership, [CollectionMembership(concept_id=i, collection=name) for i in members], progress)
        progress.advance(len(uris) - len(members))


def bulk_insert(model, objects, progress):
    for start in range(0, len(objects), BATCH):
        batch = objects[start : start + BATCH]
        model.objects.bulk_create(batch)
        progress.advance(len(batch))
