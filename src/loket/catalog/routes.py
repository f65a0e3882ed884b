"""Learning routes and the province's skill shortages over the ORM.

The optimisation itself is in ``routing`` (plain data); this module reads the
gap and the candidate offerings in bulk, hands them over, and turns the result
back into objects. See docs/routes.md.
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.geography.models import Region
from loket.ids import row_id
from loket.taxonomy.models import Concept, ConceptKind
from loket.taxonomy.services.lookup import preferred_labels_and_languages, with_labels
from loket.transitions import services as transitions
from loket.vacancies.models import Importance, OutflowAnnouncement, Vacancy, VacancySkill

from . import routing
from .models import CourseSkill, LearningRoute, Modality, Offering

MAX_MONTHS = 36
MAX_BUDGET_CENTS = 10_000_000  # EUR 100,000: beyond any personal budget, and inside the model's integer


def euros(cents):
    return None if cents is None else Decimal(cents) / 100


@dataclass
class Step:
    offering: Offering
    skills: list  # the missing skills (concepts) this offering covers

    @property
    def price_euros(self):
        return euros(self.offering.price_cents)


@dataclass
class PlannedRoute:
    goal_label: str
    vacancy: Vacancy | None
    occupation: Concept | None
    steps: list
    covered: list  # concepts
    uncovered: list  # concepts; essential ones first
    uncovered_essential: set
    missing_essential: tuple  # concept ids
    missing_optional: tuple
    price_cents: int
    hours: int
    method: str
    bound: float | None
    k: int
    budget_cents: int | None
    wishes: dict
    # Optional (wished-for) skills the person left out of the plan: shown, not planned.
    optional_left_out: tuple = ()
    candidates: int = 0
    pruned: int = 0
    timings: dict = field(default_factory=dict)

    @property
    def offerings(self):
        return [step.offering for step in self.steps]

    @property
    def price_euros(self):
        return euros(self.price_cents)

    @property
    def missing(self):
        return self.missing_essential + self.missing_optional


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def resolve_goal(*, vacancy_id=None, occupation_id=None):
    """(vacancy, occupation) for the ids a person gave; exactly one, open and known, or a Dutch ValidationError."""
    if vacancy_id in (None, "") and occupation_id in (None, ""):
        raise ValidationError(_("Kies een doel: een vacature of een beroep."))
    if vacancy_id not in (None, "") and occupation_id not in (None, ""):
        raise ValidationError(_("Kies één doel: een vacature of een beroep, niet allebei."))
    if vacancy_id not in (None, ""):
        vacancy = Vacancy.objects.open().select_related("occupation", "municipality").filter(pk=row_id(vacancy_id)).first()
        if vacancy is None:
            raise ValidationError(_("Deze vacature bestaat niet of is niet meer open."))
        return vacancy, None
    occupation = Concept.objects.filter(pk=row_id(occupation_id), kind=ConceptKind.OCCUPATION).first()
    if occupation is None:
        raise ValidationError(_("Dit beroep kennen we niet."))
    return None, occupation


def default_regions(passport):
    """The regions a person wants on-site teaching in: their wished regions, else their home's region."""
    wished = list(passport.regions.values_list("id", flat=True))
    if wished:
        return wished
    if passport.home_municipality_id:
        return [passport.home_municipality.region_id]
    return []  # nothing known: on-site offerings anywhere in the province


