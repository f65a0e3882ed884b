"""Vacancies, outflow announcements and placements: the rules and the saving.

Views and the API are thin over these; other apps (matching, the dashboard,
the synthetic-data generator) call them too, so every way in checks the same rules.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Organisation, User
from loket.accounts.roles import Role
from loket.geography.models import Municipality, Region
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind, Label, OccupationSkill, Relation
from loket.taxonomy.sectors import Sector
from loket.taxonomy.services.lookup import language_of, with_labels

from . import jobposting
from .models import (
    Importance,
    OutflowAnnouncement,
    Placement,
    PreviousSituation,
    Vacancy,
    VacancyKind,
    VacancySkill,
)

MAX_HOURS = 60
MAX_SKILLS = 100
MAX_OUTFLOW_PEOPLE = 100000
# A placement is recorded when the contract is signed; a start further ahead is a typing error.
MAX_PLACEMENT_DAYS_AHEAD = 365
MAX_OUTFLOW_YEARS_AHEAD = 5
VACANCY_FIELDS = (
    "title", "description", "kind", "occupation", "nlqf_level", "hours_min", "hours_max", "municipality", "sector",
    "climate_transition", "opened_on", "valid_through", "filled_on", "closed_on", "external_id",
)


# --- Who may do what ---------------------------------------------------------


def employer_organisations(user):
    """The employer organisations the user is a member of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER, memberships__user=user).distinct().order_by("name")


def managed_vacancies(user):
    """The vacancies the user manages: those of their employer organisations, if they have the employer role."""
    if not (user.is_authenticated and user.has_role(Role.EMPLOYER)):
        return Vacancy.objects.none()
    return Vacancy.objects.filter(employer__in=employer_organisations(user))


def managed_outflow(user):
    if not (user.is_authenticated and user.has_role(Role.EMPLOYER)):
        return OutflowAnnouncement.objects.none()
    return OutflowAnnouncement.objects.filter(employer__in=employer_organisations(user))


def choosable_outflow(user):
    """The outflow announcements the user may link a placement to: a coach,
    who brokers outflow groups, any open one; an employer only their own
    organisations' open ones, since an announcement is the employer's own news."""
    announcements = OutflowAnnouncement.objects.filter(closed_on__isnull=True)
    if user.is_authenticated and user.has_role(Role.COACH):
        return announcements
    return announcements.filter(pk__in=managed_outflow(user).values("pk"))


def manages(user, vacancy):
    return managed_vacancies(user).filter(pk=vacancy.pk).exists()


def may_record_placement(user, vacancy):
    return manages(user, vacancy) or (user.is_authenticated and user.has_role(Role.COACH))


def placement_consents(user, vacancy):
    """The active consents through which the user may link a loket person to a placement in this vacancy.

    The employer's: a consent to the vacancy's organisation for this vacancy
    or for all its vacancies (given, for example, by accepting a contact
    request). A coach's: a coaching consent to one of the coach's organisations.
    """
    from loket.passport.models import Consent

    allowed = []
    if manages(user, vacancy):
        allowed.append(
            Q(purpose=Consent.Purpose.VACANCY, organisation_id=vacancy.employer_id)
            & (Q(vacancy__isnull=True) | Q(vacancy_id=vacancy.pk))
        )
    if user.is_authenticated and user.has_role(Role.COACH):
        allowed.append(Q(purpose=Consent.Purpose.COACHING, organisation__in=user.organisations.all()))
    if not allowed:
        return Consent.objects.none()
    either = allowed[0]
    for condition in allowed[1:]:
        either |= condition
    return Consent.objects.active().filter(either)


def may_link_person(user, vacancy, person):
    return person.has_role(Role.PERSON) and placement_consents(user, vacancy).filter(passport__user=person).exists()


def not_linkable_message():
    # One message for an unknown address, an account that is no person and a
    # person without consent, so the form cannot be used to find out who has an account.
    return _(
        "Wij kunnen deze persoon niet aan de plaatsing koppelen. Dat kan alleen als de persoon uw organisatie "
        "toestemming heeft gegeven; laat het veld anders leeg."
    )


