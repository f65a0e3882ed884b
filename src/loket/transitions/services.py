"""Transitions over the ORM: goals' skill profiles, the gap of a person to a goal,
and ranked destinations from an occupation or a passport (engine.py does the sums).

The transition data (every occupation's skills as sparse rows) is read in bulk
once per process and kept until a new taxonomy release is imported.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from loket.matching.index import build_skill_space, positions_in, read_int_columns
from loket.taxonomy.models import (
    FALLBACK_LANGUAGE,
    Broader,
    Collection,
    CollectionMembership,
    Concept,
    ConceptKind,
    OccupationSkill,
    Relation,
    Release,
)
from loket.taxonomy.services import lookup
from loket.vacancies.models import Importance

from . import climate, engine
from .gap import Gap, skill_gap
from .models import Calibration

logger = logging.getLogger(__name__)


def occupation_skills(occupation):
    """(essential ids, optional ids) of an ESCO occupation, released skills only."""
    links = OccupationSkill.objects.filter(occupation=occupation, skill__status="released").values_list("skill_id", "relation")
    essential = {skill for skill, relation in links if relation == Relation.ESSENTIAL}
    optional = {skill for skill, relation in links if relation == Relation.OPTIONAL} - essential
    return essential, optional


def vacancy_skills(vacancy):
    """(essential ids, optional ids) the employer asks for."""
    links = list(vacancy.skills.values_list("skill_id", "importance"))
    essential = {skill for skill, importance in links if importance == Importance.ESSENTIAL}
    return essential, {skill for skill, importance in links if importance != Importance.ESSENTIAL} - essential


def held_skills(passport):
    return set(passport.skills.values_list("skill_id", flat=True))


def gap_for_person(passport, *, vacancy=None, occupation=None):
    """The person's gap to a vacancy or to an occupation (exactly one of them)."""
    if (vacancy is None) == (occupation is None):
        raise ValueError("gap_for_person needs a vacancy or an occupation")
    essential, optional = vacancy_skills(vacancy) if vacancy is not None else occupation_skills(occupation)
    return skill_gap(held_skills(passport), essential, optional)


# --------------------------------------------------------------------------- the transition space (bulk, cached)

FILTER_ERROR_MAJOR = _("Kies een ISCO-hoofdgroep als één cijfer van 0 tot en met 9.")


class UnknownOccupation(LookupError):
    """The id is not an occupation of the current taxonomy."""


