"""The taxonomy's read side for pages and API: search and concept loading,
with one in-memory search index per language, rebuilt after an import."""

import threading

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import get_language

from ..models import FALLBACK_LANGUAGE, Concept, ConceptKind, Label, Release
from .search import Entry, LabelIndex

SEARCHABLE = (ConceptKind.OCCUPATION, ConceptKind.SKILL)
_built = {}  # key -> (release stamp, object built from that release)
_lock = threading.Lock()


def current_release_stamp():
    """What the cached indexes were built from. The id alone is not enough:
    a rolled-back transaction (or a restored database) can hand out the same
    id again for different content; the import time cannot repeat."""
    return Release.objects.order_by("-id").values_list("id", "imported_at").first()


def built_for_current_release(key, build):
    """``build()``'s result, kept until a new import appears; built once
    even when several requests ask at the same moment."""
    stamp = current_release_stamp()
    cached = _built.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    with _lock:
        cached = _built.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        result = build()
        _built[key] = (stamp, result)
        return result


def language_of(language=None):
    return (language or get_language() or FALLBACK_LANGUAGE)[:2]


def preferred_labels_and_languages(concept_ids, language=None):
    """{id: (preferred label, its language)}: the page's language, else English.

    *concept_ids* may be ids or a queryset of ids (a subquery); plain rows,
    because the lists run to thousands (every occupation, a CSV of skills)."""
    language = language_of(language)
    if not isinstance(concept_ids, models.QuerySet):
        concept_ids = list(concept_ids)
    rows = Label.objects.filter(concept_id__in=concept_ids, kind=Label.Kind.PREFERRED, language__in={language, FALLBACK_LANGUAGE})
    labels = {}
    for concept_id, label_language, text in rows.values_list("concept_id", "language", "text").iterator(chunk_size=20000):
        if label_language == language or concept_id not in labels:
            labels[concept_id] = (text, label_language)
    return labels


def preferred_labels(concept_ids, language=None):
    """{id: preferred label}: the page's language, else English (concepts without either are left out)."""
    return {concept_id: text for concept_id, (text, _language) in preferred_labels_and_languages(concept_ids, language).items()}


def index_for(language):
    """The search index for a language: its own labels, plus the English
    ones, because a language may cover only part of ESCO and people type
    English technical terms in Dutch too."""

    def build():
        rows = Label.objects.filter(language__in={language, FALLBACK_LANGUAGE}, concept__kind__in=SEARCHABLE).values_list(
            "concept_id", "concept__kind", "text", "kind", "language"
        )
        return LabelIndex((Entry(*row) for row in rows.iterator(chunk_size=20000)), language)

    return built_for_current_release(("search", language), build)


def search(query, kinds=SEARCHABLE, language=None, limit=10):
    """Hits joined with their concepts: [(hit, concept)], best first."""
    language = language_of(language)
    hits = index_for(language).search(query, kinds=kinds, limit=limit)
    concepts = with_labels(Concept.objects.filter(id__in=[hit.concept_id for hit in hits]), language).in_bulk()
    return [(hit, concepts[hit.concept_id]) for hit in hits if hit.concept_id in concepts]


def with_labels(queryset, language=None):
    """Prefetch the preferred labels that ``Concept.label_in`` reads."""
    language = language_of(language)
    return queryset.prefetch_related(
        Prefetch(
            "labels",
            queryset=Label.objects.filter(kind=Label.Kind.PREFERRED, language__in={language, FALLBACK_LANGUAGE}),
        )
    )


def recogniser():
    """The skill recogniser over every skill label in every language."""
    from .extraction import SkillRecogniser, Term

    def build():
        rows = Label.objects.filter(concept__kind=ConceptKind.SKILL).values_list("concept_id", "text", "kind", "language")
        return SkillRecogniser(Term(*row) for row in rows.iterator(chunk_size=20000))

    return built_for_current_release(("recogniser",), build)


def extract_skills(text, language=None, min_confidence=0.5):
    """[(match, concept)] for the skills recognised in the text."""
    matches = recogniser().recognise(text, min_confidence=min_confidence)
    concepts = with_labels(Concept.objects.filter(id__in=[m.concept_id for m in matches]), language).in_bulk()
    return [(match, concepts[match.concept_id]) for match in matches if match.concept_id in concepts]