def shares_passport_for(user, vacancy):
    """Whether the user already lets the vacancy's employer see their passport for it."""
    from loket.passport.models import Consent

    return (
        Consent.objects.active()
        .filter(passport__user=user, organisation_id=vacancy.employer_id, purpose=Consent.Purpose.VACANCY)
        .filter(Q(vacancy__isnull=True) | Q(vacancy_id=vacancy.pk))
        .exists()
    )


def visible_placements(user, vacancy):
    """Placements of a vacancy the user may see: all for the employer, the ones
    they recorded for a coach.

    Each has ``person_shown``: the placed person, only when their consent to
    the user's organisation includes their name and contact details; otherwise None.
    """
    from loket.passport.models import Section

    placements = vacancy.placements.select_related("person", "previous_occupation", "outflow__employer")
    if not manages(user, vacancy):
        if not (user.is_authenticated and user.has_role(Role.COACH)):
            return []
        placements = placements.filter(recorded_by=user)
    placements = list(placements)
    people = {p.person_id for p in placements if p.person_id}
    consents = placement_consents(user, vacancy).filter(passport__user_id__in=people).values_list("passport__user_id", "sections")
    named = {person_id for person_id, sections in consents if Section.CONTACT.value in (sections or [])}
    for placement in placements:
        placement.person_shown = placement.person if placement.person_id in named else None
    return placements


# --- Reading -----------------------------------------------------------------


def propose_skills(occupation):
    """The occupation's ESCO profile as (skill, importance): essential first, each part by label.

    ESCO lists a few pairs as both essential and optional; those count as essential.
    """
    links = OccupationSkill.objects.filter(occupation=occupation).values_list("skill_id", "relation")
    relation = {}
    for skill_id, kind in links:
        if relation.get(skill_id) != Relation.ESSENTIAL:
            relation[skill_id] = kind
    skills = with_labels(Concept.objects.filter(id__in=relation, kind=ConceptKind.SKILL))
    ordered = sorted(skills, key=lambda s: (relation[s.id] != Relation.ESSENTIAL, s.label().casefold()))
    return [
        (skill, Importance.ESSENTIAL.value if relation[skill.id] == Relation.ESSENTIAL else Importance.OPTIONAL.value)
        for skill in ordered
    ]


def labelled_vacancies(queryset, language=None):
    """Vacancies with what pages and exports show, in few queries."""
    language = language_of(language)
    labels = Label.objects.filter(kind=Label.Kind.PREFERRED, language__in={language, "en"})
    return queryset.select_related("employer", "municipality__region", "occupation__isco_group").prefetch_related(
        Prefetch("occupation__labels", queryset=labels),
        Prefetch("skills", queryset=VacancySkill.objects.select_related("skill").order_by("importance", "id")),
        Prefetch("skills__skill__labels", queryset=labels),
    )


def filter_by_status(queryset, status):
    today = timezone.localdate()
    if status == "open":
        return queryset.open(today)
    if status == "filled":
        return queryset.filter(filled_on__isnull=False)
    if status == "closed":
        return queryset.filter(filled_on__isnull=True).filter(Q(closed_on__isnull=False) | Q(valid_through__lt=today))
    return queryset


# --- Vacancies ---------------------------------------------------------------


def _as_date(value, errors, field_name):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    parsed = jobposting.parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        errors.setdefault(field_name, []).append(_("Geen geldige datum; schrijf de datum als JJJJ-MM-DD."))
    return parsed


def years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def future_date_message(today):
    return _("Deze datum ligt in de toekomst; kies vandaag (%(date)s) of eerder.") % {"date": today.isoformat()}


def _as_int(value, errors, field_name, message):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors.setdefault(field_name, []).append(message)
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.setdefault(field_name, []).append(message)
        return None


def _concept(value):
    if value in (None, ""):
        return None
    if isinstance(value, Concept):
        return value
    try:
        return Concept.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return Concept.objects.filter(uri=str(value)).first()