@dataclass
class TransitionData:
    """The engine's arrays plus what the pages need to name and filter occupations."""

    space: engine.TransitionSpace
    occupation_ids: np.ndarray  # sorted concept ids; position = occupation position
    isco_codes: list  # unit-group code per occupation ("" unknown)
    climate: np.ndarray  # bool per occupation
    skill_ids: np.ndarray  # sorted skill concept ids; position = skill position
    essential: sparse.csr_matrix  # (O, S) binary
    optional: sparse.csr_matrix  # (O, S) binary, never also essential
    seconds: float
    labels: dict = field(default_factory=dict)  # language -> {occupation id: label}

    def position(self, occupation_id):
        position = int(np.searchsorted(self.occupation_ids, occupation_id))
        if position < len(self.occupation_ids) and self.occupation_ids[position] == occupation_id:
            return position
        raise UnknownOccupation(occupation_id)

    def skill_positions(self, concept_ids):
        concept_ids = np.asarray(sorted(concept_ids), dtype=np.int64)
        if not len(self.skill_ids) or not concept_ids.size:
            return np.empty(0, dtype=np.int64)
        positions = np.minimum(np.searchsorted(self.skill_ids, concept_ids), len(self.skill_ids) - 1)
        return positions[self.skill_ids[positions] == concept_ids]

    def profile(self, position):
        """(essential ids, optional ids) of the occupation at *position*."""
        return tuple(
            self.skill_ids[matrix.indices[matrix.indptr[position] : matrix.indptr[position + 1]]].tolist()
            for matrix in (self.essential, self.optional)
        )

    def major_group(self):
        return np.array([code[:1] for code in self.isco_codes])


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def build_transition_data():
    started = time.perf_counter()
    skill_ids, skill_space = build_skill_space()
    occupations = sorted(Concept.objects.filter(kind=ConceptKind.OCCUPATION).values_list("id", "isco_group__code"))
    occupation_ids = np.array([o[0] for o in occupations], dtype=np.int64)
    isco_codes = [code or "" for _id, code in occupations]
    concept, link = _table(Concept), _table(OccupationSkill)
    occupation_of, skill_of, is_essential = read_int_columns(
        f"SELECT l.occupation_id, l.skill_id, CASE WHEN l.relation = %s THEN 1 ELSE 0 END FROM {link} l "
        f"JOIN {concept} s ON s.id = l.skill_id WHERE s.status = 'released'",
        (Relation.ESSENTIAL.value,),
        columns=3,
    )
    rows = positions_in(occupation_ids, occupation_of)
    cols = positions_in(skill_ids, skill_of)
    keep = (rows >= 0) & (cols >= 0)
    rows, cols, is_essential = rows[keep], cols[keep], is_essential[keep].astype(bool)

    level_2 = {cid: code for cid, code in Concept.objects.filter(kind=ConceptKind.SKILL_GROUP).values_list("id", "code") if engine.is_level_2(code)}
    group_ids = sorted(level_2)
    group_position = {cid: index for index, cid in enumerate(group_ids)}
    narrower, broader = read_int_columns(
        f"SELECT b.narrower_id, b.broader_id FROM {_table(Broader)} b JOIN {concept} n ON n.id = b.narrower_id "
        f"WHERE n.kind IN (%s, %s)",
        (ConceptKind.SKILL.value, ConceptKind.SKILL_GROUP.value),
    )
    reach = engine.upper_groups(zip(narrower.tolist(), broader.tolist()), skill_ids.tolist(), level_2.__contains__)
    position = {int(cid): index for index, cid in enumerate(skill_ids)}
    pairs = [(position[s], group_position[g]) for s, groups in reach.items() for g in groups]
    skill_groups = (np.array([p[0] for p in pairs], dtype=np.int64), np.array([p[1] for p in pairs], dtype=np.int64))

    space = engine.build_transition_space(
        skill_space, len(occupation_ids), (rows[is_essential], cols[is_essential]), (rows[~is_essential], cols[~is_essential]),
        skill_groups, len(group_ids),
    )
    shape = (len(occupation_ids), len(skill_ids))
    essential = sparse.csr_matrix((np.ones(int(is_essential.sum())), (rows[is_essential], cols[is_essential])), shape=shape)
    essential.sum_duplicates()
    essential.data[:] = 1.0
    optional = sparse.csr_matrix((np.ones(int((~is_essential).sum())), (rows[~is_essential], cols[~is_essential])), shape=shape)
    optional.sum_duplicates()
    optional.data[:] = 1.0
    optional = (optional - optional.multiply(essential)).tocsr()
    optional.eliminate_zeros()
    essential.sort_indices()
    optional.sort_indices()

    green = set(CollectionMembership.objects.filter(collection=Collection.GREEN).values_list("concept_id", flat=True))
    groups = getattr(settings, "LOKET_CLIMATE_ISCO_GROUPS", climate.CLIMATE_ISCO_GROUPS)
    climate_flags = np.array(
        [
            climate.is_climate_work(isco_codes[o], skill_ids[essential[o].indices].tolist(), green, groups)
            for o in range(len(occupation_ids))
        ],
        dtype=bool,
    )
    return TransitionData(
        space=space,
        occupation_ids=occupation_ids,
        isco_codes=isco_codes,
        climate=climate_flags,
        skill_ids=skill_ids,
        essential=essential,
        optional=optional,
        seconds=time.perf_counter() - started,
    )


def current_data():
    """This process's transition data, rebuilt when a new taxonomy release is imported."""
    return lookup.built_for_current_release("transitions", build_transition_data)


def occupation_labels(data, language=None):
    """{occupation id: label} in the page's language, else English; kept with the data per language."""
    language = lookup.language_of(language)
    if language not in data.labels:
        data.labels[language] = lookup.preferred_labels(Concept.objects.filter(kind=ConceptKind.OCCUPATION).values("id"), language)
    return data.labels[language]


# --------------------------------------------------------------------------- calibration


def _latest_release():
    return Release.objects.order_by("-id").first()


def calibrate(data=None, release=None, *, save=True):
    """Compute and store the calibration for a release, the current one by default.

    Called after every ESCO import (apps.py), by the calibrate-transitions command, and on
    first use when missing. With save=False the Calibration is returned unsaved (benchmarks).
    """
    release = release or _latest_release()
    if release is None:
        return None
    data = data or current_data()
    started = time.perf_counter()
    scores = engine.full_matrix(data.space)
    units = np.array([code if len(code) == 4 else f"none-{index}" for index, code in enumerate(data.isco_codes)])
    thresholds, statistics = engine.calibrate(scores.score, units)
    examples = _calibration_examples(data, scores, units, thresholds)
    values = {
        "viable": thresholds.viable,
        "highly_viable": thresholds.highly_viable,
        "statistics": statistics,
        "examples": examples,
        "seconds": time.perf_counter() - started,
    }
    if not save:
        return Calibration(release=release, **values)
    try:
        calibration, _created = Calibration.objects.update_or_create(release=release, defaults=values)
    except IntegrityError:
        # Another process stored the same release's calibration at the same moment; it is
        # deterministic for a release, so theirs is as good as ours.
        calibration = Calibration.objects.get(release=release)
    return calibration