def check_wishes(*, budget_cents=None, modalities=None, region_ids=None, start_within_months=6):
    errors = {}
    if budget_cents is not None and budget_cents < 0:
        errors["budget"] = _("Het budget kan niet negatief zijn.")
    elif budget_cents is not None and budget_cents > MAX_BUDGET_CENTS:
        errors["budget"] = _("Het budget is te groot; het kan hoogstens %(max)s euro zijn.") % {"max": f"{MAX_BUDGET_CENTS // 100:,}".replace(",", ".")}
    if modalities is not None:
        if not modalities:
            errors["modalities"] = _("Kies ten minste één vorm: online, hybride of op locatie.")
        elif set(modalities) - set(Modality.values):
            errors["modalities"] = _("Onbekende vorm; kies uit online, hybride of op locatie.")
    if region_ids and Region.objects.filter(id__in=region_ids).count() != len(set(region_ids)):
        errors["regions"] = _("Onbekende arbeidsmarktregio.")
    if start_within_months is None or not 1 <= start_within_months <= MAX_MONTHS:
        errors["start_within_months"] = _("Kies een start binnen 1 tot %(max)s maanden.") % {"max": MAX_MONTHS}
    if errors:
        raise ValidationError(errors)


def candidate_offerings(missing, *, modalities, region_ids, start_within_months, today):
    """Bookable offerings teaching at least one missing skill, fitting the wishes, as routing.Candidates."""
    if not missing:
        return []
    teaching = CourseSkill.objects.filter(skill_id__in=missing).values("course_id")
    offerings = Offering.objects.bookable(today).filter(
        start_date__lte=add_months(today, start_within_months), modality__in=modalities, course_id__in=teaching
    )
    if region_ids:
        # Online teaching reaches everybody; on-site and hybrid only in the wished regions.
        offerings = offerings.filter(Q(modality=Modality.ONLINE) | Q(municipality__region_id__in=region_ids))
    rows = list(offerings.values_list("id", "course_id", "price_cents", "course__study_hours", "start_date"))
    taught = defaultdict(set)
    for course_id, skill_id in CourseSkill.objects.filter(course_id__in={row[1] for row in rows}, skill_id__in=missing).values_list(
        "course_id", "skill_id"
    ):
        taught[course_id].add(skill_id)
    return [
        routing.Candidate(id=id, price_cents=price, hours=hours, skills=frozenset(taught[course]), start=start.toordinal(), group=course)
        for id, course, price, hours, start in rows
    ]


def plan_route(
    passport, *, vacancy=None, occupation=None, budget_cents=None, modalities=None, region_ids=None, start_within_months=6, today=None,
    include_optional=False, max_exact=routing.EXACT_MAX_OFFERINGS,
):
    """The best route of offerings from the person's skills to a vacancy or an occupation.

    Only the essential skills are planned unless *include_optional*: coverage
    comes before price, so planning the optional ones too can add a long
    programme for a nice-to-have, which a person should choose, not get.
    """
    modalities = list(modalities) if modalities is not None else list(Modality.values)
    check_wishes(budget_cents=budget_cents, modalities=modalities, region_ids=region_ids, start_within_months=start_within_months)
    today = today or timezone.localdate()
    region_ids = list(region_ids) if region_ids else default_regions(passport)
    gap = transitions.gap_for_person(passport, vacancy=vacancy, occupation=occupation)
    planned_optional = gap.missing_optional if include_optional else ()
    planned_skills = gap.missing_essential + planned_optional
    candidates = candidate_offerings(
        planned_skills, modalities=modalities, region_ids=region_ids, start_within_months=start_within_months, today=today
    )
    route = routing.plan(candidates, gap.missing_essential, planned_optional, budget_cents, max_exact=max_exact)
    concepts = with_labels(Concept.objects.filter(id__in=gap.missing)).in_bulk()
    offerings = Offering.objects.select_related("course__provider__organisation", "municipality").in_bulk(route.chosen)
    skills_of = {c.id: c.skills for c in candidates if c.id in offerings}
    covered_so_far, steps = set(), []
    for offering_id in route.chosen:
        new = sorted(skills_of[offering_id] - covered_so_far)
        covered_so_far |= skills_of[offering_id]
        steps.append(Step(offerings[offering_id], [concepts[s] for s in new]))
    essential = set(gap.missing_essential)
    return PlannedRoute(
        goal_label=vacancy.title if vacancy is not None else occupation.label(),
        vacancy=vacancy,
        occupation=occupation,
        steps=steps,
        covered=[concepts[s] for s in route.covered],
        uncovered=sorted((concepts[s] for s in route.uncovered), key=lambda c: (c.id not in essential, str(c))),
        uncovered_essential=essential & set(route.uncovered),
        missing_essential=gap.missing_essential,
        missing_optional=planned_optional,
        optional_left_out=tuple(concepts[s] for s in gap.missing_optional) if not include_optional else (),
        price_cents=route.price_cents,
        hours=route.hours,
        method=route.method,
        bound=route.bound,
        k=route.k,
        budget_cents=budget_cents,
        wishes={
            "modalities": modalities, "region_ids": region_ids, "start_within_months": start_within_months,
            "include_optional": include_optional,
        },  # fmt: skip
        candidates=route.candidates,
        pruned=route.pruned,
        timings=route.timings,
    )


