"""Matching as the pages and the API use it: fresh profiles, ranked lists with explanations, contact and consent.

The engine works on positions and arrays; this module turns database rows into
engine profiles and engine answers back into vacancies, concepts and
pseudonymous candidates.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field

import numpy as np
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Membership
from loket.passport import services as passports
from loket.passport.models import AccessLogEntry, Consent, Passport, PassportSkill, Section
from loket.taxonomy.models import Concept, OccupationSkill, Relation
from loket.taxonomy.services.lookup import with_labels
from loket.vacancies.models import Importance, Vacancy, VacancyKind, VacancyStatus

from . import engine
from .index import SECTOR_INDEX, current_index, kinds_mask, sector_mask
from .models import ContactRequest, Trajectory

CANDIDATE_TOKEN_SALT = "loket.matching.candidate"
# The access-log purpose of appearing, without a name, in an employer's candidate list.
CANDIDATE_LIST_PURPOSE = "candidate_list"
OUTFLOW_KINDS = (VacancyKind.JOB, VacancyKind.BBL)


# --------------------------------------------------------------------------- explanations


@dataclass
class SkillLine:
    skill: Concept
    essential: bool
    status: str  # "matched", "related" or "missing"
    through: list = field(default_factory=list)  # the person's skills that make a related skill count
    share: float = 0.0  # the part of the related credit earned, 0..1


@dataclass
class Explanation:
    score: float
    lines: list
    skills_hidden: bool = False  # the viewer may not see which skills the person has

    def _count(self, status, essential):
        return sum(1 for line in self.lines if line.status == status and line.essential == essential)

    @property
    def coverage(self):
        """Counts for the coverage chart: essential and optional, each matched / related / missing."""
        return {
            kind: {status: self._count(status, kind == "essential") for status in ("matched", "related", "missing")}
            for kind in ("essential", "optional")
        }

    def bars(self):
        """The coverage chart's rows: per importance, the matched, related and missing shares in percent."""
        rows = []
        for kind, counts in self.coverage.items():
            total = sum(counts.values())
            if total:
                rows.append(
                    {
                        "kind": kind,
                        "total": total,
                        "segments": [
                            {"status": status, "count": count, "percent": round(100 * count / total, 1)}
                            for status, count in counts.items()
                        ],
                    }
                )
        return rows

    def as_dict(self):
        concept = passports.concept_data
        return {
            "score": round(self.score, 4),
            "skills_hidden": self.skills_hidden,
            "coverage": self.coverage,
            "skills": [
                {
                    **concept(line.skill),
                    "essential": line.essential,
                    "status": line.status,
                    "through": [concept(c) for c in line.through],
                    "credit": round(line.share * engine.RELATED_CREDIT, 4) if line.status == "related" else float(line.status == "matched"),
                }
                for line in self.lines
            ],
        }


def explain(index, person_skill_ids, required):
    """Explain a person's skills (concept ids) against requirements [(concept id, essential)]."""
    if not required:
        return Explanation(score=0.0, lines=[])
    required_ids = [concept_id for concept_id, _ in required]
    positions, known = index.skill_positions(required_ids, keep_unknown=True)
    person_positions = index.skill_positions(person_skill_ids)
    skills = positions[known]
    essential = np.array([is_essential for (_, is_essential), k in zip(required, known) if k], dtype=bool)
    result = engine.explain(index.space, person_positions, skills, essential)
    concept_of = dict(zip(index.skill_ids[skills].tolist(), skills.tolist()))
    through_ids = {int(index.skill_ids[s]) for r in result.related for s in r[1]}
    concepts = with_labels(Concept.objects.filter(id__in=set(required_ids) | through_ids)).in_bulk()
    position_status = {}
    for position in result.matched_essential + result.matched_optional:
        position_status[position] = ("matched", [], 1.0)
    for position, through, share, _ in result.related:
        position_status[position] = ("related", [concepts[int(index.skill_ids[s])] for s in through], share)
    lines = []
    for concept_id, is_essential in sorted(required, key=lambda r: (not r[1], r[0])):
        status, through, share = position_status.get(concept_of.get(concept_id), ("missing", [], 0.0))
        lines.append(SkillLine(concepts[concept_id], is_essential, status, through, share))
    return Explanation(score=result.score, lines=lines)


# --------------------------------------------------------------------------- profiles, read fresh


def person_skill_ids(passport):
    return list(passport.skills.values_list("skill_id", flat=True))