def _calibration_examples(data, scores, units, thresholds):
    """A few same-group pairs around the thresholds and the best cross-group moves, in English."""
    labels = occupation_labels(data, FALLBACK_LANGUAGE)
    n = len(data.occupation_ids)
    off = ~np.eye(n, dtype=bool)
    same = (units[:, None] == units[None, :]) & off
    picked = []
    for kind, mask, targets in (
        ("same_unit_group", same, (thresholds.viable, thresholds.highly_viable)),
        ("other_unit_group", (~same) & off, (thresholds.viable, thresholds.highly_viable)),
    ):
        rows, cols = np.nonzero(mask)
        if not rows.size:
            continue
        values = scores.score[rows, cols]
        for target in targets:
            above = np.where(values >= target, values - target, np.inf)  # the weakest pair that still makes the class
            index = int(np.argmin(above))
            picked.append((kind, int(rows[index]), int(cols[index])))
        index = int(np.argmax(values))
        picked.append((kind, int(rows[index]), int(cols[index])))
    examples = []
    for kind, a, b in picked:
        examples.append(
            {
                "kind": kind,
                "origin": labels.get(int(data.occupation_ids[a]), ""),
                "origin_isco": data.isco_codes[a],
                "destination": labels.get(int(data.occupation_ids[b]), ""),
                "destination_isco": data.isco_codes[b],
                "score": round(float(scores.score[a, b]), 4),
                "reverse_score": round(float(scores.score[b, a]), 4),
                "coverage": round(float(scores.coverage[a, b]), 4),
                "activity": round(float(scores.activity[a, b]), 4),
                "classification": engine.classify(scores.score[a, b], thresholds),
            }
        )
    return examples


_calibrations = {}  # release stamp -> Calibration (deterministic for a release, so safe to keep per process)
_calibration_lock = threading.Lock()  # one computation per process when several first requests arrive together


def current_calibration():
    """The calibration of the current release; computed (and stored) when missing, which only
    happens when the import's own calibration failed or predates this code; None without a taxonomy."""
    stamp = lookup.current_release_stamp()
    if stamp is None:
        return None
    if stamp not in _calibrations:
        with _calibration_lock:
            if stamp not in _calibrations:
                calibration = Calibration.objects.filter(release_id=stamp[0]).select_related("release").first()
                calibration = calibration or calibrate(release=Release.objects.get(pk=stamp[0]))
                _calibrations.clear()
                _calibrations[stamp] = calibration
    return _calibrations[stamp]


def calibrate_after_import(release):
    """Calibrate a release as soon as its import is committed, so no web request has to.

    A failure is logged, not raised: the import itself succeeded, and the first use
    calibrates when the row is missing."""

    def run():
        try:
            calibrate(release=release)
        except Exception:  # noqa: BLE001 - see the docstring
            logger.exception("Calibrating transitions after importing %s failed; the first use will retry.", release)

    transaction.on_commit(run)


def _thresholds():
    calibration = current_calibration()
    if calibration is None:
        return None
    return engine.Thresholds(viable=calibration.viable, highly_viable=calibration.highly_viable)


# --------------------------------------------------------------------------- destinations and transitions


@dataclass(frozen=True)
class Destination:
    occupation_id: int
    label: str
    isco_code: str
    climate: bool
    score: float
    coverage: float
    activity: float
    classification: str  # "highly_viable" | "viable" | ""
    gap: Gap

    @property
    def missing_essential_count(self):
        return len(self.gap.missing_essential)


@dataclass(frozen=True)
class Transition:
    """One move in detail: components, classification, gap and the skills' labels."""

    origin_id: int | None  # None when the origin is a person's passport
    origin_label: str
    destination: Destination
    thresholds: engine.Thresholds | None
    skill_labels: dict  # skill id -> label

    def named(self, ids):
        return sorted(((skill_id, self.skill_labels.get(skill_id, "")) for skill_id in ids), key=lambda pair: pair[1].lower())


def validate_filters(isco_major=None):
    """The ISCO major group as one digit (or None); ValidationError with a Dutch message otherwise."""
    if isco_major in (None, ""):
        return None
    value = str(isco_major).strip()
    if len(value) != 1 or not value.isdigit():
        raise ValidationError(FILTER_ERROR_MAJOR, code="isco_major")
    return value


