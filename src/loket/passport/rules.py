"""The passport's input rules, as plain functions of plain values (no ORM).

Pages (forms) and the API both ask these, so a person gets the same Dutch
message for the same mistake wherever they make it. Each returns a dict
``{field: message}``; empty means the input is fine.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_HOURS_PER_WEEK = 60
MAX_TRAVEL_KM = 250


def period_errors(started_on, ended_on, today=None):
    """A work period: the end is not before the start, and a start is not in the future."""
    today = today or timezone.localdate()
    errors = {}
    if started_on and started_on > today:
        errors["started_on"] = _("De begindatum ligt in de toekomst.")
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = _("De einddatum ligt vóór de begindatum.")
    return errors


def hours_errors(hours_min, hours_max):
    errors = {}
    if hours_max is not None and hours_max > MAX_HOURS_PER_WEEK:
        errors["hours_max"] = _("Meer dan %(max)s uur per week kan niet.") % {"max": MAX_HOURS_PER_WEEK}
    if hours_min is not None and hours_min > MAX_HOURS_PER_WEEK:
        errors["hours_min"] = _("Meer dan %(max)s uur per week kan niet.") % {"max": MAX_HOURS_PER_WEEK}
    elif hours_min is not None and hours_max is not None and hours_min > hours_max:
        errors["hours_min"] = _("Het minimum aantal uur is groter dan het maximum.")
    return errors


def evidence_date_errors(evidence_date, today=None):
    today = today or timezone.localdate()
    if evidence_date and evidence_date > today:
        return {"evidence_date": _("De datum van het bewijs ligt in de toekomst.")}
    return {}


def expiry_errors(expires_on, today=None):
    """A consent ends at the end of the chosen day, so today is the earliest."""
    today = today or timezone.localdate()
    if expires_on and expires_on < today:
        return {"expires_on": _("Deze datum is al voorbij. Kies vandaag of later, of laat het veld leeg.")}
    return {}


def consent_sections_errors(sections, known):
    if not sections:
        return {"sections": _("Kies minstens één onderdeel dat de organisatie mag zien.")}
    unknown = [s for s in sections if s not in known]
    if unknown:
        return {"sections": _("Onbekend onderdeel: %(names)s.") % {"names": ", ".join(unknown)}}
    return {}

