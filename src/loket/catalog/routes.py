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
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.geography.models import Region
from loket.taxonomy.models import FALLBACK_LANGUAGE, Concept, ConceptKind, Label
from loket.taxonomy.services.lookup import language_of, with_labels
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
        vacancy = Vacancy.objects.open().select_related("occupation", "municipality").filter(pk=_int(vacancy_id)).first()
        if vacancy is None:
            raise ValidationError(_("Deze vacature bestaat niet of is niet meer open."))
        return vacancy, None
    occupation = Concept.objects.filter(pk=_int(occupation_id), kind=ConceptKind.OCCUPATION).first()
    if occupation is None:
        raise ValidationError(_("Dit beroep kennen we niet."))
    return None, occupation


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


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


def route_data(route):
    return {
        "id": route.pk,
        "goal": route.goal_label,
        "vacancy": route.goal_vacancy_id,
        "occupation": route.goal_occupation_id,
        "offerings": [offering.pk for offering in route.offerings.all()],
        "missing_skills": route.missing_skills,
        "uncovered_skills": route.uncovered_skills,
        "total_price_cents": route.total_price_cents,
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
    transitions: int  # (announced outflow, viable destination) pairs in the region missing it as essential

    @property
    def demand(self):
        return self.vacancies + self.transitions


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


def transition_demand(region_ids=None, *, limit=20):
    """Counter of (region id, skill id) -> viable transitions from announced outflow missing the skill as essential.

    Each open announcement counts its occupation's viable destinations once each;
    an occupation's destinations are computed once however many announce it.
    """
    destinations_for = getattr(transitions, "destinations_for_occupation", None)
    announcements = OutflowAnnouncement.objects.filter(closed_on__isnull=True)
    if region_ids:
        announcements = announcements.filter(region_id__in=region_ids)
    pairs = list(announcements.values_list("region_id", "occupation_id"))
    counts = Counter()
    if destinations_for is None or not pairs:
        return counts
    occupations = Concept.objects.in_bulk({occupation for _, occupation in pairs})
    missing_of = {}
    for occupation_id, occupation in occupations.items():
        missing_of[occupation_id] = Counter()
        for destination in destinations_for(occupation, limit=limit, viable_only=True):
            missing_of[occupation_id].update(destination.gap.missing_essential)
    for region_id, occupation_id in pairs:
        for skill_id, n in missing_of[occupation_id].items():
            counts[(region_id, skill_id)] += n
    return counts


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
        Shortage(regions[region], skill, "", "", "", from_vacancies[(region, skill)], from_transitions[(region, skill)])
        for region, skill in keys
    ]
    rows.sort(key=lambda row: (-row.demand, row.region.name, row.skill_id))
    labels = preferred_labels({row.skill_id for row in rows[:labelled]})
    for row in rows[:labelled]:
        row.skill_uri, row.skill_label, row.skill_label_language = labels.get(row.skill_id, ("", "", ""))
    return rows


def preferred_labels(concept_ids):
    """{id: (uri, label, label language)}: the page's language, else English; plain rows, as the lists run to thousands."""
    language = language_of()
    uris = dict(Concept.objects.filter(id__in=concept_ids).values_list("id", "uri"))
    labels = {}
    rows = Label.objects.filter(concept_id__in=concept_ids, kind=Label.Kind.PREFERRED, language__in={language, FALLBACK_LANGUAGE})
    for concept_id, label_language, text in rows.values_list("concept_id", "language", "text"):
        if label_language == language or concept_id not in labels:
            labels[concept_id] = (text, label_language)
    return {cid: (uri, *labels.get(cid, (uri, ""))) for cid, uri in uris.items()}


def transitions_available():
    return hasattr(transitions, "destinations_for_occupation")
