"""The passport's services: what pages, the API and other apps do with a passport.

Other apps read a passport only through ``view_passport`` (with the person's
consent, and logged) or ``findable_profile`` (the anonymous view of a person
who chose to be findable). Every shape handed out here is plain data in the
same form as the person's own export, with ESCO URIs.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Organisation
from loket.taxonomy.models import FALLBACK_LANGUAGE, Concept, ConceptKind, Label, OccupationSkill, Relation
from loket.taxonomy.services import lookup

from .models import (
    AccessLogEntry,
    Consent,
    ErasureRecord,
    Evidence,
    Passport,
    PassportSkill,
    Proficiency,
    Section,
    WorkExperience,
)

EXPORT_FORMAT = "loket-passport-export"
EXPORT_VERSION = 1


# --- The passport itself --------------------------------------------------------------


def passport_for(user):
    """The person's passport, made on first use."""
    passport, _created = Passport.objects.get_or_create(user=user)
    return passport


def labels_prefetch(path):
    """Prefetch the preferred labels of the concepts at ``path`` (for ``Concept.label_in``)."""
    language = lookup.language_of()
    return Prefetch(
        f"{path}__labels",
        queryset=Label.objects.filter(kind=Label.Kind.PREFERRED, language__in={language, FALLBACK_LANGUAGE}),
    )


def skills_of(passport):
    """The passport's skills with their concepts and labels, in alphabetical order of the label."""
    rows = list(passport.skills.select_related("skill").prefetch_related(labels_prefetch("skill")))
    return sorted(rows, key=lambda row: row.skill.label().casefold())


def work_history_of(passport):
    return list(
        passport.work_history.select_related("occupation")
        .prefetch_related(labels_prefetch("occupation"))
        .order_by(models.F("started_on").desc(nulls_last=True), "-id")
    )


def education_of(passport):
    return list(passport.education.order_by(models.F("completed_on").desc(nulls_last=True), "-id"))


def add_skills(
    passport,
    skill_ids,
    *,
    source,
    evidence=Evidence.SELF,
    evidence_date=None,
    evidence_note="",
    proficiency=Proficiency.COMPETENT,
):
    """Add ESCO skills to the passport; ids of other kinds of concept and skills
    already present are skipped. Returns the rows created, in the order asked."""
    wanted = list(dict.fromkeys(int(skill_id) for skill_id in skill_ids))
    skills = Concept.objects.filter(kind=ConceptKind.SKILL, id__in=wanted).in_bulk()
    with transaction.atomic():
        # Locking the passport row makes two confirmations at once add each skill once.
        Passport.objects.select_for_update().filter(pk=passport.pk).exists()
        present = set(passport.skills.filter(skill_id__in=wanted).values_list("skill_id", flat=True))
        created = []
        for skill_id in wanted:
            if skill_id in skills and skill_id not in present:
                created.append(
                    PassportSkill.objects.create(
                        passport=passport,
                        skill=skills[skill_id],
                        source=source,
                        evidence=evidence,
                        evidence_date=evidence_date,
                        evidence_note=evidence_note,
                        proficiency=proficiency,
                    )
                )
        if created:
            Passport.objects.filter(pk=passport.pk).update(updated_at=timezone.now())
    return created


def save_work_experience(row, data):
    """Save a work experience from a WorkForm's cleaned data."""
    row.occupation = data["occupation_id"]
    for field in ("employer_name", "sector", "started_on", "ended_on"):
        setattr(row, field, data[field])
    row.save()
    return row


@transaction.atomic
def update_wishes(passport, data):
    """Save wishes and visibility from a WishesForm's cleaned data."""
    for field in ("home_municipality", "max_travel_km", "hours_min", "hours_max", "open_to_work_to_work",
                  "open_to_internship", "open_to_bbl", "findable"):
        setattr(passport, field, data[field])
    passport.sectors = sorted(data["sectors"])
    passport.findable_sections = [s for s in Section.values if s in data["findable_sections"] and s != Section.CONTACT]
    passport.save()
    passport.regions.set(data["regions"])
    return passport


