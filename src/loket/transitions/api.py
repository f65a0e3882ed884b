"""Transitions through the API: everything the explorer pages do."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from loket.accounts.api import require_role
from loket.accounts.roles import Role
from loket.passport import services as passports

from . import services

router = Router(tags=["transitions"])


class Filters(Schema):
    limit: int = Field(20, ge=1, le=200, description="Aantal bestemmingen (1 tot 200)")
    climate_only: bool = Field(False, description="Alleen werk voor de klimaattransitie")
    isco_major: str | None = Field(None, description="ISCO-hoofdgroep, één cijfer 0–9")
    viable_only: bool = Field(False, description="Alleen haalbare overstappen")


class GapOut(Schema):
    shared_essential: list[int]
    shared_optional: list[int]
    missing_essential: list[int]
    missing_optional: list[int]


class DestinationOut(Schema):
    occupation_id: int
    label: str
    isco_code: str
    climate: bool
    score: float
    coverage: float = Field(description="Dekking van de essentiële skills van het doelberoep (0–1)")
    activity: float = Field(description="Gelijkenis van de werkzaamheden (0–1)")
    classification: Literal["highly_viable", "viable", ""]
    gap: GapOut

    @staticmethod
    def of(destination):
        gap = destination.gap
        return {
            **{name: getattr(destination, name) for name in ("occupation_id", "label", "isco_code", "climate", "score", "coverage", "activity", "classification")},
            "gap": {name: list(getattr(gap, name)) for name in GapOut.model_fields},
        }


class NamedSkill(Schema):
    id: int
    label: str


class TransitionOut(Schema):
    origin_id: int | None = Field(description="Leeg als de overstap vanuit een paspoort is berekend")
    origin_label: str
    destination: DestinationOut
    viable_threshold: float | None
    highly_viable_threshold: float | None
    shared_essential: list[NamedSkill]
    shared_optional: list[NamedSkill]
    missing_essential: list[NamedSkill]
    missing_optional: list[NamedSkill]

    @staticmethod
    def of(detail):
        gap = detail.destination.gap
        return {
            "origin_id": detail.origin_id,
            "origin_label": detail.origin_label,
            "destination": DestinationOut.of(detail.destination),
            "viable_threshold": detail.thresholds.viable if detail.thresholds else None,
            "highly_viable_threshold": detail.thresholds.highly_viable if detail.thresholds else None,
            **{name: [{"id": i, "label": label} for i, label in detail.named(getattr(gap, name))] for name in GapOut.model_fields},
        }


class CalibrationOut(Schema):
    release: str
    viable: float
    highly_viable: float
    statistics: dict
    examples: list[dict]


def _call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except services.UnknownOccupation:
        raise HttpError(404, _("Dit beroep bestaat niet (meer) in de taxonomie.")) from None
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None


def _filters(filters):
    return filters.dict()


@router.get("/occupations/{occupation_id}/destinations", response=list[DestinationOut], summary="Beste bestemmingen vanuit een beroep")
def occupation_destinations(request, occupation_id: int, filters: Query[Filters]):
    return [DestinationOut.of(d) for d in _call(services.destinations_for_occupation, occupation_id, **_filters(filters))]


@router.get("/me/destinations", response=list[DestinationOut], auth=django_auth, summary="Beste bestemmingen vanuit mijn paspoort")
def passport_destinations(request, filters: Query[Filters]):
    require_role(request, Role.PERSON)
    passport = passports.passport_for(request.user)
    return [DestinationOut.of(d) for d in _call(services.destinations_for_passport, passport, **_filters(filters))]


@router.get("/occupations/{origin_id}/to/{destination_id}", response=TransitionOut, summary="Eén overstap: onderdelen en wat te leren")
def occupation_transition(request, origin_id: int, destination_id: int):
    return TransitionOut.of(_call(services.transition, origin_id, destination_id))


@router.get("/me/to/{destination_id}", response=TransitionOut, auth=django_auth, summary="Eén overstap vanuit mijn paspoort")
def passport_transition(request, destination_id: int):
    require_role(request, Role.PERSON)
    passport = passports.passport_for(request.user)
    return TransitionOut.of(_call(services.transition_for_passport, passport, destination_id))


@router.get("/calibration", response=CalibrationOut, summary="De drempels voor haalbaar en goed haalbaar, met statistiek en voorbeelden")
def calibration(request):
    current = services.current_calibration()
    if current is None:
        raise HttpError(404, _("Er is nog geen ESCO-release geïmporteerd."))
    return {
        "release": str(current.release),
        "viable": current.viable,
        "highly_viable": current.highly_viable,
        "statistics": current.statistics,
        "examples": current.examples,
    }