def _municipality(value):
    if value in (None, ""):
        return None
    if isinstance(value, Municipality):
        return value
    if isinstance(value, str) and value.upper().startswith("GM"):
        return Municipality.objects.filter(code=value.upper()).first()
    try:
        return Municipality.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _initial_values(vacancy):
    if vacancy is not None:
        return {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
    return {
        "title": "", "description": "", "kind": VacancyKind.JOB.value, "occupation": None, "nlqf_level": None,
        "hours_min": 32, "hours_max": 40, "municipality": None, "sector": "", "climate_transition": False,
        "opened_on": timezone.localdate(), "valid_through": None, "filled_on": None, "closed_on": None, "external_id": "",
    }


def clean_vacancy(employer, data, skills, *, vacancy=None):
    """(values, skill rows, errors): the data checked and turned into model values.

    ``data`` holds model field names; fields left out keep the vacancy's
    current value (or the default for a new one). ``skills`` is the whole
    list of (skill id, importance).
    """
    errors = {}
    unknown = set(data) - set(VACANCY_FIELDS)
    if unknown:
        errors["__all__"] = [_("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}]
    values = _initial_values(vacancy) | {k: v for k, v in data.items() if k in VACANCY_FIELDS}

    def add(field_name, message):
        errors.setdefault(field_name, []).append(message)

    if employer is None or employer.kind != Organisation.Kind.EMPLOYER:
        add("employer", _("Kies een werkgever: alleen een organisatie van de soort werkgever heeft vacatures."))
    elif vacancy is not None and vacancy.employer_id != employer.pk:
        add("employer", _("Een vacature kan niet naar een andere werkgever verhuizen."))

    title = (values["title"] or "").strip()
    if not title:
        add("title", _("Vul een titel in."))
    elif len(title) > 200:
        add("title", _("De titel is te lang: maximaal 200 tekens."))
    values["title"] = title
    values["description"] = (values["description"] or "").strip()
    values["external_id"] = (values["external_id"] or "").strip()
    if len(values["external_id"]) > 200:
        add("external_id", _("Het kenmerk is te lang: maximaal 200 tekens."))
    elif values["external_id"] and employer is not None:
        taken = Vacancy.objects.filter(employer=employer, external_id=values["external_id"])
        if vacancy is not None:
            taken = taken.exclude(pk=vacancy.pk)
        if taken.exists():
            add("external_id", _("Dit kenmerk heeft al een andere vacature van uw organisatie."))

    if values["kind"] not in VacancyKind.values:
        add("kind", _("Kies een soort: baan, stage, BBL-plaats of open hiring."))

    occupation = _concept(values["occupation"])
    if values["occupation"] in (None, ""):
        add("occupation", _("Kies een beroep."))
    elif occupation is None:
        add("occupation", _("Dit beroep staat niet in de skills-taal."))
    elif occupation.kind != ConceptKind.OCCUPATION:
        add("occupation", _("“%(label)s” is geen beroep. Kies een beroep.") % {"label": occupation.label()})
    values["occupation"] = occupation

    level = _as_int(values["nlqf_level"], errors, "nlqf_level", _("Kies een niveau van NLQF 1 tot en met 8."))
    if level is not None and not 1 <= level <= 8:
        add("nlqf_level", _("Kies een niveau van NLQF 1 tot en met 8."))
    values["nlqf_level"] = level

    whole_hours = _("Vul een geheel aantal uren per week in.")
    hours_min = _as_int(values["hours_min"], errors, "hours_min", whole_hours)
    hours_max = _as_int(values["hours_max"], errors, "hours_max", whole_hours)
    if values["hours_min"] in (None, ""):
        add("hours_min", _("Vul het minimum aantal uren per week in."))
    if values["hours_max"] in (None, ""):
        add("hours_max", _("Vul het maximum aantal uren per week in."))
    if hours_min is not None and hours_min < 1:
        add("hours_min", _("Minimaal 1 uur per week."))
    if hours_max is not None and hours_max > MAX_HOURS:
        add("hours_max", _("Maximaal %(max)s uur per week.") % {"max": MAX_HOURS})
    if hours_min is not None and hours_max is not None and hours_min > hours_max:
        add("hours_min", _("Het minimum aantal uren is groter dan het maximum."))
    values["hours_min"], values["hours_max"] = hours_min, hours_max

    municipality = _municipality(values["municipality"])
    if values["municipality"] in (None, ""):
        add("municipality", _("Kies de gemeente in Noord-Holland waar het werk is."))
    elif municipality is None:
        add("municipality", _("Onbekende gemeente: kies een gemeente in Noord-Holland."))
    values["municipality"] = municipality

    if not values["sector"]:
        add("sector", _("Kies een sector."))
    elif values["sector"] not in Sector.values:
        add("sector", _("Onbekende sector: kies een SBI-sectie van A tot en met U."))

    if not isinstance(values["climate_transition"], bool):
        add("climate_transition", _("Kies ja of nee."))

    for name in ("opened_on", "valid_through", "filled_on", "closed_on"):
        values[name] = _as_date(values[name], errors, name)
    opened = values["opened_on"]
    if opened is None and "opened_on" not in errors:
        add("opened_on", _("Vul de datum in waarop de vacature opengaat."))
    if opened:
        if values["filled_on"] and values["filled_on"] < opened:
            add("filled_on", _("Een vacature kan niet vervuld zijn vóór ze openging (%(date)s).") % {"date": opened.isoformat()})
        if values["closed_on"] and values["closed_on"] < opened:
            add("closed_on", _("Een vacature kan niet gesloten zijn vóór ze openging (%(date)s).") % {"date": opened.isoformat()})
        if values["valid_through"] and values["valid_through"] < opened:
            add("valid_through", _("Reageren kan niet eindigen vóór de vacature opengaat (%(date)s).") % {"date": opened.isoformat()})
    if values["filled_on"] and values["closed_on"]:
        add("closed_on", _("Een vacature is vervuld of gesloten, niet allebei."))
    today = timezone.localdate()
    for name in ("filled_on", "closed_on"):
        # Only a new date: a vacancy filled by a placement that starts next month still saves.
        changed = vacancy is None or values[name] != getattr(vacancy, name)
        if changed and values[name] and values[name] > today and name not in errors:
            add(name, future_date_message(today))

    rows = _clean_skills(skills, values["kind"], errors)
    return values, rows, errors


def _clean_skills(skills, kind, errors):
    def add(message):
        errors.setdefault("skills", []).append(message)

    pairs = []
    for item in skills or []:
        try:
            skill_id, importance = item
            pairs.append((int(skill_id), importance))
        except (TypeError, ValueError):
            add(_("Een skill is een paar van skill en belang (noodzakelijk of gewenst)."))
    if len(pairs) > MAX_SKILLS:
        add(_("Te veel skills: maximaal %(max)s.") % {"max": MAX_SKILLS})
        return []
    concepts = with_labels(Concept.objects.filter(pk__in=[skill_id for skill_id, _importance in pairs])).in_bulk()
    rows, seen = [], set()
    for skill_id, importance in pairs:
        concept = concepts.get(skill_id)
        if concept is None:
            add(_("Onbekende skill (nummer %(id)s).") % {"id": skill_id})
        elif concept.kind != ConceptKind.SKILL:
            add(_("“%(label)s” is geen vaardigheid.") % {"label": concept.label()})
        elif importance not in Importance.values:
            add(_("Het belang van “%(label)s” moet noodzakelijk of gewenst zijn.") % {"label": concept.label()})
        elif skill_id in seen:
            add(_("“%(label)s” staat twee keer in de lijst.") % {"label": concept.label()})
        else:
            seen.add(skill_id)
            rows.append((concept, importance))
    if not pairs and kind != VacancyKind.OPEN_HIRING:
        add(_("Kies minstens één skill. Alleen bij open hiring mag de lijst leeg zijn."))
    return rows


def save_vacancy(employer, data, skills, *, user, vacancy=None):
    """Create or change a vacancy with its whole skill list, or raise
    ValidationError({field: [Dutch messages]}) and change nothing."""
    values, rows, errors = clean_vacancy(employer, data, skills, vacancy=vacancy)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if vacancy is None:
            vacancy = Vacancy(employer=employer, created_by=user if user and user.is_authenticated else None)
        for name, value in values.items():
            setattr(vacancy, name, value)
        vacancy.save()
        vacancy.skills.all().delete()
        VacancySkill.objects.bulk_create(VacancySkill(vacancy=vacancy, skill=skill, importance=importance) for skill, importance in rows)
    return vacancy


def _status_date(vacancy, on, field_name):
    on = on or timezone.localdate()
    if isinstance(on, str):
        on = jobposting.parse_date(on)
        if on is None:
            raise ValidationError({field_name: [_("Geen geldige datum; schrijf de datum als JJJJ-MM-DD.")]})
    if on < vacancy.opened_on:
        raise ValidationError(
            {field_name: [_("Deze datum ligt vóór de datum waarop de vacature openging (%(date)s).") % {"date": vacancy.opened_on.isoformat()}]}
        )
    today = timezone.localdate()
    if on > today:
        raise ValidationError({field_name: [future_date_message(today)]})
    if vacancy.filled_on or vacancy.closed_on:
        raise ValidationError({field_name: [_("Deze vacature is al vervuld of gesloten.")]})
    return on


def mark_filled(vacancy, on=None):
    vacancy.filled_on = _status_date(vacancy, on, "filled_on")
    vacancy.save(update_fields=["filled_on", "updated_at"])
    return vacancy


def close_vacancy(vacancy, on=None):
    vacancy.closed_on = _status_date(vacancy, on, "closed_on")
    vacancy.save(update_fields=["closed_on", "updated_at"])
    return vacancy


def reopen_vacancy(vacancy):
    """Open a filled or closed vacancy again (another position is free); placements stay."""
    vacancy.filled_on = vacancy.closed_on = None
    vacancy.save(update_fields=["filled_on", "closed_on", "updated_at"])
    return vacancy


def delete_vacancy(vacancy):
    if vacancy.placements.exists():
        raise ValidationError({"__all__": [_("Deze vacature heeft plaatsingen en kan niet weg; sluit haar in plaats daarvan.")]})
    vacancy.delete()


# --- Placements --------------------------------------------------------------


def record_placement(
    vacancy,
    *,
    person=None,
    person_email=None,
    previous_situation,
    previous_occupation,
    previous_sector,
    started_on,
    outflow=None,
    recorded_by,
    keep_open=False,
):
    """Record that someone started in the vacancy; it is filled on the start
    date unless more positions remain open.

    The employer of the vacancy or a coach records it. The person is someone
    outside the loket (no ``person`` and no ``person_email``), or a loket
    person, given as the account or by e-mail address, who gave the recorder
    consent (see ``placement_consents``). Raises PermissionDenied for anyone
    else, and ValidationError({field: [messages]}) for bad input, changing nothing.
    """
    is_employer = manages(recorded_by, vacancy)
    is_coach = recorded_by.is_authenticated and recorded_by.has_role(Role.COACH)
    if not (is_employer or is_coach):
        raise PermissionDenied(_("Alleen de werkgever of een loopbaancoach legt een plaatsing vast."))
    errors = {}

    def add(field_name, message):
        errors.setdefault(field_name, []).append(message)

    if vacancy.closed_on:
        add("__all__", _("Deze vacature is gesloten; daarin kan niemand meer beginnen."))
    person_email = (person_email or "").strip()
    if person is None and person_email:
        person = User.objects.filter(email__iexact=person_email).first()
        if person is None:
            add("person", not_linkable_message())
    if person is not None:
        if not may_link_person(recorded_by, vacancy, person):
            add("person", not_linkable_message())
        elif vacancy.placements.filter(person=person).exists():
            add("person", _("Deze persoon is al in deze vacature geplaatst."))
    if previous_situation not in PreviousSituation.values:
        add("previous_situation", _("Kies waar de persoon vandaan kwam."))
    previous_occupation = _concept(previous_occupation)
    if previous_occupation is not None and previous_occupation.kind != ConceptKind.OCCUPATION:
        add("previous_occupation", _("“%(label)s” is geen beroep. Kies een beroep.") % {"label": previous_occupation.label()})
    previous_sector = previous_sector or ""
    if previous_sector and previous_sector not in Sector.values:
        add("previous_sector", _("Onbekende sector: kies een SBI-sectie van A tot en met U."))
    started_on = _as_date(started_on, errors, "started_on")
    if started_on is None and "started_on" not in errors:
        add("started_on", _("Vul de startdatum in."))
    elif started_on and started_on < vacancy.opened_on:
        # No margin before the opening day: the vacancy is filled on the start
        # date, and a vacancy cannot be filled before it opened.
        add("started_on", _("De startdatum ligt vóór de datum waarop de vacature openging (%(date)s).") % {"date": vacancy.opened_on.isoformat()})
    elif started_on and started_on > timezone.localdate() + datetime.timedelta(days=MAX_PLACEMENT_DAYS_AHEAD):
        latest = timezone.localdate() + datetime.timedelta(days=MAX_PLACEMENT_DAYS_AHEAD)
        add("started_on", _("De startdatum ligt meer dan een jaar vooruit; kies uiterlijk %(date)s.") % {"date": latest.isoformat()})
    if outflow not in (None, ""):
        outflow_id = outflow.pk if isinstance(outflow, OutflowAnnouncement) else outflow
        outflow = choosable_outflow(recorded_by).filter(pk=row_id(outflow_id)).first() if row_id(outflow_id) else None
        if outflow is None:
            # Unknown and not yours read alike: another employer's announcements are theirs.
            if is_coach:
                add("outflow", _("Kies een aangekondigde uitstroom die nog niet is afgesloten."))
            else:
                add("outflow", _("Kies een aangekondigde uitstroom van uw eigen organisatie die nog niet is afgesloten."))
    else:
        outflow = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        placement = Placement.objects.create(
            vacancy=vacancy,
            person=person,
            previous_situation=previous_situation,
            previous_occupation=previous_occupation,
            previous_sector=previous_sector,
            started_on=started_on,
            outflow=outflow,
            recorded_by=recorded_by,
        )
        if not keep_open and vacancy.filled_on is None:
            vacancy.filled_on = started_on
            vacancy.save(update_fields=["filled_on", "updated_at"])
    return placement


# --- Outflow announcements ---------------------------------------------------


def clean_outflow(employer, data, outflow=None):
    """(values, errors) for a new outflow announcement or a change to ``outflow``;
    ``data``: occupation, people, expected_on, region, note."""
    errors = {}

    def add(field_name, message):
        errors.setdefault(field_name, []).append(message)

    if employer is None or employer.kind != Organisation.Kind.EMPLOYER:
        add("employer", _("Kies een werkgever: alleen een organisatie van de soort werkgever meldt uitstroom."))
    occupation = _concept(data.get("occupation"))
    if data.get("occupation") in (None, ""):
        add("occupation", _("Kies het beroep van de mensen die uitstromen."))
    elif occupation is None:
        add("occupation", _("Dit beroep staat niet in de skills-taal."))
    elif occupation.kind != ConceptKind.OCCUPATION:
        add("occupation", _("“%(label)s” is geen beroep. Kies een beroep.") % {"label": occupation.label()})
    people = _as_int(data.get("people"), errors, "people", _("Vul een geheel aantal mensen in."))
    if data.get("people") in (None, ""):
        add("people", _("Vul in om hoeveel mensen het gaat."))
    elif people is not None and not 1 <= people <= MAX_OUTFLOW_PEOPLE:
        add("people", _("Het aantal mensen ligt tussen 1 en %(max)s.") % {"max": MAX_OUTFLOW_PEOPLE})
    expected_on = _as_date(data.get("expected_on"), errors, "expected_on")
    today = timezone.localdate()
    if expected_on is None and "expected_on" not in errors:
        add("expected_on", _("Vul de verwachte datum in."))
    elif expected_on and outflow is None and expected_on < today:
        # Only when announcing: an announcement whose day has passed can still be changed.
        add("expected_on", _("De verwachte datum ligt in het verleden; kies vandaag (%(date)s) of later.") % {"date": today.isoformat()})
    elif expected_on and expected_on > years_after(today, MAX_OUTFLOW_YEARS_AHEAD):
        add("expected_on", _("De verwachte datum ligt meer dan vijf jaar vooruit; kies uiterlijk %(date)s.") % {
            "date": years_after(today, MAX_OUTFLOW_YEARS_AHEAD).isoformat()})
    region = data.get("region")
    if region in (None, ""):
        add("region", _("Kies de arbeidsmarktregio."))
        region = None
    elif not isinstance(region, Region):
        if isinstance(region, str) and not region.isdigit():
            region = Region.objects.filter(code=region.upper()).first()
        else:
            region = Region.objects.filter(pk=region).first()
        if region is None:
            add("region", _("Onbekende arbeidsmarktregio: kies een van de vijf regio's in Noord-Holland."))
    note = (data.get("note") or "").strip()
    if len(note) > 5000:
        add("note", _("De toelichting is te lang: maximaal 5000 tekens."))
    values = {"occupation": occupation, "people": people, "expected_on": expected_on, "region": region, "note": note}
    return values, errors


def save_outflow(employer, data, *, user, outflow=None):
    """Register (or change) an expected outflow of staff, or raise
    ValidationError({field: [messages]}) and save nothing.

    ``data``: occupation, people, expected_on, region (Region, id or code like AM15), note.
    """
    values, errors = clean_outflow(employer, data, outflow)
    if errors:
        raise ValidationError(errors)
    if outflow is None:
        outflow = OutflowAnnouncement(employer=employer, created_by=user if user and user.is_authenticated else None)
    for name, value in values.items():
        setattr(outflow, name, value)
    outflow.save()
    return outflow


def close_outflow(outflow, on=None):
    on = on or timezone.localdate()
    if isinstance(on, str):
        on = jobposting.parse_date(on)
        if on is None:
            raise ValidationError({"closed_on": [_("Geen geldige datum; schrijf de datum als JJJJ-MM-DD.")]})
    if outflow.closed_on:
        raise ValidationError({"closed_on": [_("Deze aankondiging is al afgesloten.")]})
    if on < outflow.created_at.date():
        raise ValidationError({"closed_on": [_("Een aankondiging kan niet afgesloten zijn vóór ze werd gedaan.")]})
    if on > timezone.localdate():
        raise ValidationError({"closed_on": [future_date_message(timezone.localdate())]})
    outflow.closed_on = on
    outflow.save(update_fields=["closed_on"])
    return outflow


# --- JobPosting export and import --------------------------------------------


def isco_code(occupation):
    """ISCO-08 unit group of an occupation: its ISCO group, or the start of its ESCO code."""
    if occupation.isco_group_id and occupation.isco_group.code:
        return occupation.isco_group.code
    head = (occupation.code or "").split(".", 1)[0]
    return head if head.isdigit() and len(head) == 4 else ""


def vacancy_record(vacancy, url=""):
    """A vacancy as the plain record that ``jobposting`` writes."""
    return {
        "title": vacancy.title,
        "description": vacancy.description,
        "kind": vacancy.kind,
        "occupation_uri": vacancy.occupation.uri,
        "occupation_label": vacancy.occupation.label(),
        "isco_code": isco_code(vacancy.occupation),
        "skills": [{"uri": vs.skill.uri, "label": vs.skill.label(), "importance": vs.importance} for vs in vacancy.skills.all()],
        "nlqf_level": vacancy.nlqf_level,
        "hours_min": vacancy.hours_min,
        "hours_max": vacancy.hours_max,
        "municipality_code": vacancy.municipality.code,
        "municipality_name": vacancy.municipality.name,
        "region_code": vacancy.municipality.region.code,
        "sector": vacancy.sector,
        "sector_name": str(Sector(vacancy.sector).label),
        "climate_transition": vacancy.climate_transition,
        "opened_on": vacancy.opened_on,
        "valid_through": vacancy.valid_through,
        "filled_on": vacancy.filled_on,
        "closed_on": vacancy.closed_on,
        "external_id": vacancy.external_id,
        "employer_name": vacancy.employer.name,
        "employer_kvk": vacancy.employer.kvk_number,
        "url": url,
    }


def export_jobposting(vacancy, url=""):
    return jobposting.to_jobposting(vacancy_record(vacancy, url))


def export_jobpostings(vacancies, url_of=lambda vacancy: ""):
    return jobposting.to_item_list([vacancy_record(v, url_of(v)) for v in labelled_vacancies(vacancies)])


class ImportFailed(Exception):
    """An import refused as a whole; ``errors`` are PostingError items, each with its place."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{e.path}: {e.message}" for e in errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)

    @property
    def vacancies(self):
        return self.created + self.updated


def import_jobpostings(employer, document, *, user):
    """Import one or many JobPosting documents into the employer's vacancies.

    All or nothing: ImportFailed lists every problem with its place, and then
    no vacancy is created or changed. A posting whose identifier matches a
    vacancy's own reference (``external_id``) updates that vacancy, so
    importing the same feed twice does not duplicate it. ``document`` is the
    parsed JSON, or its text.
    """
    try:
        if isinstance(document, (str, bytes)):
            document = jobposting.parse_json(document)
        postings, errors = jobposting.read_documents(document)
    except jobposting.DocumentError as error:
        raise ImportFailed(error.errors) from None
    if employer is None or employer.kind != Organisation.Kind.EMPLOYER:
        raise ImportFailed([jobposting.PostingError(None, "$", "employer", _("Kies een werkgever om in te importeren."))])

    uris = {p.record.get("occupation_uri") for p in postings} | {s["uri"] for p in postings for s in p.record.get("skills", [])}
    concepts = {c.uri: c for c in with_labels(Concept.objects.filter(uri__in=uris - {None}))}
    municipalities = list(Municipality.objects.select_related("region"))
    by_code = {m.code: m for m in municipalities}
    by_name = {m.name.casefold(): m for m in municipalities}
    existing = {
        v.external_id: v
        for v in Vacancy.objects.filter(employer=employer, external_id__in={p.record.get("external_id") for p in postings} - {None, ""})
    }

    planned, references = [], {}
    for posting in postings:
        record = posting.record
        failed = {e.field for e in errors if e.index == posting.index}

        def fail(field_name, path, message, posting=posting):
            errors.append(jobposting.PostingError(posting.index, path, field_name, message))
            failed.add(field_name)

        data = {name: record[name] for name in ("title", "description", "kind", "nlqf_level", "hours_min", "hours_max", "sector", "climate_transition", "opened_on", "valid_through", "filled_on", "closed_on", "external_id") if name in record}
        if record.get("occupation_uri"):
            occupation = concepts.get(record["occupation_uri"])
            if occupation is None:
                fail("occupation", posting.path_of("occupation"), _("Onbekende ESCO-URI: %(uri)s.") % {"uri": record["occupation_uri"]})
            data["occupation"] = occupation
        skills = []
        for skill in record.get("skills", []):
            concept = concepts.get(skill["uri"])
            if concept is None:
                fail("skills", skill["path"], _("Onbekende ESCO-URI: %(uri)s.") % {"uri": skill["uri"]})
            elif concept.kind != ConceptKind.SKILL:
                fail("skills", skill["path"], _("“%(label)s” is geen vaardigheid.") % {"label": concept.label()})
            else:
                skills.append((concept.pk, skill["importance"]))
        if "municipality_code" in record:
            data["municipality"] = by_code.get(record["municipality_code"])
            if data["municipality"] is None:
                fail("municipality", posting.path_of("municipality"), _("Onbekende gemeente: %(code)s is geen gemeente in Noord-Holland.") % {"code": record["municipality_code"]})
        elif "municipality_name" in record:
            data["municipality"] = by_name.get(record["municipality_name"].casefold())
            if data["municipality"] is None:
                fail("municipality", posting.path_of("municipality"), _("Onbekende gemeente in Noord-Holland: “%(name)s”.") % {"name": record["municipality_name"]})
        reference = record.get("external_id")
        if reference:
            if reference in references:
                fail("external_id", posting.path_of("external_id"), _("Dit kenmerk staat al bij vacature %(number)s in dit bestand.") % {"number": references[reference] + 1})
            references.setdefault(reference, posting.index)
        vacancy = existing.get(reference) if reference else None
        if failed & {"", "@type"}:
            continue  # not a JobPosting at all: its fields mean nothing
        # Check the rest too, so one round trip shows every problem; a field
        # already reported is not reported twice.
        data = {k: v for k, v in data.items() if k not in failed}
        _values, _rows, field_errors = clean_vacancy(employer, data, skills, vacancy=vacancy)
        for field_name, messages in field_errors.items():
            if field_name in failed or (field_name.startswith("hours_") and failed & {"hours_min", "hours_max"}):
                continue
            for message in messages:
                errors.append(jobposting.PostingError(posting.index, posting.path_of(field_name), field_name, message))
        planned.append((data, skills, vacancy))

    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.index if e.index is not None else -1, e.path)))
    result = ImportResult()
    with transaction.atomic():
        for data, skills, vacancy in planned:
            saved = save_vacancy(employer, data, skills, user=user, vacancy=vacancy)
            (result.updated if vacancy else result.created).append(saved)
    return result