# --- Quick start: proposals that store nothing until confirmed --------------------------


@dataclass(frozen=True)
class Proposal:
    concept: Concept
    present: bool  # already in the passport
    found_as: str = ""  # the words in a CV it was recognised in

    def as_data(self):
        return {**concept_data(self.concept), "id": self.concept.pk, "present": self.present, "found_as": self.found_as}


def occupation_proposals(passport, occupation):
    """The occupation's essential skills, each marked present or not. Stores nothing."""
    skill_ids = OccupationSkill.objects.filter(occupation=occupation, relation=Relation.ESSENTIAL).values("skill_id")
    concepts = lookup.with_labels(Concept.objects.filter(id__in=skill_ids, kind=ConceptKind.SKILL))
    present = set(passport.skills.values_list("skill_id", flat=True))
    proposals = [Proposal(concept, concept.pk in present) for concept in concepts]
    return sorted(proposals, key=lambda p: p.concept.label().casefold())


def cv_proposals(passport, text):
    """The skills recognised in a CV text, in the order they appear. Stores nothing."""
    present = set(passport.skills.values_list("skill_id", flat=True))
    proposals = {}
    for match, concept in sorted(lookup.extract_skills(text), key=lambda pair: pair[0].start):
        if concept.pk not in proposals:
            proposals[concept.pk] = Proposal(concept, concept.pk in present, match.text)
    return list(proposals.values())


def confirm_proposals(passport, skill_ids, *, source, occupation=None, add_to_work_history=False):
    """Add the skills the person ticked; optionally the occupation to the work history.

    Returns (skills created, work experience created or None)."""
    with transaction.atomic():
        created = add_skills(passport, skill_ids, source=source)
        experience = None
        if occupation is not None and add_to_work_history and not passport.work_history.filter(occupation=occupation).exists():
            experience = WorkExperience.objects.create(passport=passport, occupation=occupation)
    return created, experience


# --- Serialisation: one shape for the export, consented views and the API ---------------


def concept_data(concept):
    label, language = concept.label_in()
    return {"uri": concept.uri, "label": label, "label_language": language}


def skill_data(row, *, anonymous=False):
    data = {
        "id": row.pk,
        "skill": concept_data(row.skill),
        "proficiency": row.proficiency,
        "proficiency_label": str(Proficiency(row.proficiency).label),
        "evidence": row.evidence,
        "evidence_label": str(Evidence(row.evidence).label),
        "evidence_date": iso(row.evidence_date),
        "evidence_note": row.evidence_note,
        "source": row.source,
        "added_at": iso(row.added_at),
    }
    if anonymous:
        # A note or an exact date can name a school or employer; the year is enough to judge.
        data = {key: data[key] for key in ("skill", "proficiency", "proficiency_label", "evidence", "evidence_label")}
        data["evidence_year"] = row.evidence_date.year if row.evidence_date else None
    return data


def work_experience_data(row, *, anonymous=False):
    if anonymous:
        return {
            "occupation": concept_data(row.occupation),
            "sector": row.sector,
            "sector_label": row.get_sector_display(),
            "started_year": row.started_on.year if row.started_on else None,
            "ended_year": row.ended_on.year if row.ended_on else None,
        }
    return {
        "id": row.pk,
        "occupation": concept_data(row.occupation),
        "employer_name": row.employer_name,
        "sector": row.sector,
        "sector_label": row.get_sector_display(),
        "started_on": iso(row.started_on),
        "ended_on": iso(row.ended_on),
    }


def education_data(row, *, anonymous=False):
    if anonymous:
        return {
            "title": row.title,
            "nlqf_level": row.nlqf_level,
            "completed_year": row.completed_on.year if row.completed_on else None,
        }
    return {
        "id": row.pk,
        "title": row.title,
        "institution": row.institution,
        "nlqf_level": row.nlqf_level,
        "completed_on": iso(row.completed_on),
    }