def offering_snapshot(offering):
    """What a person chose, as plain JSON: kept with a saved route so it survives later changes to the offering."""
    course = offering.course
    return {
        "course_title": {"nl": course.title_nl, "en": course.title_en},
        "provider": str(course.provider),
        "start_date": offering.start_date.isoformat(),
        "end_date": offering.end_date.isoformat(),
        "price_cents": offering.price_cents,
        "study_hours": course.study_hours,
        "modality": offering.modality,
        "municipality": offering.municipality.name if offering.municipality_id else None,
    }


@transaction.atomic
def save_route(passport, planned):
    route = LearningRoute.objects.create(
        passport=passport,
        goal_vacancy=planned.vacancy,
        goal_occupation=planned.occupation if planned.occupation is not None else (planned.vacancy.occupation if planned.vacancy else None),
        goal_label=planned.goal_label[:250],
        missing_skills=list(planned.missing),
        uncovered_skills=[c.id for c in planned.uncovered],
        total_price_cents=planned.price_cents,
        total_hours=planned.hours,
        budget_cents=planned.budget_cents,
        wishes=planned.wishes,
        snapshot={str(offering.pk): offering_snapshot(offering) for offering in planned.offerings},
        method=planned.method,
    )
    route.offerings.set(planned.offerings)
    return route


def routes_of(passport):
    return LearningRoute.objects.filter(passport=passport).prefetch_related("offerings__course__provider__organisation", "offerings__municipality")


def route_of(passport, pk):
    """The person's own route; another person's raises LearningRoute.DoesNotExist as an unknown one does."""
    return routes_of(passport).get(pk=pk)


def delete_route(passport, pk):
    route_of(passport, pk).delete()


class OfferingChange:
    """How a saved offering differs from the catalogue now."""

    UNCHANGED = ""
    CANCELLED = "cancelled"
    REMOVED = "removed"
    PRICE = "price_changed"


@dataclass
class SavedOffering:
    id: int
    course_title: dict  # {"nl": …, "en": …}
    provider: str
    start_date: datetime.date
    end_date: datetime.date
    price_cents: int  # when saved
    study_hours: int
    modality: str
    municipality: str | None
    change: str  # an OfferingChange
    current_price_cents: int | None  # None once removed

    @property
    def title(self):
        language = (translation.get_language() or "nl")[:2]
        return self.course_title.get(language) or self.course_title.get("nl") or ""

    @property
    def modality_label(self):
        return Modality(self.modality).label if self.modality in Modality.values else self.modality

    @property
    def price_euros(self):
        return euros(self.price_cents)

    @property
    def current_price_euros(self):
        return euros(self.current_price_cents)


@dataclass
class SavedState:
    offerings: list  # [SavedOffering], by start date
    current_total_cents: int  # the offerings one can still follow, at today's prices

    @property
    def changed(self):
        return any(offering.change for offering in self.offerings)

    @property
    def current_total_euros(self):
        return euros(self.current_total_cents)


