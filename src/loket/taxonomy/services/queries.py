"""Reading a concept with everything its page or API answer shows."""

from ..models import FALLBACK_LANGUAGE, Broader, Concept, ConceptKind, Label, OccupationLevel, OccupationSkill, Relation, SkillRelation
from .lookup import language_of, with_labels

MAX_LISTED = 200


def ancestors(concept):
    """The chain of broader concepts, nearest first (ISCO or skill groups).
    Where a concept has several parents, the chain follows the first."""
    chain, seen, current = [], {concept.pk}, concept
    while True:
        if current.kind == ConceptKind.OCCUPATION and current.isco_group_id and current.isco_group_id not in seen:
            parent_id = current.isco_group_id
        else:
            parent_id = (
                Broader.objects.filter(narrower=current).exclude(broader_id__in=seen).order_by("broader__code", "broader_id")
                .values_list("broader_id", flat=True).first()
            )
        if parent_id is None:
            break
        current = with_labels(Concept.objects.all()).get(pk=parent_id)
        seen.add(current.pk)
        chain.append(current)
    return chain


def sorted_by_label(concepts):
    return sorted(concepts, key=lambda c: c.label().casefold())


def labels_of(concept, kind, language=None):
    language = language_of(language)
    texts = list(Label.objects.filter(concept=concept, kind=kind, language=language).values_list("text", flat=True))
    if not texts and language != FALLBACK_LANGUAGE:
        return [], list(
            Label.objects.filter(concept=concept, kind=kind, language=FALLBACK_LANGUAGE).values_list("text", flat=True)
        )
    return texts, []


def concept_details(concept):
    language = language_of()
    alternatives, alternatives_fallback = labels_of(concept, Label.Kind.ALTERNATIVE, language)
    details = {
        "concept": concept,
        "text": concept.text_in(language),
        "alternatives": alternatives,
        "alternatives_fallback": alternatives_fallback,
        "ancestors": ancestors(concept),
        "collections": [m.get_collection_display() for m in concept.collections.all()],
    }
    labelled = with_labels(Concept.objects.all())
    if concept.kind == ConceptKind.OCCUPATION:
        links = OccupationSkill.objects.filter(occupation=concept)
        skills = {l.skill_id: l.relation for l in links}
        skill_objects = labelled.filter(id__in=skills)
        details["essential"] = sorted_by_label(s for s in skill_objects if skills[s.id] == Relation.ESSENTIAL)
        details["optional"] = sorted_by_label(s for s in skill_objects if skills[s.id] == Relation.OPTIONAL)
        details["narrower"] = sorted_by_label(labelled.filter(broader_links__broader=concept))
        details["level"] = OccupationLevel.objects.filter(occupation=concept).first()
    elif concept.kind == ConceptKind.SKILL:
        needed_by = OccupationSkill.objects.filter(skill=concept)
        details["essential_count"] = needed_by.filter(relation=Relation.ESSENTIAL).count()
        details["optional_count"] = needed_by.filter(relation=Relation.OPTIONAL).count()
        details["essential_for"] = sorted_by_label(
            labelled.filter(skill_links__skill=concept, skill_links__relation=Relation.ESSENTIAL)[:MAX_LISTED]
        )
        details["optional_for"] = sorted_by_label(
            labelled.filter(skill_links__skill=concept, skill_links__relation=Relation.OPTIONAL)[:MAX_LISTED]
        )
        related_ids = set(SkillRelation.objects.filter(skill=concept).values_list("related_id", flat=True))
        related_ids |= set(SkillRelation.objects.filter(related=concept).values_list("skill_id", flat=True))
        details["related"] = sorted_by_label(labelled.filter(id__in=related_ids))
        details["narrower"] = sorted_by_label(labelled.filter(broader_links__broader=concept))
    else:
        children = labelled.filter(broader_links__broader=concept)
        if concept.kind == ConceptKind.ISCO_GROUP:
            children = children | labelled.filter(isco_group=concept)
        children = list(children.distinct()[:MAX_LISTED])
        details["groups"] = sorted_by_label(c for c in children if c.kind in (ConceptKind.ISCO_GROUP, ConceptKind.SKILL_GROUP))
        details["members"] = sorted_by_label(c for c in children if c.kind in (ConceptKind.OCCUPATION, ConceptKind.SKILL))
    return details