def wishes_data(passport):
    municipality = passport.home_municipality
    return {
        "home_municipality": (
            {"code": municipality.code, "name": municipality.name, "region": municipality.region.code} if municipality else None
        ),
        "max_travel_km": passport.max_travel_km,
        "regions": [{"code": region.code, "name": region.name} for region in passport.regions.order_by("code")],
        "hours_min": passport.hours_min,
        "hours_max": passport.hours_max,
        "sectors": list(passport.sectors),
        "open_to_work_to_work": passport.open_to_work_to_work,
        "open_to_internship": passport.open_to_internship,
        "open_to_bbl": passport.open_to_bbl,
    }


def visibility_data(passport):
    return {"findable": passport.findable, "findable_sections": list(passport.findable_sections)}


def contact_data(passport):
    return {"name": passport.user.full_name, "email": passport.user.email}


def sections_data(passport, sections, *, anonymous=False):
    """The chosen sections of a passport, in the export's shape."""
    data = {"sections": [s for s in Section.values if s in sections]}
    if Section.SKILLS in sections:
        data["skills"] = [skill_data(row, anonymous=anonymous) for row in skills_of(passport)]
    if Section.WORK_HISTORY in sections:
        data["work_history"] = [work_experience_data(row, anonymous=anonymous) for row in work_history_of(passport)]
    if Section.EDUCATION in sections:
        data["education"] = [education_data(row, anonymous=anonymous) for row in education_of(passport)]
    if Section.WISHES in sections:
        data["wishes"] = wishes_data(passport)
    if Section.CONTACT in sections and not anonymous:
        data["contact"] = contact_data(passport)
    return data


def iso(value):
    return value.isoformat() if value else None


# --- Consent and the access log -----------------------------------------------------------


def active_consent(passport, organisation, purpose, vacancy=None):
    """The consent that lets ``organisation`` see this passport for ``purpose`` now, or None.

    For a vacancy, a consent for that vacancy counts, and so does one for the
    organisation's vacancies in general (vacancy left empty); the specific one wins.
    """
    consents = Consent.objects.active().filter(passport=passport, organisation=organisation, purpose=purpose)
    if purpose == Consent.Purpose.VACANCY:
        for_vacancy = models.Q(vacancy__isnull=True)
        if vacancy is not None:
            for_vacancy |= models.Q(vacancy=vacancy)
        consents = consents.filter(for_vacancy).order_by(models.F("vacancy").asc(nulls_last=True), "-granted_at")
    return consents.first()