def saved_state(route):
    """The route as saved, each offering marked when it is now cancelled, removed or at another price.

    Routes saved before snapshots existed fall back to the offerings as they are now.
    """
    current = {offering.pk: offering for offering in route.offerings.all()}
    snapshot = route.snapshot or {str(pk): offering_snapshot(offering) for pk, offering in current.items()}
    offerings, total = [], 0
    for key, saved in snapshot.items():
        now = current.get(int(key))
        if now is None:
            change = OfferingChange.REMOVED
        elif now.cancelled:
            change = OfferingChange.CANCELLED
        elif now.price_cents != saved["price_cents"]:
            change = OfferingChange.PRICE
        else:
            change = OfferingChange.UNCHANGED
        if now is not None and not now.cancelled:
            total += now.price_cents
        offerings.append(
            SavedOffering(
                id=int(key), course_title=saved["course_title"], provider=saved["provider"],
                start_date=datetime.date.fromisoformat(saved["start_date"]), end_date=datetime.date.fromisoformat(saved["end_date"]),
                price_cents=saved["price_cents"], study_hours=saved["study_hours"], modality=saved["modality"],
                municipality=saved["municipality"], change=change, current_price_cents=now.price_cents if now is not None else None,
            )
        )  # fmt: skip
    offerings.sort(key=lambda offering: (offering.start_date, offering.id))
    return SavedState(offerings=offerings, current_total_cents=total)


def route_data(route):
    """The saved route as plain JSON (API and the passport export)."""
    state = saved_state(route)
    return {
        "id": route.pk,
        "goal": route.goal_label,
        "vacancy": route.goal_vacancy_id,
        "occupation": route.goal_occupation_id,
        "offerings": [offering.pk for offering in route.offerings.all()],
        "saved_offerings": [
            {
                "id": offering.id, "course_title": offering.course_title, "provider": offering.provider,
                "start_date": offering.start_date.isoformat(), "end_date": offering.end_date.isoformat(),
                "price_cents": offering.price_cents, "study_hours": offering.study_hours, "modality": offering.modality,
                "municipality": offering.municipality, "change": offering.change, "current_price_cents": offering.current_price_cents,
            }  # fmt: skip
            for offering in state.offerings
        ],
        "missing_skills": route.missing_skills,
        "uncovered_skills": route.uncovered_skills,
        "total_price_cents": route.total_price_cents,
        "current_total_price_cents": state.current_total_cents,
        "total_hours": route.total_hours,
        "budget_cents": route.budget_cents,
        "wishes": route.wishes,
        "method": route.method,
        "created_at": route.created_at.isoformat(),
    }


# --- Shortages: what the market asks for and nobody teaches ---------------------------------


@dataclass
class Shortage:
    region: Region
    skill_id: int
    skill_uri: str
    skill_label: str
    skill_label_language: str
    vacancies: int  # open vacancies in the region asking for it as essential
    # People in announced outflow × viable destinations missing it as essential; None when
    # fewer than MIN_EMPLOYERS_PER_TRANSITION_FIGURE employers are behind it (not shown).
    transitions: int | None

    @property
    def demand(self):
        return self.vacancies + (self.transitions or 0)


def taught_skills_by_region(today):
    """(skills taught online, {region id: skills taught on site or hybrid there}) by bookable offerings."""
    bookable = Offering.objects.bookable(today)
    online = set(
        CourseSkill.objects.filter(course_id__in=bookable.filter(modality=Modality.ONLINE).values("course_id"))
        .values_list("skill_id", flat=True)
        .distinct()
    )
    by_region = defaultdict(set)
    # The database joins and de-duplicates: a few thousand (region, skill) pairs come back, not every offering.
    pairs = (
        CourseSkill.objects.filter(course__offerings__in=bookable.exclude(modality=Modality.ONLINE).filter(municipality__isnull=False))
        .values_list("course__offerings__municipality__region_id", "skill_id")
        .distinct()
    )
    for region_id, skill_id in pairs:
        by_region[region_id].add(skill_id)
    return online, by_region