def _mask(data, climate_only, isco_major, viable_only, scores, thresholds):
    mask = np.ones(len(data.occupation_ids), dtype=bool)
    if climate_only:
        mask &= data.climate
    if isco_major is not None:
        mask &= data.major_group() == isco_major
    if viable_only:
        mask &= scores.score >= (thresholds.viable if thresholds else np.inf)
    return mask


def _destination(data, position, scores, thresholds, held, labels):
    essential, optional = data.profile(position)
    return Destination(
        occupation_id=int(data.occupation_ids[position]),
        label=labels.get(int(data.occupation_ids[position]), ""),
        isco_code=data.isco_codes[position],
        climate=bool(data.climate[position]),
        score=float(scores.score[position]),
        coverage=float(scores.coverage[position]),
        activity=float(scores.activity[position]),
        classification=engine.classify(scores.score[position], thresholds) if thresholds else "",
        gap=skill_gap(held, essential, optional),
    )


def _ranked(data, scores, held, exclude, *, limit, climate_only, isco_major, viable_only):
    isco_major = validate_filters(isco_major)
    thresholds = _thresholds()
    mask = _mask(data, climate_only, isco_major, viable_only, scores, thresholds)
    labels = occupation_labels(data)
    positions = engine.top_destinations(scores, limit, mask=mask, exclude=exclude)
    return [_destination(data, int(p), scores, thresholds, held, labels) for p in positions]


def _occupation_id(occupation):
    return int(getattr(occupation, "pk", occupation))


def _origin(data, occupation):
    position = data.position(_occupation_id(occupation))
    essential, optional = data.profile(position)
    return position, set(essential) | set(optional)


def destinations_for_occupation(occupation, *, limit=20, climate_only=False, isco_major=None, viable_only=False):
    """The best destinations from an occupation (an Occupation or its id), best first."""
    data = current_data()
    position, held = _origin(data, occupation)
    scores = engine.scores_from_occupation(data.space, position)
    return _ranked(data, scores, held, position, limit=limit, climate_only=climate_only, isco_major=isco_major, viable_only=viable_only)


def _skill_scores(data, held):
    held = {int(skill) for skill in held}
    return held, engine.scores_from_skills(data.space, data.skill_positions(held))


def _passport_scores(data, passport):
    return _skill_scores(data, held_skills(passport))


def _own_occupations(data, passport):
    """Positions of the occupations in the person's work history: where they come from, not where to go."""
    positions = []
    for occupation_id in passport.work_history.values_list("occupation_id", flat=True):
        try:
            positions.append(data.position(occupation_id))
        except UnknownOccupation:  # an occupation a newer release dropped
            continue
    return np.array(positions, dtype=np.int64) if positions else None


def destinations_for_passport(passport, *, limit=20, climate_only=False, isco_major=None, viable_only=False):
    """The best destinations from the skills in a person's passport, best first, leaving out their own occupations."""
    data = current_data()
    held, scores = _passport_scores(data, passport)
    own = _own_occupations(data, passport)
    return _ranked(data, scores, held, own, limit=limit, climate_only=climate_only, isco_major=isco_major, viable_only=viable_only)


def _detail(data, origin_id, origin_label, scores, held, destination):
    position = data.position(_occupation_id(destination))
    thresholds = _thresholds()
    chosen = _destination(data, position, scores, thresholds, held, occupation_labels(data))
    gap = chosen.gap
    ids = gap.shared_essential + gap.shared_optional + gap.missing_essential + gap.missing_optional
    return Transition(
        origin_id=origin_id, origin_label=origin_label, destination=chosen, thresholds=thresholds, skill_labels=lookup.preferred_labels(ids)
    )


def transition(origin_occupation, destination_occupation):
    data = current_data()
    origin_position, held = _origin(data, origin_occupation)
    data.position(_occupation_id(destination_occupation))  # unknown destination: UnknownOccupation before any work
    scores = engine.scores_from_occupation(data.space, origin_position)
    origin_id = int(data.occupation_ids[origin_position])
    return _detail(data, origin_id, occupation_labels(data).get(origin_id, ""), scores, held, destination_occupation)


def transition_for_passport(passport, destination):
    data = current_data()
    data.position(_occupation_id(destination))
    held, scores = _passport_scores(data, passport)
    return _detail(data, None, "", scores, held, destination)


def isco_major_groups(language=None):
    """[(digit, label)] of the ISCO major groups in the taxonomy, for the filter."""
    groups = lookup.with_labels(Concept.objects.filter(kind=ConceptKind.ISCO_GROUP, code__regex=r"^[0-9]$"), language)
    return sorted((group.code, group.label(lookup.language_of(language))) for group in groups)
