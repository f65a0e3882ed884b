"""Search and autocomplete as a person types: exact labels first, typos and
word order forgiven, in Dutch and English."""

import pytest

from loket.taxonomy.models import ConceptKind
from loket.taxonomy.services import lookup
from loket.taxonomy.services.search import Entry, LabelIndex

pytestmark = pytest.mark.django_db


def first_labels(query, language, kinds=(ConceptKind.OCCUPATION, ConceptKind.SKILL), limit=3):
    return [concept.label(language) for _hit, concept in lookup.search(query, kinds=kinds, language=language, limit=limit)]


def test_an_exact_preferred_label_comes_first(sample_taxonomy):
    assert first_labels("electrician", "en")[0] == "electrician"
    assert first_labels("lasser", "nl")[0] == "lasser"


def test_typos_are_forgiven(sample_taxonomy):
    assert first_labels("elektrcien", "nl", kinds=[ConceptKind.OCCUPATION])[0] == "monteur elektrische installaties"
    assert "welder" in first_labels("weldr", "en", kinds=[ConceptKind.OCCUPATION])


def test_word_order_does_not_matter(sample_taxonomy):
    assert first_labels("pump heat install", "en", kinds=[ConceptKind.SKILL])[0] == "install heat pump"


def test_autocomplete_finds_a_label_from_its_first_letters(sample_taxonomy):
    assert any(label.startswith("software") for label in first_labels("softw", "en"))


def test_dutch_search_also_finds_english_technical_terms(sample_taxonomy):
    labels = first_labels("heat pump", "nl", kinds=[ConceptKind.SKILL])
    assert "warmtepompen installeren" in labels


def test_the_kind_filter_keeps_out_the_other_kind(sample_taxonomy):
    results = lookup.search("elektr", kinds=[ConceptKind.SKILL], language="nl", limit=20)
    assert results and all(concept.kind == ConceptKind.SKILL for _hit, concept in results)


def test_an_empty_or_unmatched_query_finds_nothing(sample_taxonomy):
    assert lookup.search("   ", language="nl") == []
    assert lookup.search("ж", language="nl") == []


def test_a_new_import_is_searchable_at_once(sample_taxonomy, tmp_path):
    from loket.taxonomy.models import Label, Occupation

    assert first_labels("zeppelinpiloot", "nl")[:1] != ["zeppelinpiloot"]
    occupation = Occupation.objects.first()
    Label.objects.create(concept=occupation, language="nl", kind="alternative", text="zeppelinpiloot")
    from loket.taxonomy.models import Release

    Release.objects.create(version="test")  # what an import adds last
    hits = lookup.search("zeppelinpiloot", language="nl", limit=1)
    assert hits[0][1] == occupation


def test_the_index_prefers_preferred_over_alternative_labels_in_plain_data():
    index = LabelIndex(
        [Entry(1, "skill", "welding", "alternative", "en"), Entry(2, "skill", "welding", "preferred", "en")], "en"
    )
    assert [hit.concept_id for hit in index.search("welding")] == [2, 1]
