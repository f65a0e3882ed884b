"""Recognise ESCO skills in free text (a CV or a vacancy, Dutch or English).

Plain data in, plain data out. Labels and text are reduced to sequences of
word stems (Snowball) without stop words; a label is found where its stems
stand together in the text (a phrase match), or, with less confidence, all
of them within a short window of the same sentence in another order. Generic
verbs that ESCO puts in front of many labels ("perform", "uitvoeren") may be
left out by the writer, so a label also matches without them, with a little
less confidence. Overlapping matches are resolved longest and surest first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import snowballstemmer

from .search import normalise

STEMMERS = {"nl": snowballstemmer.stemmer("dutch"), "en": snowballstemmer.stemmer("english")}
WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?;\n•]")
DOUBLED_VOWEL_AT_END = re.compile(r"([aeou])\1([^aeiou])$")

STOP_WORDS = {
    "en": set(
        "a an the and or of to in on at for with by from as into onto about over under within without is are be been "
        "being was were this that these those it its your our their you we they he she i my me us them has have had "
        "do does did can could will would should may might must such other etc also all any each per via than".split()
    ),
    "nl": set(
        "de het een en of van voor in op aan met bij door naar uit om over onder binnen zonder is zijn was waren wordt "
        "worden werd werden dit dat deze die je jij u uw we wij ze zij hij ik mijn ons onze hun hem haar er ook al alle "
        "elk elke per via dan als te tot zoals enz hebt heeft hebben had kan kunnen zal zullen moet moeten mag".split()
    ),
}
# ESCO starts many labels with a verb that writers leave out ("MIG welding"
# for "perform metal inert gas welding").
WEAK_WORDS = {
    "en": {"perform", "carry", "out", "use", "apply", "conduct", "undertake", "execute", "utilise", "employ"},
    "nl": {"uitvoeren", "voeren", "uit", "gebruiken", "toepassen", "verrichten", "hanteren"},
}
LABEL_KIND_CONFIDENCE = {"preferred": 0.95, "alternative": 0.85, "hidden": 0.75}
SINGLE_WORD_FACTOR = 0.7
WITHOUT_WEAK_WORDS_FACTOR = 0.9
SCATTERED_FACTOR = 0.65
WINDOW_SLACK = 3
MIN_STEM_LENGTH = 2


@dataclass(frozen=True)
class Term:
    concept_id: int
    text: str
    label_kind: str
    language: str


@dataclass(frozen=True)
class Match:
    concept_id: int
    start: int
    end: int
    text: str
    label: str
    confidence: float


@dataclass
class Token:
    stem: dict  # language -> stem
    start: int
    end: int
    sentence: int


def stem(word, language):
    """Snowball's stem, made consistent across Dutch verb forms: Snowball
    gives installeren → installer but installeert → installeert and
    installeerde → installeer; all three become installer here. Labels and
    text go through the same function, so only consistency matters."""
    result = STEMMERS[language].stemWord(word)
    if language == "nl":
        if result.endswith("t") and len(result) > 4:
            result = result[:-1]
        result = DOUBLED_VOWEL_AT_END.sub(r"\1\2", result)
    return result


def stems_of(text, language, drop_weak=False):
    result = []
    for word in WORD.findall(normalise(text)):
        if word in STOP_WORDS[language] or (drop_weak and word in WEAK_WORDS[language]):
            continue
        stemmed = stem(word, language)
        if len(stemmed) >= MIN_STEM_LENGTH:
            result.append(stemmed)
    return tuple(result)


def tokenise(text):
    normalised_words = []
    sentence = 0
    last_end = 0
    for match in WORD.finditer(text):
        if SENTENCE_END.search(text, last_end, match.start()):
            sentence += 1
        last_end = match.end()
        normalised_words.append((normalise(match.group()), match.start(), match.end(), sentence))
    tokens = []
    for word, start, end, sentence in normalised_words:
        stems = {}
        for language in STEMMERS:
            if word in STOP_WORDS[language]:
                continue
            stemmed = stem(word, language)
            if len(stemmed) >= MIN_STEM_LENGTH:
                stems[language] = stemmed
        if stems:
            tokens.append(Token(stems, start, end, sentence))
    return tokens


class SkillRecogniser:
    def __init__(self, terms):
        # (language, stems) -> [(concept_id, confidence, label)]
        self.phrases = defaultdict(list)
        self.longest = 1
        for term in terms:
            if term.language not in STEMMERS:
                continue
            base = LABEL_KIND_CONFIDENCE.get(term.label_kind, 0.7)
            full = stems_of(term.text, term.language)
            reduced = stems_of(term.text, term.language, drop_weak=True)
            for key, factor in ((full, 1.0), (reduced, WITHOUT_WEAK_WORDS_FACTOR)):
                if not key:
                    continue
                confidence = base * factor * (SINGLE_WORD_FACTOR if len(key) == 1 else 1.0)
                self.phrases[(term.language, key)].append((term.concept_id, confidence, term.text))
                self.longest = max(self.longest, len(key))
        # Keep the surest label per concept and key; then split the
        # confidence over the concepts that share a key (an ambiguous label).
        for key, entries in self.phrases.items():
            best = {}
            for concept_id, confidence, label in entries:
                if concept_id not in best or confidence > best[concept_id][1]:
                    best[concept_id] = (concept_id, confidence, label)
            share = len(best)
            self.phrases[key] = [(c, conf / share, label) for c, conf, label in best.values()]
        self.by_anchor = defaultdict(list)
        for (language, key), entries in self.phrases.items():
            if len(key) >= 2:
                self.by_anchor[(language, key[0])].append((key, entries))

    def recognise(self, text, min_confidence=0.5):
        tokens = tokenise(text)
        candidates = []
        for language in STEMMERS:
            stems = [token.stem.get(language) for token in tokens]
            candidates += self._phrase_matches(language, stems, tokens)
            candidates += self._scattered_matches(language, stems, tokens)
        candidates.sort(key=lambda c: (-len(c[5]), -c[1]))
        taken, by_concept = set(), {}
        for concept_id, confidence, first, last, label, positions in candidates:
            if confidence < min_confidence or taken & positions:
                continue
            taken |= positions
            start, end = tokens[first].start, tokens[last].end
            match = Match(concept_id, start, end, text[start:end], label, round(confidence, 3))
            if concept_id not in by_concept or match.confidence > by_concept[concept_id].confidence:
                by_concept[concept_id] = match
        return sorted(by_concept.values(), key=lambda m: (m.start, -m.confidence))

    def _phrase_matches(self, language, stems, tokens):
        found = []
        for first in range(len(stems)):
            for length in range(min(self.longest, len(stems) - first), 0, -1):
                window = stems[first : first + length]
                if None in window or tokens[first].sentence != tokens[first + length - 1].sentence:
                    continue
                for concept_id, confidence, label in self.phrases.get((language, tuple(window)), ()):
                    positions = set(range(first, first + length))
                    found.append((concept_id, confidence, first, first + length - 1, label, positions))
        return found

    def _scattered_matches(self, language, stems, tokens):
        found = []
        for first, stem in enumerate(stems):
            if stem is None:
                continue
            for key, entries in self.by_anchor.get((language, stem), ()):
                needed = list(key[1:])
                positions = {first}
                limit = min(len(stems), first + len(key) + WINDOW_SLACK)
                # Also look back: "wiring, electrical" or Dutch verb-final order.
                begin = max(0, first - len(key) - WINDOW_SLACK)
                for other in list(range(first + 1, limit)) + list(range(begin, first)):
                    if stems[other] in needed and tokens[other].sentence == tokens[first].sentence:
                        needed.remove(stems[other])
                        positions.add(other)
                if needed:
                    continue
                ordered = sorted(positions)
                if ordered[-1] - ordered[0] + 1 == len(key) and tuple(stems[p] for p in ordered) == key:
                    continue  # in order and side by side: the phrase match already has it
                for concept_id, confidence, label in entries:
                    found.append(
                        (concept_id, confidence * SCATTERED_FACTOR, min(positions), max(positions), label, positions)
                    )
        return found
