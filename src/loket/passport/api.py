"""The person's passport over the API: everything the passport pages do.

Input is checked by the same forms as the pages, so a mistake gets the same
Dutch message (422, one per field) and nothing is changed. Rows of someone
else's passport are not found (404).
"""

import datetime
from typing import Literal

from django import forms
from django.contrib.auth import logout
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.errors import ValidationError
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role

from . import services
from .forms import ConfirmForm, ConsentForm, CvForm, DeleteAccountForm, EducationForm, OccupationChoiceForm, SkillForm, WishesForm, WorkForm
from .models import Consent, Education, PassportSkill, SkillSource, WorkExperience

router = Router(tags=["passport"], auth=django_auth)

def person_passport(request):
    require_role(request, Role.PERSON)
    return services.passport_for(request.user)


def validated(form, rename=None):
    """The form's cleaned data, or a 422 with a Dutch message per field (nothing changed)."""
    if form.is_valid():
        return form.cleaned_data
    rename = rename or {}
    raise ValidationError(
        [
            {"loc": ("body", rename.get(error["field"], error["field"])), "msg": error["message"], "type": "loket"}
            for error in form.error_list()
        ]
    )


def refuse_nulls(form_class, changes, nullable=()):
    """A 422 for fields sent as null that cannot be empty that way.

    In a partial update null could mean "keep" or "clear"; for a list, a
    yes/no or a number the form would silently read it as empty, false or
    missing, so the client is told what to send instead.
    """
    errors = []
    for name, value in changes.items():
        if value is not None or name in nullable:
            continue
        field = form_class.base_fields[name]
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            message = _("Geef een lijst, eventueel leeg ([]), of laat het veld weg om het te laten zoals het is; null kan hier niet.")
        elif isinstance(field, forms.BooleanField):
            message = _("Geef true of false, of laat het veld weg om het te laten zoals het is; null kan hier niet.")
        else:
            message = _("Geef een getal, of laat het veld weg om het te laten zoals het is; null kan hier niet.")
        errors.append({"loc": ("body", name), "msg": message, "type": "loket"})
    if errors:
        raise ValidationError(errors)


def own(request, model, pk):
    return get_object_or_404(model, pk=pk, passport__user=request.user)


# --- Schemas ------------------------------------------------------------------------------


class ConceptRef(Schema):
    uri: str
    label: str
    label_language: str


class SkillOut(Schema):
    id: int
    skill: ConceptRef
    proficiency: int
    proficiency_label: str
    evidence: str
    evidence_label: str
    evidence_date: str | None
    evidence_note: str
    source: str
    added_at: str


class SkillIn(Schema):
    skill_id: int = Field(description="Id van een ESCO-vaardigheid (zie /api/v1/taxonomy/search?kind=skill)")
    proficiency: int = 2
    evidence: str = "self"
    evidence_date: datetime.date | None = None
    evidence_note: str = ""


class SkillUpdate(Schema):
    proficiency: int | None = None
    evidence: str | None = None
    evidence_date: datetime.date | None = None
    evidence_note: str | None = None


class WorkOut(Schema):
    id: int
    occupation: ConceptRef
    employer_name: str
    sector: str
    sector_label: str
    started_on: str | None
    ended_on: str | None


class WorkIn(Schema):
    occupation_id: int = Field(description="Id van een ESCO-beroep (zie /api/v1/taxonomy/search?kind=occupation)")
    employer_name: str = ""
    sector: str = Field("", description="SBI-sectie A–U, of leeg")
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class WorkUpdate(Schema):
    occupation_id: int | None = None
    employer_name: str | None = None
    sector: str | None = None
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class EducationOut(Schema):
    id: int
    title: str
    institution: str
    nlqf_level: int
    completed_on: str | None


class EducationIn(Schema):
    title: str
    institution: str = ""
    nlqf_level: int
    completed_on: datetime.date | None = None


class EducationUpdate(Schema):
    title: str | None = None
    institution: str | None = None
    nlqf_level: int | None = None
    completed_on: datetime.date | None = None


class MunicipalityOut(Schema):
    code: str
    name: str
    region: str


class RegionOut(Schema):
    code: str
    name: str


class WishesOut(Schema):
    home_municipality: MunicipalityOut | None
    max_travel_km: int
    regions: list[RegionOut]
    hours_min: int
    hours_max: int
    sectors: list[str]
    open_to_work_to_work: bool
    open_to_internship: bool
    open_to_bbl: bool
    findable: bool
    findable_sections: list[str]