def vacancy_demand(today, region_ids=None):
    """Counter of (region id, skill id) -> open vacancies asking for the skill as essential."""
    rows = VacancySkill.objects.filter(vacancy__in=Vacancy.objects.open(today), importance=Importance.ESSENTIAL)
    if region_ids:
        rows = rows.filter(vacancy__municipality__region_id__in=region_ids)
    return Counter(
        {
            (row["vacancy__municipality__region_id"], row["skill_id"]): row["n"]
            for row in rows.values("vacancy__municipality__region_id", "skill_id").annotate(n=Count("vacancy_id", distinct=True))
        }
    )


# A transition figure comes from employers' announced outflow, which they share in
# confidence: a (region, skill) figure is only shown when at least this many employers
# are behind it, so that no single employer's plans can be read from the overview.
MIN_EMPLOYERS_PER_TRANSITION_FIGURE = 3


def transition_demand(region_ids=None, *, limit=20):
    """Counter of (region id, skill id) -> people in announced outflow × their viable destinations missing the skill.

    Each open announcement counts, for every viable destination of its occupation
    that misses the skill as essential, the number of people it announces. A figure
    is left out unless MIN_EMPLOYERS_PER_TRANSITION_FIGURE employers are behind it.
    An occupation's destinations are computed once however many announce it.
    """
    announcements = OutflowAnnouncement.objects.filter(closed_on__isnull=True)
    if region_ids:
        announcements = announcements.filter(region_id__in=region_ids)
    rows = list(announcements.values_list("region_id", "occupation_id", "employer_id", "people"))
    counts, employers = Counter(), defaultdict(set)
    missing_of = {}
    for occupation_id in {row[1] for row in rows}:
        missing_of[occupation_id] = Counter()
        for destination in transitions.destinations_for_occupation(occupation_id, limit=limit, viable_only=True):
            missing_of[occupation_id].update(destination.gap.missing_essential)
    for region_id, occupation_id, employer_id, people in rows:
        for skill_id, n in missing_of[occupation_id].items():
            counts[(region_id, skill_id)] += people * n
            employers[(region_id, skill_id)].add(employer_id)
    return Counter(
        {key: n for key, n in counts.items() if len(employers[key]) >= MIN_EMPLOYERS_PER_TRANSITION_FIGURE}
    )


def shortages(*, region_ids=None, today=None, labelled=None):
    """Skills asked for in a region (vacancies, transitions) that no bookable offering teaches there, most asked first.

    Labels are read for the first *labelled* rows only (all when None): a page shows the top, the CSV all.
    """
    today = today or timezone.localdate()
    from_vacancies = vacancy_demand(today, region_ids)
    from_transitions = transition_demand(region_ids)
    online, by_region = taught_skills_by_region(today)
    keys = [
        key for key in set(from_vacancies) | set(from_transitions)
        if key[1] not in online and key[1] not in by_region.get(key[0], ())
    ]  # fmt: skip
    regions = Region.objects.in_bulk({region for region, _ in keys})
    rows = [
        Shortage(regions[region], skill, "", "", "", from_vacancies[(region, skill)], from_transitions.get((region, skill)))
        for region, skill in keys
    ]
    rows.sort(key=lambda row: (-row.demand, row.region.name, row.skill_id))
    labelled_ids = {row.skill_id for row in rows[:labelled]}
    uris = dict(Concept.objects.filter(id__in=labelled_ids).values_list("id", "uri"))
    labels = preferred_labels_and_languages(labelled_ids)
    for row in rows[:labelled]:
        row.skill_uri = uris.get(row.skill_id, "")
        row.skill_label, row.skill_label_language = labels.get(row.skill_id, (row.skill_uri, ""))
    return rows
