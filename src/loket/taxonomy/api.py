from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Query, Router, Schema

from .models import Concept, ConceptKind, Release
from .services import lookup
from .services.queries import concept_details

router = Router(tags=["taxonomy"])
Language = Literal["nl", "en"]


class ConceptOut(Schema):
    id: int
    uri: str
    kind: str
    code: str
    label: str
    label_language: str = Field(description="Taal van het label; wijkt af als de gekozen taal dit concept niet dekt")

    @staticmethod
    def of(concept):
        label, language = concept.label_in()
        return {"id": concept.pk, "uri": concept.uri, "kind": concept.kind, "code": concept.code, "label": label, "label_language": language}


class SearchHit(ConceptOut):
    matched: str = Field(description="Het label dat het best overeenkwam")
    matched_kind: str
    score: float


class ConceptDetailOut(ConceptOut):
    status: str
    description: str
    alternative_labels: list[str]
    skill_type: str
    reuse_level: str
    collections: list[str]
    broader: list[ConceptOut] = Field(description="Hiërarchie, dichtstbijzijnde eerst")
    essential_skills: list[ConceptOut] = []
    optional_skills: list[ConceptOut] = []
    essential_for: list[ConceptOut] = []
    optional_for: list[ConceptOut] = []
    related_skills: list[ConceptOut] = []
    narrower: list[ConceptOut] = []
    nlqf_level: int | None = None


class ExtractIn(Schema):
    text: str = Field(min_length=1, max_length=20000)
    min_confidence: float = Field(0.5, ge=0, le=1)


class ExtractedSkill(ConceptOut):
    start: int
    end: int
    text: str = Field(description="Het stuk tekst waarin de vaardigheid is herkend")
    confidence: float


class ReleaseOut(Schema):
    version: str
    languages: list[str]
    counts: dict
    imported_at: str
    seconds: float


class SearchParams(Schema):
    q: str = Field(min_length=1, max_length=200, description="Zoekterm; typefouten en woordvolgorde mogen")
    kind: Literal["occupation", "skill"] | None = None
    lang: Language | None = None
    limit: int = Field(10, ge=1, le=50)


def in_language(lang):
    return translation.override(lang) if lang else translation.override(translation.get_language())


@router.get("/search", response=list[SearchHit], summary="Zoek beroepen en vaardigheden (autocomplete)")
def search(request, params: Query[SearchParams]):
    kinds = [params.kind] if params.kind else [ConceptKind.OCCUPATION, ConceptKind.SKILL]
    with in_language(params.lang):
        results = lookup.search(params.q, kinds=kinds, limit=params.limit)
        return [
            {**ConceptOut.of(concept), "matched": hit.matched, "matched_kind": hit.label_kind, "score": hit.score}
            for hit, concept in results
        ]


def detail(concept):
    details = concept_details(concept)
    text = details["text"]
    many = lambda key: [ConceptOut.of(c) for c in details.get(key, [])]  # noqa: E731
    level = details.get("level")
    return {
        **ConceptOut.of(concept),
        "status": concept.status,
        "description": text.description if text else "",
        "alternative_labels": details["alternatives"] or details["alternatives_fallback"],
        "skill_type": concept.skill_type,
        "reuse_level": concept.reuse_level,
        "collections": [m.collection for m in concept.collections.all()],
        "broader": [ConceptOut.of(c) for c in details["ancestors"]],
        "essential_skills": many("essential"),
        "optional_skills": many("optional"),
        "essential_for": many("essential_for"),
        "optional_for": many("optional_for"),
        "related_skills": many("related"),
        "narrower": many("narrower") + many("groups") + many("members"),
        "nlqf_level": level.nlqf if level else None,
    }


@router.get("/concepts/{concept_id}", response=ConceptDetailOut, summary="Een beroep, vaardigheid of groep")
def concept(request, concept_id: int, lang: Language | None = None):
    with in_language(lang):
        return detail(get_object_or_404(lookup.with_labels(Concept.objects.all()), pk=concept_id))


@router.get("/lookup", response=ConceptDetailOut, summary="Een concept op zijn ESCO-URI")
def concept_by_uri(request, uri: str, lang: Language | None = None):
    with in_language(lang):
        return detail(get_object_or_404(lookup.with_labels(Concept.objects.all()), uri=uri))


@router.post("/extract", response=list[ExtractedSkill], summary="Herken vaardigheden in vrije tekst")
def extract(request, payload: ExtractIn, lang: Language | None = None):
    with in_language(lang):
        results = lookup.extract_skills(payload.text, min_confidence=payload.min_confidence)
        return [
            {**ConceptOut.of(concept), "start": m.start, "end": m.end, "text": m.text, "confidence": m.confidence}
            for m, concept in results
        ]


@router.get("/releases", response=list[ReleaseOut], summary="Geïmporteerde ESCO-releases, nieuwste eerst")
def releases(request):
    return [
        {"version": r.version, "languages": r.languages, "counts": r.counts, "imported_at": r.imported_at.isoformat(), "seconds": r.seconds}
        for r in Release.objects.all()[:20]
    ]