def person_profile(index, passport):
    regions = 0
    for region_id in passport.regions.values_list("id", flat=True):
        regions |= index.region_bit(region_id)
    return engine.PersonProfile(
        skills=index.skill_positions(person_skill_ids(passport)),
        municipality=index.place(passport.home_municipality_id),
        max_km=float(passport.max_travel_km),
        region_mask=regions,
        hours_min=passport.hours_min,
        hours_max=passport.hours_max,
        level=passport.education_level or 0,
        kinds_mask=int(kinds_mask(passport.open_to_internship, passport.open_to_bbl)),
        sector_mask=sector_mask(passport.sectors),
    )


def required_skills(vacancy):
    return [(skill_id, importance == Importance.ESSENTIAL) for skill_id, importance in vacancy.skills.values_list("skill_id", "importance")]


def vacancy_profile(index, vacancy):
    required = required_skills(vacancy)
    positions, known = index.skill_positions([r[0] for r in required], keep_unknown=True)
    return engine.VacancyProfile(
        skills=positions[known],
        essential=np.array([r[1] for r, k in zip(required, known) if k], dtype=bool),
        kind=engine.KIND_INDEX[vacancy.kind],
        municipality=index.place(vacancy.municipality_id),
        level=vacancy.nlqf_level or 0,
        hours_min=vacancy.hours_min,
        hours_max=vacancy.hours_max,
        sector=SECTOR_INDEX.get(vacancy.sector, -1),
    )


# --------------------------------------------------------------------------- person → vacancies


@dataclass
class VacancyMatch:
    vacancy: Vacancy
    score: float
    distance_km: float | None
    explanation: Explanation


def _kinds_filter(kinds):
    if not kinds:
        return engine.ALL_KINDS_MASK
    mask = 0
    for kind in kinds:
        mask |= 1 << engine.KIND_INDEX[kind]
    return mask


def _vacancy_matches(index, ranked, person_skills):
    vacancies = Vacancy.objects.select_related("employer", "municipality__region", "occupation").in_bulk(ranked.ids.tolist())
    matches = []
    for vacancy_id, score, distance in ranked:
        vacancy = vacancies.get(vacancy_id)
        if vacancy is None:  # closed since the index was built
            continue
        explanation = explain(index, person_skills, required_skills(vacancy))
        explanation.score = score
        matches.append(VacancyMatch(vacancy, score, None if np.isnan(distance) else round(distance, 1), explanation))
    return matches


def matches_for_person(passport, limit=20, kinds=None):
    """The best open vacancies for this person's passport and wishes."""
    index = current_index()
    profile = person_profile(index, passport)
    ranked = engine.vacancies_for_person(index.space, index.vacancies, index.places, profile, limit=limit, kinds_mask=_kinds_filter(kinds))
    return _vacancy_matches(index, ranked, person_skill_ids(passport))


def vacancies_for_outflow(outflow, limit=20):
    """Receiving vacancies for a group leaving an occupation: the occupation's essential skills, in its region."""
    index = current_index()
    essential = list(
        OccupationSkill.objects.filter(occupation=outflow.occupation, relation=Relation.ESSENTIAL).values_list("skill_id", flat=True)
    )
    profile = engine.PersonProfile(
        skills=index.skill_positions(essential),
        region_mask=index.region_bit(outflow.region_id),
        kinds_mask=_kinds_filter(OUTFLOW_KINDS),
    )
    exclude = np.isin(index.vacancies.ids, list(Vacancy.objects.filter(employer_id=outflow.employer_id).values_list("id", flat=True)))
    ranked = engine.vacancies_for_person(index.space, index.vacancies, index.places, profile, limit=limit, exclude=exclude)
    return _vacancy_matches(index, ranked, essential)


# --------------------------------------------------------------------------- vacancy → candidates