class WishesIn(Schema):
    """Fields left out keep their value. Only home_municipality may be null (it clears it); [] empties a list."""

    home_municipality: str | None = Field(None, description="CBS-code van de gemeente, bijvoorbeeld GM0361; null wist")
    max_travel_km: int | None = None
    regions: list[str] | None = Field(None, description="Codes van arbeidsmarktregio's, bijvoorbeeld AM12")
    hours_min: int | None = None
    hours_max: int | None = None
    sectors: list[str] | None = None
    open_to_work_to_work: bool | None = None
    open_to_internship: bool | None = None
    open_to_bbl: bool | None = None
    findable: bool | None = None
    findable_sections: list[str] | None = None


class PassportOut(Schema):
    skills: list[SkillOut]
    work_history: list[WorkOut]
    education: list[EducationOut]
    wishes: WishesOut


class ProposalOut(ConceptRef):
    id: int
    present: bool = Field(description="Staat al in het paspoort")
    found_as: str = Field(description="Bij een cv: de woorden waarin de vaardigheid is herkend")


class OccupationProposalsIn(Schema):
    occupation_id: int


class CvIn(Schema):
    text: str


class ProposalsOut(Schema):
    source: str
    occupation: ConceptRef | None = None
    proposals: list[ProposalOut]


class ConfirmIn(Schema):
    skill_ids: list[int] = []
    source: Literal["occupation", "cv"]
    occupation_id: int | None = None
    add_to_work_history: bool = False


class ConfirmOut(Schema):
    added: list[SkillOut]
    work_experience: WorkOut | None


class OrganisationRef(Schema):
    id: int
    name: str


class OrganisationOut(OrganisationRef):
    kind: str


class VacancyRef(Schema):
    id: int | None = Field(description="null als de vacature is verwijderd")
    title: str


class ConsentOut(Schema):
    id: int
    organisation: OrganisationRef
    purpose: str
    purpose_label: str
    vacancy: VacancyRef | None
    sections: list[str]
    granted_at: str
    expires_at: str | None = Field(description="Het eerste moment waarop de toestemming niet meer geldt")
    last_day: str | None = Field(description="De laatste dag waarop de toestemming geldt (tot en met); null is zonder einddatum")
    revoked_at: str | None
    state: Literal["active", "expired", "revoked"]


class ConsentIn(Schema):
    organisation_id: int
    purpose: str
    vacancy_id: int | None = None
    sections: list[str]
    expires_on: datetime.date | None = Field(None, description="Geldig tot en met deze dag; leeg is tot intrekken")


class AccessLogOut(Schema):
    at: str
    viewer: str
    organisation: str
    purpose: str
    purpose_label: str
    sections: list[str]


class DeleteIn(Schema):
    password: str


class Message(Schema):
    detail: str


# --- The passport and wishes --------------------------------------------------------------


def wishes_out(passport):
    return {**services.wishes_data(passport), **services.visibility_data(passport)}


@router.get("/", response=PassportOut, summary="Mijn paspoort: vaardigheden, werkervaring, opleidingen en wensen")
def passport(request):
    passport = person_passport(request)
    data = services.sections_data(passport, ["skills", "work_history", "education"])
    return {**data, "wishes": wishes_out(passport)}


@router.get("/wishes", response=WishesOut, summary="Mijn wensen en vindbaarheid")
def wishes(request):
    return wishes_out(person_passport(request))


@router.put("/wishes", response=WishesOut, summary="Wensen en vindbaarheid wijzigen (weggelaten velden blijven gelijk)")
def update_wishes(request, payload: WishesIn):
    passport = person_passport(request)
    changes = payload.dict(exclude_unset=True)
    refuse_nulls(WishesForm, changes, nullable={"home_municipality"})
    data = WishesForm.initial_from(passport) | changes
    services.update_wishes(passport, validated(WishesForm(data=data)))
    return wishes_out(passport)


# --- Skills -------------------------------------------------------------------------------


@router.get("/skills", response=list[SkillOut], summary="Mijn vaardigheden")
def skills(request):
    return [services.skill_data(row) for row in services.skills_of(person_passport(request))]


