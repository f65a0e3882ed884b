"""Typo- and word-order-tolerant label search, in memory.

Plain data in, plain data out: build a ``LabelIndex`` from label entries and
query it. Retrieval is cosine similarity over character n-grams (an inverted
index as a sparse matrix, so a query touches only the postings of its own
n-grams); the best candidates are re-ranked with rapidfuzz and with the things
a person expects: an exact preferred label first, then labels that start with
what was typed, preferred before alternative labels.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

LABEL_KIND_BONUS = {"preferred": 0.06, "alternative": 0.0, "hidden": -0.04}
OTHER_LANGUAGE_PENALTY = 0.05
CANDIDATES = 200
# Below this a hit shares only scattered letters with the query; a person
# reads such hits as noise, so they are not shown.
MIN_SCORE = 0.55


@dataclass(frozen=True)
class Entry:
    concept_id: int
    concept_kind: str
    text: str
    label_kind: str  # preferred / alternative / hidden
    language: str


@dataclass(frozen=True)
class Hit:
    concept_id: int
    concept_kind: str
    matched: str
    label_kind: str
    language: str
    score: float


def normalise(text):
    """Lower case, accents off (elektriciën = elektricien), spaces folded."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.split())


class LabelIndex:
    def __init__(self, entries, language):
        self.language = language
        self.entries = list(entries)
        self.normalised = [normalise(entry.text) for entry in self.entries]
        # Kinds as small integers: the kind filter runs on every query.
        self.kind_codes = {kind: code for code, kind in enumerate(sorted({entry.concept_kind for entry in self.entries}))}
        self.kinds = np.array([self.kind_codes[entry.concept_kind] for entry in self.entries], dtype=np.int8)
        if not self.entries:
            self.postings = None
            return
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True, dtype=np.float32)
        matrix = self.vectorizer.fit_transform(self.normalised)
        # n-gram -> labels, so a query reads only the rows of its own n-grams.
        self.postings = matrix.T.tocsr()

    def __len__(self):
        return len(self.entries)

    def search(self, query, kinds=None, limit=10):
        query_norm = normalise(query)
        if not query_norm or self.postings is None:
            return []
        vector = self.vectorizer.transform([query_norm])
        if vector.nnz == 0:
            return []
        scores = np.asarray((vector @ self.postings).todense()).ravel()
        if kinds:
            wanted = [self.kind_codes[kind] for kind in kinds if kind in self.kind_codes]
            scores = np.where(np.isin(self.kinds, wanted), scores, 0.0)
        count = min(CANDIDATES, int(np.count_nonzero(scores)))
        if count == 0:
            return []
        candidates = np.argpartition(-scores, count - 1)[:count]
        best = {}
        for position in candidates:
            entry = self.entries[position]
            label = self.normalised[position]
            score = 0.45 * float(scores[position]) + 0.55 * fuzz.WRatio(query_norm, label) / 100
            if label == query_norm:
                score += 1.0
            elif label.startswith(query_norm):
                score += 0.3
            elif any(word.startswith(query_norm) for word in label.split()):
                score += 0.15
            score += LABEL_KIND_BONUS.get(entry.label_kind, 0.0)
            if entry.language != self.language:
                score -= OTHER_LANGUAGE_PENALTY
            current = best.get(entry.concept_id)
            if current is None or score > current.score:
                best[entry.concept_id] = Hit(
                    entry.concept_id, entry.concept_kind, entry.text, entry.label_kind, entry.language, round(score, 4)
                )
        ranked = sorted((hit for hit in best.values() if hit.score >= MIN_SCORE), key=lambda hit: (-hit.score, len(hit.matched), hit.concept_id))
        return ranked[:limit]