def pseudonym(passport_id, vacancy_id):
    """A name for a candidate that differs per vacancy, so lists cannot be linked to each other."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{passport_id}:{vacancy_id}".encode(), hashlib.sha256).hexdigest()
    return _("Kandidaat %(code)s") % {"code": digest[:6].upper()}


def _token_cipher():
    # Encrypted, not just signed: a signed token would show the passport id to anyone who decodes it,
    # and with it link one person's pseudonyms across vacancies.
    key = hashlib.sha256(f"{CANDIDATE_TOKEN_SALT}:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def candidate_token(passport_id, vacancy_id):
    return _token_cipher().encrypt(json.dumps([passport_id, vacancy_id]).encode()).decode()


def passport_from_token(token, vacancy):
    try:
        passport_id, vacancy_id = json.loads(_token_cipher().decrypt(token.encode()))
    except (InvalidToken, ValueError, TypeError):
        raise ValidationError(_("Deze kandidaat is niet (meer) te vinden.")) from None
    if vacancy_id != vacancy.pk:
        raise ValidationError(_("Deze kandidaat hoort bij een andere vacature."))
    passport = Passport.objects.filter(pk=passport_id).first()
    if passport is None:
        raise ValidationError(_("Deze kandidaat is niet (meer) te vinden."))
    return passport


@dataclass
class Candidate:
    token: str
    pseudonym: str
    score: float
    distance_km: float | None
    explanation: Explanation
    profile: dict | None  # what the person agreed to show
    contact: ContactRequest | None
    name: str = ""  # only when the person shared their contact details with this employer
    shared: bool = False  # the person shared their passport for this vacancy

    @property
    def contact_status(self):
        return self.contact.status if self.contact else ""


def require_employer_member(user, vacancy):
    if not Membership.objects.filter(user=user, organisation_id=vacancy.employer_id).exists():
        raise PermissionDenied(_("U bent geen lid van de organisatie van deze vacature."))


def vacancy_consents(vacancy):
    """Active consents that let the vacancy's organisation see a passport for it: for this vacancy, or for all its vacancies."""
    consents = (
        Consent.objects.active()
        .filter(organisation_id=vacancy.employer_id, purpose=Consent.Purpose.VACANCY)
        .filter(models.Q(vacancy=vacancy) | models.Q(vacancy__isnull=True))
    )
    by_passport = {}
    for consent in consents:
        # A consent for this very vacancy wins over an organisation-wide one.
        if consent.passport_id not in by_passport or consent.vacancy_id is not None:
            by_passport[consent.passport_id] = consent
    return by_passport


def shown_explanation(explanation, shown_sections):
    """Which skills match is part of the person's skills: without that section, only the score remains."""
    if Section.SKILLS in shown_sections:
        return explanation
    return Explanation(score=explanation.score, lines=[], skills_hidden=True)


def candidates_for_vacancy(vacancy, viewer, limit=50, respect_level=True):
    """Candidates for a vacancy, as the employer may see them.

    First everyone who shared their passport for this vacancy (by consent or
    by accepting a contact request), whatever their score or wishes: they
    asked to be seen. Then the best findable people, without a name. Each
    candidate shows only the sections the person chose; per-skill
    explanations need the skills section, distances the wishes section. Every
    appearance is written to the person's access log.
    """
    require_employer_member(viewer, vacancy)
    if vacancy.status not in (VacancyStatus.OPEN, VacancyStatus.PLANNED):
        raise ValidationError(_("Deze vacature is niet meer open; er worden geen kandidaten meer getoond."))
    index = current_index()
    consents = vacancy_consents(vacancy)
    profile = vacancy_profile(index, vacancy)
    exclude = [index.people.position[p] for p in consents if p in index.people.position]
    ranked = engine.people_for_vacancy(
        index.space, index.people, index.places, profile, limit=limit, respect_level=respect_level, exclude=exclude
    )
    shared_ids = list(consents)
    passport_ids = shared_ids + [p for p in ranked.ids.tolist() if p not in consents]
    passports_by_id = Passport.objects.select_related("user", "home_municipality").in_bulk(passport_ids)
    requests = {r.passport_id: r for r in ContactRequest.objects.filter(vacancy=vacancy, passport_id__in=passport_ids)}
    required = required_skills(vacancy)
    skills_by_passport = {}
    for passport_id, skill_id in PassportSkill.objects.filter(passport_id__in=passport_ids).values_list("passport_id", "skill_id"):
        skills_by_passport.setdefault(passport_id, []).append(skill_id)
    employer = vacancy.employer

    def distance_to(passport):
        place = index.place(passport.home_municipality_id)
        if place == engine.NO_PLACE or profile.municipality == engine.NO_PLACE:
            return None
        return round(float(index.places.distance_km[profile.municipality, place]), 1)

    candidates, log = [], []
    shared = []
    for passport_id in shared_ids:
        passport = passports_by_id[passport_id]
        explanation = explain(index, skills_by_passport.get(passport_id, []), required)
        shared.append((explanation.score, passport, explanation))
    shared.sort(key=lambda item: (-item[0], item[1].pk))
    for score, passport, explanation in shared:
        shown = passports.view_passport(viewer, passport, organisation=employer, purpose=Consent.Purpose.VACANCY, vacancy=vacancy)
        candidates.append(_candidate(vacancy, passport, score, distance_to(passport), explanation, shown, requests, shared=True))
    for passport_id, score, distance in ranked:
        passport = passports_by_id.get(passport_id)
        if passport is None or not passport.findable:
            continue  # gone or no longer findable since the index was built
        shown = passports.findable_profile(passport)
        explanation = explain(index, skills_by_passport.get(passport_id, []), required)
        explanation.score = score
        candidates.append(
            _candidate(vacancy, passport, score, None if np.isnan(distance) else round(distance, 1), explanation, shown, requests)
        )
        log.append(
            AccessLogEntry(
                passport=passport,
                viewer=viewer,
                viewer_name=viewer.full_name or viewer.email,
                organisation=employer,
                organisation_name=employer.name,
                purpose=CANDIDATE_LIST_PURPOSE,
                sections=list(shown["sections"]),
            )
        )
    AccessLogEntry.objects.bulk_create(log)
    return candidates