@router.post("/skills", response={201: SkillOut}, summary="Een vaardigheid toevoegen")
def add_skill(request, payload: SkillIn):
    passport = person_passport(request)
    data = validated(SkillForm(data=payload.dict(), adding=True, passport=passport))
    [row] = services.add_skills(
        passport,
        [data["skill_id"].pk],
        source=SkillSource.MANUAL,
        proficiency=data["proficiency"],
        evidence=data["evidence"],
        evidence_date=data["evidence_date"],
        evidence_note=data["evidence_note"],
    )
    return Status(201, services.skill_data(row))


@router.get("/skills/{passport_skill_id}", response=SkillOut, summary="Eén vaardigheid in mijn paspoort")
def skill(request, passport_skill_id: int):
    person_passport(request)
    return services.skill_data(own(request, PassportSkill.objects.select_related("skill"), passport_skill_id))


@router.put("/skills/{passport_skill_id}", response=SkillOut, summary="Niveau en bewijs van een vaardigheid wijzigen")
def update_skill(request, passport_skill_id: int, payload: SkillUpdate):
    person_passport(request)
    row = own(request, PassportSkill.objects.select_related("skill"), passport_skill_id)
    current = {f: getattr(row, f) for f in ("proficiency", "evidence", "evidence_date", "evidence_note")}
    data = validated(SkillForm(data=current | payload.dict(exclude_unset=True)))
    for field, value in data.items():
        setattr(row, field, value)
    row.save()
    return services.skill_data(row)


@router.delete("/skills/{passport_skill_id}", response={204: None}, summary="Een vaardigheid verwijderen")
def delete_skill(request, passport_skill_id: int):
    person_passport(request)
    own(request, PassportSkill, passport_skill_id).delete()
    return Status(204, None)


# --- Work history -------------------------------------------------------------------------


def work_out(row):
    return services.work_experience_data(row)


@router.get("/work", response=list[WorkOut], summary="Mijn werkervaring")
def work_history(request):
    return [work_out(row) for row in services.work_history_of(person_passport(request))]


@router.post("/work", response={201: WorkOut}, summary="Werkervaring toevoegen")
def add_work(request, payload: WorkIn):
    passport = person_passport(request)
    data = validated(WorkForm(data=payload.dict()))
    return Status(201, work_out(services.save_work_experience(WorkExperience(passport=passport), data)))


@router.get("/work/{work_id}", response=WorkOut, summary="Eén werkervaring")
def work(request, work_id: int):
    person_passport(request)
    return work_out(own(request, WorkExperience.objects.select_related("occupation"), work_id))


@router.put("/work/{work_id}", response=WorkOut, summary="Werkervaring wijzigen (weggelaten velden blijven gelijk)")
def update_work(request, work_id: int, payload: WorkUpdate):
    person_passport(request)
    row = own(request, WorkExperience.objects.select_related("occupation"), work_id)
    current = {"occupation_id": row.occupation_id, **{f: getattr(row, f) for f in ("employer_name", "sector", "started_on", "ended_on")}}
    data = validated(WorkForm(data=current | payload.dict(exclude_unset=True)))
    return work_out(services.save_work_experience(row, data))


@router.delete("/work/{work_id}", response={204: None}, summary="Werkervaring verwijderen")
def delete_work(request, work_id: int):
    person_passport(request)
    own(request, WorkExperience, work_id).delete()
    return Status(204, None)


# --- Education ----------------------------------------------------------------------------


@router.get("/education", response=list[EducationOut], summary="Mijn opleidingen")
def education(request):
    return [services.education_data(row) for row in services.education_of(person_passport(request))]


@router.post("/education", response={201: EducationOut}, summary="Een opleiding toevoegen")
def add_education(request, payload: EducationIn):
    passport = person_passport(request)
    data = validated(EducationForm(data=payload.dict()))
    return Status(201, services.education_data(Education.objects.create(passport=passport, **data)))


@router.get("/education/{education_id}", response=EducationOut, summary="Eén opleiding")
def education_item(request, education_id: int):
    person_passport(request)
    return services.education_data(own(request, Education, education_id))


@router.put("/education/{education_id}", response=EducationOut, summary="Een opleiding wijzigen (weggelaten velden blijven gelijk)")
def update_education(request, education_id: int, payload: EducationUpdate):
    person_passport(request)
    row = own(request, Education, education_id)
    current = {f: getattr(row, f) for f in ("title", "institution", "nlqf_level", "completed_on")}
    for field, value in validated(EducationForm(data=current | payload.dict(exclude_unset=True))).items():
        setattr(row, field, value)
    row.save()
    return services.education_data(row)