def end_of_day(day):
    """A consent chosen to run until a date lasts until the end of that day, local time."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def grant_consent(passport, *, organisation, purpose, sections, vacancy=None, expires_on=None):
    return Consent.objects.create(
        passport=passport,
        organisation=organisation,
        purpose=purpose,
        vacancy=vacancy if purpose == Consent.Purpose.VACANCY else None,
        sections=[s for s in Section.values if s in sections],
        expires_at=end_of_day(expires_on) if expires_on else None,
    )


def revoke_consent(consent):
    """Effective at once: ``active_consent`` stops returning it from this moment."""
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
    return consent


def end_consents_for_vacancy(vacancy):
    """A consent for one vacancy ends when that vacancy is deleted.

    The row stays, revoked, with the vacancy's last title, so the person's
    history still says what they agreed to and the access log keeps its link.
    """
    consents = Consent.objects.filter(vacancy=vacancy)
    consents.update(vacancy_title=vacancy.title)
    consents.active().update(revoked_at=timezone.now())


def consents_by_state(passport, at=None):
    """(active, expired, revoked) consents of a passport."""
    at = at or timezone.now()
    by_state = {"active": [], "expired": [], "revoked": []}
    for consent in passport.consents.select_related("organisation", "vacancy"):
        by_state[consent_state(consent, at)].append(consent)
    return by_state["active"], by_state["expired"], by_state["revoked"]


def consent_state(consent, at=None):
    if consent.revoked_at is not None:
        return "revoked"
    return "active" if consent.is_active(at) else "expired"


def consent_data(consent):
    return {
        "id": consent.pk,
        "organisation": {"id": consent.organisation_id, "name": consent.organisation.name},
        "purpose": consent.purpose,
        "purpose_label": consent.get_purpose_display(),
        "vacancy": vacancy_ref(consent),
        "sections": list(consent.sections),
        "granted_at": iso(consent.granted_at),
        "expires_at": iso(consent.expires_at),
        "last_day": iso(consent.last_day),
        "revoked_at": iso(consent.revoked_at),
        "state": consent_state(consent),
    }


def vacancy_ref(consent):
    """The vacancy a consent is for; after the vacancy's deletion its id is None. None: all the organisation's vacancies."""
    if consent.vacancy_id:
        return {"id": consent.vacancy_id, "title": consent.vacancy.title}
    if consent.vacancy_deleted:
        return {"id": None, "title": consent.vacancy_title}
    return None


def access_log_data(entry):
    return {
        "at": iso(entry.at),
        "viewer": entry.viewer_name,
        "organisation": entry.organisation_name,
        "purpose": entry.purpose,
        "purpose_label": str(entry.purpose_label),
        "sections": list(entry.sections),
    }


def view_passport(viewer, passport, *, organisation, purpose, vacancy=None):
    """Someone else looks at a passport on behalf of an organisation.

    Refused (PermissionDenied, nothing logged) unless the viewer is a member of
    the organisation and the person gave it an active consent for this purpose.
    Returns only the consented sections, and logs the view for the person.
    """
    if not (viewer.is_authenticated and viewer.is_active and organisation.memberships.filter(user=viewer).exists()):
        raise PermissionDenied(
            _("U bent geen lid van %(organisation)s en mag dit paspoort daarom niet namens hen inzien.")
            % {"organisation": organisation.name}
        )
    consent = active_consent(passport, organisation, purpose, vacancy)
    if consent is None:
        raise PermissionDenied(
            _("Deze persoon heeft %(organisation)s geen (geldige) toestemming gegeven om het paspoort in te zien voor dit doel.")
            % {"organisation": organisation.name}
        )
    data = sections_data(passport, consent.sections)
    AccessLogEntry.objects.create(
        passport=passport,
        viewer=viewer,
        viewer_name=viewer.full_name or viewer.email,
        organisation=organisation,
        organisation_name=organisation.name,
        purpose=purpose,
        sections=data["sections"],
        consent=consent,
    )
    return data


def findable_profile(passport):
    """What an employer may see of a findable person before contact: no name, no
    e-mail, no employer or school names, dates as years. None if not findable."""
    if not passport.findable:
        return None
    sections = [s for s in passport.findable_sections if s != Section.CONTACT]
    return sections_data(passport, sections, anonymous=True)


# --- Export and erasure ------------------------------------------------------------------


def export_person(user):
    """Everything the loket holds on the person, as plain JSON-ready data with ESCO URIs."""
    passport = Passport.objects.filter(user=user).first()
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": iso(timezone.now()),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "roles": [role.value for role in user.roles],
            "organisations": [
                {"name": m.organisation.name, "kind": m.organisation.kind, "is_manager": m.is_manager}
                for m in user.memberships.select_related("organisation")
            ],
        },
        "passport": None,
        "skills": [],
        "work_history": [],
        "education": [],
        "wishes": None,
        "consents": [],
        "access_log": [],
        "contact_requests": [],
        "trajectories": [],
        "placements": [placement_data(p) for p in user.placements.select_related("vacancy__employer", "previous_occupation")],
        "credentials": credentials_data(user, passport),
        "learning_routes": [],
        "development_fund": None,
    }
    if passport is not None:
        data["passport"] = {
            "headline": passport.headline,
            "created_at": iso(passport.created_at),
            "updated_at": iso(passport.updated_at),
            **visibility_data(passport),
        }
        data.update(sections_data(passport, Section.values))
        del data["sections"], data["contact"]
        data["consents"] = [consent_data(c) for c in passport.consents.select_related("organisation", "vacancy")]
        data["access_log"] = [access_log_data(e) for e in passport.access_log.all()]
        data["contact_requests"] = [
            {
                "vacancy": {"title": r.vacancy.title, "employer": r.vacancy.employer.name},
                "message": r.message,
                "status": r.status,
                "created_at": iso(r.created_at),
                "answered_at": iso(r.answered_at),
            }
            for r in passport.contact_requests.select_related("vacancy__employer")
        ]
        data["trajectories"] = [
            {
                "organisation": t.organisation.name,
                "coach": str(t.coach) if t.coach else None,
                "status": t.status,
                "next_step": t.next_step,
                "next_step_on": iso(t.next_step_on),
                "created_at": iso(t.created_at),
                "updated_at": iso(t.updated_at),
                "notes": [{"text": n.text, "author": str(n.author) if n.author else None, "created_at": iso(n.created_at)} for n in t.notes.all()],
            }
            for t in passport.trajectories.select_related("organisation", "coach").prefetch_related("notes__author")
        ]
        from loket.catalog.routes import route_data, routes_of  # the catalogue builds on the passport, not the reverse

        data["learning_routes"] = [route_data(route) for route in routes_of(passport)]
        from loket.fund.api import person_fund_data

        data["development_fund"] = person_fund_data(passport)
    return data


def placement_data(placement):
    return {
        "vacancy": {"title": placement.vacancy.title, "employer": placement.vacancy.employer.name},
        "started_on": iso(placement.started_on),
        "previous_situation": placement.previous_situation,
        "previous_occupation": concept_data(placement.previous_occupation) if placement.previous_occupation else None,
        "previous_sector": placement.previous_sector,
    }


def credentials_data(user, passport):
    """Rows of the credentials app that point to this person, whatever their shape.

    That app is built beside this one; reading its models generically keeps the
    export complete without depending on their field names.
    """
    try:
        config = apps.get_app_config("credentials")
    except LookupError:
        return []
    owners = {get_user_model(): user}
    if passport is not None:
        owners[Passport] = passport
    rows = []
    for model in config.get_models():
        for field in subject_fields(model, owners):
            for obj in model._default_manager.filter(**{field.name: owners[field.related_model]}):
                rows.append({"type": model._meta.model_name, **plain_fields(obj)})
    return rows


def subject_fields(model, owners):
    """Foreign keys naming the person the row is about (its holder or subject), not who made it."""
    made_by = ("issued_by", "issuer", "created_by", "revoked_by", "signed_by", "author", "recorded_by", "actor", "requested_by")
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in owners and field.name not in made_by
    ]


def plain_fields(obj):
    """A row's fields as JSON-ready values; of its relations only ESCO concepts
    (with their URI) and organisations (by name), which say what and from whom."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation:
            related = getattr(obj, field.name)
            if isinstance(related, Concept):
                data[field.name] = concept_data(related)
            elif isinstance(related, Organisation):
                data[field.name] = related.name
            continue
        value = field.value_from_object(obj)
        if isinstance(value, (bytes, memoryview)):
            continue  # key material and signatures travel inside the signed document, not as raw bytes
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, dict, list, type(None))):
            value = str(value)  # UUIDs, decimals
        data[field.name] = value
    return data


@transaction.atomic
def delete_person(user):
    """Remove the person for good; only an anonymous ErasureRecord stays.

    Deleting the user cascades to the passport and everything in it (skills,
    work, education, consents, access log, contact requests, trajectories);
    placements keep their anonymous fields with the person cleared.
    """
    passport = Passport.objects.filter(user=user).first()
    record = ErasureRecord.objects.create(
        had_passport=passport is not None,
        was_findable=bool(passport and passport.findable),
        skill_count=passport.skills.count() if passport else 0,
    )
    user.delete()
    return record


def organisations_for_consent():
    return Organisation.objects.order_by("name")