def _candidate(vacancy, passport, score, distance, explanation, shown, requests, shared=False):
    sections = shown["sections"]
    return Candidate(
        token=candidate_token(passport.pk, vacancy.pk),
        pseudonym=pseudonym(passport.pk, vacancy.pk),
        score=score,
        distance_km=distance if Section.WISHES in sections else None,
        explanation=shown_explanation(explanation, sections),
        profile=shown,
        contact=requests.get(passport.pk),
        name=shown.get("contact", {}).get("name", ""),
        shared=shared,
    )


@transaction.atomic
def request_contact(vacancy, token, user, message=""):
    require_employer_member(user, vacancy)
    passport = passport_from_token(token, vacancy)
    if not passport.findable:
        raise ValidationError(_("Deze persoon is niet meer vindbaar."))
    contact, created = ContactRequest.objects.get_or_create(
        vacancy=vacancy, passport=passport, defaults={"requested_by": user, "message": message}
    )
    if not created:
        raise ValidationError(_("U heeft deze kandidaat al om contact gevraagd."))
    return contact


@transaction.atomic
def answer_contact(contact, user, accept):
    """The person accepts (their full passport becomes visible to the employer for this vacancy) or declines."""
    if contact.passport.user_id != user.pk:
        raise PermissionDenied(_("Dit contactverzoek is niet aan u gericht."))
    if contact.status != ContactRequest.Status.PENDING:
        raise ValidationError(_("U heeft dit verzoek al beantwoord."))
    contact.status = ContactRequest.Status.ACCEPTED if accept else ContactRequest.Status.DECLINED
    contact.answered_at = timezone.now()
    if accept:
        contact.consent = Consent.objects.create(
            passport=contact.passport,
            organisation_id=contact.vacancy.employer_id,
            purpose=Consent.Purpose.VACANCY,
            vacancy=contact.vacancy,
            sections=[section.value for section in Section],
        )
    contact.save()
    return contact


# --------------------------------------------------------------------------- coaching


def coach_organisations(user):
    return [m.organisation for m in Membership.objects.filter(user=user).select_related("organisation")]


def coached_passports(user):
    """Passports whose owners gave one of the coach's organisations an active coaching consent."""
    organisations = coach_organisations(user)
    consents = (
        Consent.objects.active()
        .filter(organisation__in=organisations, purpose=Consent.Purpose.COACHING)
        .select_related("passport__user", "organisation")
    )
    return {consent.passport_id: consent for consent in consents}


def coaching_consent(user, passport):
    consent = coached_passports(user).get(passport.pk)
    if consent is None:
        raise PermissionDenied(_("Deze persoon heeft uw organisatie geen toestemming gegeven voor begeleiding."))
    return consent


def coached_pseudonym(passport, organisation):
    digest = hmac.new(settings.SECRET_KEY.encode(), f"coach:{passport.pk}:{organisation.pk}".encode(), hashlib.sha256).hexdigest()
    return _("Persoon %(code)s") % {"code": digest[:6].upper()}


def coached_name(viewer, consent):
    """The person's name in a coach's list: only when the coaching consent includes contact details, and then logged."""
    if Section.CONTACT not in consent.sections:
        return coached_pseudonym(consent.passport, consent.organisation)
    AccessLogEntry.objects.create(
        passport=consent.passport,
        viewer=viewer,
        viewer_name=viewer.full_name or viewer.email,
        organisation=consent.organisation,
        organisation_name=consent.organisation.name,
        purpose=Consent.Purpose.COACHING,
        sections=[Section.CONTACT.value],
        consent=consent,
    )
    return consent.passport.user.full_name


def trajectory_for(user, passport):
    consent = coaching_consent(user, passport)
    trajectory, _ = Trajectory.objects.get_or_create(
        passport=passport, organisation=consent.organisation, defaults={"coach": user}
    )
    return trajectory


def close_trajectories_on_placement(sender, instance, created, **kwargs):
    """A recorded placement ends the person's open work-to-work trajectories as placed, whoever recorded it."""
    if not created or instance.person_id is None:
        return
    Trajectory.objects.filter(passport__user_id=instance.person_id, placement__isnull=True).exclude(
        status=Trajectory.Status.STOPPED
    ).update(placement=instance, status=Trajectory.Status.PLACED, updated_at=timezone.now())