@router.delete("/education/{education_id}", response={204: None}, summary="Een opleiding verwijderen")
def delete_education(request, education_id: int):
    person_passport(request)
    own(request, Education, education_id).delete()
    return Status(204, None)


# --- Quick start --------------------------------------------------------------------------


@router.post("/quick-start/occupation", response=ProposalsOut, summary="Snel beginnen: de essentiële vaardigheden van een beroep (slaat niets op)")
def occupation_proposals(request, payload: OccupationProposalsIn):
    passport = person_passport(request)
    occupation = validated(OccupationChoiceForm(data=payload.dict()))["occupation_id"]
    proposals = services.occupation_proposals(passport, occupation)
    return {"source": SkillSource.OCCUPATION, "occupation": services.concept_data(occupation), "proposals": [p.as_data() for p in proposals]}


@router.post("/quick-start/cv", response=ProposalsOut, summary="Snel beginnen: vaardigheden herkend in een cv-tekst (slaat niets op)")
def cv_proposals(request, payload: CvIn):
    passport = person_passport(request)
    text = validated(CvForm(data=payload.dict()))["text"]
    return {"source": SkillSource.CV, "proposals": [p.as_data() for p in services.cv_proposals(passport, text)]}


@router.post("/quick-start/confirm", response=ConfirmOut, summary="Snel beginnen: de aangevinkte voorstellen toevoegen")
def confirm(request, payload: ConfirmIn):
    passport = person_passport(request)
    data = validated(ConfirmForm(data=payload.dict()))
    created, experience = services.confirm_proposals(
        passport,
        [skill.pk for skill in data["skill_ids"]],
        source=data["source"],
        occupation=data["occupation_id"],
        add_to_work_history=data["add_to_work_history"],
    )
    return {
        "added": [services.skill_data(row) for row in created],
        "work_experience": work_out(experience) if experience else None,
    }


# --- Consent and the access log -----------------------------------------------------------


@router.get("/consents", response=list[ConsentOut], summary="Mijn toestemmingen: geldig, verlopen en ingetrokken")
def consents(request):
    passport = person_passport(request)
    return [services.consent_data(c) for c in passport.consents.select_related("organisation", "vacancy")]


@router.get("/consents/organisations", response=list[OrganisationOut], summary="Organisaties waaraan ik toestemming kan geven")
def consent_organisations(request):
    person_passport(request)
    return list(services.organisations_for_consent())


@router.post("/consents", response={201: ConsentOut}, summary="Toestemming geven aan een organisatie")
def grant(request, payload: ConsentIn):
    passport = person_passport(request)
    data = validated(ConsentForm(data=payload.dict()))
    consent = services.grant_consent(
        passport,
        organisation=data["organisation_id"],
        purpose=data["purpose"],
        sections=data["sections"],
        vacancy=data["vacancy_id"],
        expires_on=data["expires_on"],
    )
    return Status(201, services.consent_data(consent))


@router.post("/consents/{consent_id}/revoke", response=ConsentOut, summary="Toestemming intrekken (werkt meteen)")
def revoke(request, consent_id: int):
    person_passport(request)
    consent = own(request, Consent.objects.select_related("organisation", "vacancy"), consent_id)
    return services.consent_data(services.revoke_consent(consent))


@router.get("/access-log", response=list[AccessLogOut], summary="Wie heeft mijn paspoort bekeken")
def access_log(request):
    passport = person_passport(request)
    return [services.access_log_data(entry) for entry in passport.access_log.all()[:1000]]


# --- Export and deletion ------------------------------------------------------------------


@router.get("/export", summary="Alles wat het loket over mij bewaart (JSON, met ESCO-URI's)")
def export(request):
    person_passport(request)
    return services.export_person(request.user)


@router.post("/delete-account", response={200: Message}, summary="Mijn account en gegevens voorgoed verwijderen (met wachtwoord)")
def delete_account(request, payload: DeleteIn):
    require_role(request, Role.PERSON)
    validated(DeleteAccountForm(data=payload.dict(), user=request.user))
    services.delete_person(request.user)
    logout(request)
    return {"detail": _("Uw account en al uw gegevens zijn verwijderd.")}
