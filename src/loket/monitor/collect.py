"""The KPIs' collectors: each reads the loket's data for one snapshot day in a few aggregate queries and returns its
rows ``{"dimension", "key", "value", "numerator", "denominator", "persons"}`` (dimension and key "" is the total).

SQL groups and counts; the rules (which placement is work-to-work, medians, shares) are ``formulas``, applied to the
grouped rows, never to one person at a time. Keys are stable codes: CBS codes for regions and municipalities, SBI
letters, vacancy kinds, "1"/"0" for climate-transition work, theme codes, target groups, budget ids. Every key a
breakdown can have is present, with 0 where nothing was counted, so a map or a bar chart shows the empty ones too.

``persons`` is set for KPIs that count people (``Kpi.counts_persons``): the number of people behind the cell, which
``services.cells`` uses to suppress 1–9. Vacancies, skills and initiatives are not people and carry None.
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import BooleanField, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf, Substr
from django.utils import timezone

from loket.catalog import routes as catalog_routes
from loket.ecosystem import tracking, tracking_queries
from loket.ecosystem.models import Initiative
from loket.ecosystem.vocabulary import InitiativeKind, Scheme, Theme
from loket.fund.models import AccountKind, Budget, Participant, TargetGroup, Transfer, TransferKind, Voucher
from loket.fund.reports import NO_TARGET_GROUP
from loket.generator.catalogue import TECHNICAL_ISCO
from loket.generator.data import POPULATION
from loket.geography.models import Municipality, Region
from loket.passport.models import Consent, Passport, PassportSkill
from loket.taxonomy.sectors import Sector
from loket.vacancies.models import OutflowAnnouncement, Placement, PreviousSituation, Vacancy, VacancyKind

from . import formulas

TOTAL = ("", "")
# Outflow is an employer's confidential news (docs/vacancies.md): like the catalogue's shortages, a figure is only
# given when at least this many employers are behind it.
MIN_EMPLOYERS = catalog_routes.MIN_EMPLOYERS_PER_TRANSITION_FIGURE
INTERNSHIP_KINDS = (VacancyKind.INTERNSHIP, VacancyKind.BBL)
INNOVATION_KINDS = (InitiativeKind.CAMPUS, InitiativeKind.FIELDLAB, InitiativeKind.LIVING_LAB)


# --- Keys and cells ----------------------------------------------------------------------------------------------


def end_of(day):
    """The first moment after ``day`` (local time): what happened before it happened on or before the day."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def region_of_municipality():
    return dict(Municipality.objects.values_list("code", "region__code"))


def dimension_keys(dimension, day):
    """Every key of a breakdown on ``day``, so cells without anything are there with 0."""
    if dimension == "region":
        return list(Region.objects.current(day.year).order_by("code").values_list("code", flat=True))
    if dimension == "municipality":
        return list(Municipality.objects.current(day.year).order_by("code").values_list("code", flat=True))
    if dimension == "sector":
        return list(Sector.values)
    if dimension == "climate":
        return ["1", "0"]
    if dimension == "vacancy_kind":
        return list(VacancyKind.values)
    if dimension == "theme":
        return list(Theme.values)
    if dimension == "budget":
        return [str(pk) for pk in Budget.objects.order_by("pk").values_list("pk", flat=True)]
    return []


class Tally:
    """Sums per cell: the total and one cell per (dimension, key) of the breakdowns."""

    def __init__(self, breakdowns, day, keys=None):
        keys = keys or {}
        self.breakdowns = tuple(breakdowns)
        self.cells = {TOTAL: Counter()}
        for dimension in self.breakdowns:
            for key in keys.get(dimension) or dimension_keys(dimension, day):
                self.cells[(dimension, key)] = Counter()

    def add(self, keys, **amounts):
        """Add ``amounts`` to the total and to the cell of each breakdown in ``keys`` ({dimension: key})."""
        self.cells[TOTAL].update(amounts)
        for dimension in self.breakdowns:
            key = keys.get(dimension)
            if key not in (None, ""):
                self.cells.setdefault((dimension, str(key)), Counter()).update(amounts)

    def rows(self, make):
        """Rows from ``make(sums) -> (value, numerator, denominator, persons)`` per cell."""
        rows = []
        for (dimension, key), sums in self.cells.items():
            value, numerator, denominator, persons = make(sums)
            rows.append(
                {"dimension": dimension, "key": key, "value": value, "numerator": numerator, "denominator": denominator, "persons": persons}
            )
        return rows


def count_of(name="n", persons=False):
    def make(sums):
        n = sums[name]
        return n, None, None, (n if persons else None)

    return make


def share_of(numerator="num", denominator="den", persons=None):
    """A share; ``persons``: which sum counts the people behind it (None: not people).

    When the denominator counts the people, the cell is as small as its smaller side: "3 of 20" names three people
    as surely as a count of 3 would, and so does "17 of 20" for the three others.
    """

    def make(sums):
        num, den = sums[numerator], sums[denominator]
        people = sums[persons] if persons else None
        if persons == denominator:
            sides = [side for side in (num, den - num) if side]
            people = min(sides) if sides else den
        return formulas.share(num, den), num, den, people

    return make


# --- Vacancies -----------------------------------------------------------------------------------------------------


def occupation_code(prefix):
    """The ISCO code of an occupation in SQL, as ``formulas.unit_group`` reads it: its ISCO group's code, else its own."""
    return Coalesce(NullIf(F(f"{prefix}isco_group__code"), Value("")), F(f"{prefix}code"))


def technical_q(prefix="occupation__"):
    """``formulas.is_technical`` in SQL, from the same list: the occupation's ISCO code starts with a technical group."""
    condition = Q()
    no_group = Q(**{f"{prefix}isco_group__isnull": True}) | Q(**{f"{prefix}isco_group__code": ""})
    for group in TECHNICAL_ISCO:
        condition |= Q(**{f"{prefix}isco_group__code__startswith": group}) | (no_group & Q(**{f"{prefix}code__startswith": group}))
    return condition


PLACE_FIELDS = {"g_municipality": "municipality__code", "g_sector": "sector", "g_climate": "climate_transition", "g_kind": "kind"}


def place_groups(queryset, extra=(), **measures):
    """Rows per (municipality, sector, climate, kind) of vacancies, and per ``extra`` annotations."""
    fields = {name: F(path) for name, path in PLACE_FIELDS.items()}
    return queryset.values(*extra, **fields).annotate(**measures).order_by()


def place_keys(row, regions):
    municipality = row["g_municipality"]
    return {
        "municipality": municipality,
        "region": regions.get(municipality),
        "sector": row["g_sector"],
        "climate": "1" if row["g_climate"] else "0",
        "vacancy_kind": row["g_kind"],
    }


def vacancy_tally(kpi_breakdowns, day, queryset, **measures):
    tally = Tally(kpi_breakdowns, day)
    regions = region_of_municipality()
    for row in place_groups(queryset, **measures):
        tally.add(place_keys(row, regions), **{name: row[name] or 0 for name in measures})
    return tally


def technical_open(day, breakdowns):
    """Open technical vacancies on ``day`` (den) and those open longer than LONG_OPEN_MONTHS (num)."""
    long_open_before = formulas.months_before(day, formulas.LONG_OPEN_MONTHS)
    queryset = Vacancy.objects.open(day).filter(technical_q())
    return vacancy_tally(breakdowns, day, queryset, num=Count("pk", filter=Q(opened_on__lt=long_open_before)), den=Count("pk"))


def tech_vacancies_open_long(day):
    return technical_open(day, ("region", "municipality", "sector", "climate", "vacancy_kind")).rows(count_of("num"))


def tech_vacancies_open_long_share(day):
    return technical_open(day, ("region", "municipality", "sector", "climate", "vacancy_kind")).rows(share_of("num", "den"))


def tech_time_to_fill(day):
    """Median days from opening to filling, over technical vacancies filled in the WINDOW_MONTHS up to ``day``."""
    since = formulas.months_before(day, formulas.WINDOW_MONTHS)
    filled = Vacancy.objects.filter(technical_q(), filled_on__gt=since, filled_on__lte=day)
    days = ExpressionWrapper(F("filled_on") - F("opened_on"), output_field=DurationField())
    breakdowns = ("region", "municipality", "sector", "climate", "vacancy_kind")
    tally = Tally(breakdowns, day)
    histograms = defaultdict(Counter)
    regions = region_of_municipality()
    for row in place_groups(filled.annotate(g_days=days), extra=("g_days",), n=Count("pk")):
        keys = place_keys(row, regions)
        length = row["g_days"].days if isinstance(row["g_days"], datetime.timedelta) else int(row["g_days"])
        tally.add(keys, n=row["n"])
        histograms[TOTAL][length] += row["n"]
        for dimension in breakdowns:
            if keys.get(dimension):
                histograms[(dimension, str(keys[dimension]))][length] += row["n"]
    # The denominator is the number of filled vacancies the median is taken over.
    rows = tally.rows(lambda sums: (None, None, sums["n"], None))
    for row in rows:
        row["value"] = formulas.median_from_counts(histograms[(row["dimension"], row["key"])])
    return rows


def open_vacancies(day):
    return vacancy_tally(("region", "municipality", "sector", "climate", "vacancy_kind"), day, Vacancy.objects.open(day), n=Count("pk")).rows(count_of())


def internships_offered(day):
    queryset = Vacancy.objects.open(day).filter(kind__in=INTERNSHIP_KINDS)
    return vacancy_tally(("region", "municipality", "sector", "climate", "vacancy_kind"), day, queryset, n=Count("pk")).rows(count_of())


def open_hiring_jobs(day):
    queryset = Vacancy.objects.open(day).filter(kind=VacancyKind.OPEN_HIRING)
    return vacancy_tally(("region", "municipality", "sector", "climate"), day, queryset, n=Count("pk")).rows(count_of())


# --- Placements ----------------------------------------------------------------------------------------------------


def placements_until(day, window=False):
    """Placements started on or before ``day``; with ``window`` only those in the WINDOW_MONTHS up to it."""
    placements = Placement.objects.filter(started_on__lte=day)
    if window:
        placements = placements.filter(started_on__gt=formulas.months_before(day, formulas.WINDOW_MONTHS))
    return placements


def placement_groups(placements):
    """Placements grouped by what the work-to-work and side-entry rules read, and by the vacancy's place.

    The previous occupation is the one recorded on the placement, else the one of the outflow announcement it came
    from. The passport is not read: a placement keeps these facts even after the person's account is deleted, so a
    snapshot can be taken again with the same outcome, and no app reads a passport without its owner's consent.
    ISCO codes are cut to four digits (the unit group), which is all the rules read.
    """
    previous = Coalesce(
        NullIf(F("previous_occupation__isco_group__code"), Value("")),
        F("previous_occupation__code"),
        NullIf(F("outflow__occupation__isco_group__code"), Value("")),
        F("outflow__occupation__code"),
    )
    fields = {name: F(f"vacancy__{path}") for name, path in PLACE_FIELDS.items()}
    return (
        placements.values(
            g_situation=F("previous_situation"),
            g_outflow=ExpressionWrapper(Q(outflow__isnull=False), output_field=BooleanField()),
            g_previous=Substr(previous, 1, 4),
            g_previous_sector=F("previous_sector"),
            g_new=Substr(occupation_code("vacancy__occupation__"), 1, 4),
            **fields,
        )
        .annotate(n=Count("pk"))
        .order_by()
    )


def classified(row):
    """The plain facts of a grouped row, as the formulas take them."""
    previous = formulas.unit_group(row["g_previous"], "") if row["g_previous"] is not None else None
    return {
        "situation": row["g_situation"],
        "from_outflow": bool(row["g_outflow"]),
        "previous_isco": previous,
        "previous_sector": row["g_previous_sector"] or "",
        "new_isco": formulas.unit_group(row["g_new"], ""),
        "new_sector": row["g_sector"] or "",
        "climate": bool(row["g_climate"]),
    }


def work_to_work(facts):
    return formulas.is_work_to_work(
        facts["situation"], facts["from_outflow"], facts["previous_isco"], facts["previous_sector"], facts["new_isco"], facts["new_sector"]
    )


def placement_tally(day, breakdowns, placements, counts, keys=None):
    """A Tally over grouped placements; ``counts(facts) -> {name: 0 or 1}`` says what a placement adds."""
    tally = Tally(breakdowns, day, keys)
    regions = region_of_municipality()
    for row in placement_groups(placements):
        facts = classified(row)
        amounts = {name: flag * row["n"] for name, flag in counts(facts).items() if flag}
        if amounts:
            cell_keys = place_keys(row, regions)
            cell_keys["target_group"] = facts["situation"]
            tally.add(cell_keys, **amounts)
    return tally


PLACEMENT_PLACES = ("region", "municipality", "sector", "climate", "vacancy_kind")


def energy_w2w_share(day):
    def counts(facts):
        energy = formulas.is_energy_related(facts["new_sector"], facts["climate"])
        return {"den": energy, "num": energy and work_to_work(facts)}

    return placement_tally(day, PLACEMENT_PLACES, placements_until(day, window=True), counts).rows(share_of("num", "den", persons="den"))


def w2w_placements(day):
    return placement_tally(day, PLACEMENT_PLACES, placements_until(day), lambda facts: {"n": work_to_work(facts)}).rows(count_of(persons=True))


def w2w_technical(day):
    def counts(facts):
        return {"n": work_to_work(facts) and formulas.is_technical(facts["new_isco"])}

    return placement_tally(day, PLACEMENT_PLACES, placements_until(day), counts).rows(count_of(persons=True))


def side_entry_technical(day):
    def counts(facts):
        return {"n": formulas.is_side_entry_technical(facts["situation"], facts["previous_isco"], facts["new_isco"])}

    keys = {"target_group": list(PreviousSituation.values)}
    return placement_tally(day, (*PLACEMENT_PLACES, "target_group"), placements_until(day), counts, keys).rows(count_of(persons=True))


def job_seekers_into_technical(day):
    def counts(facts):
        return {"n": formulas.is_job_seeker_into_technical(facts["situation"], facts["new_isco"])}

    return placement_tally(day, PLACEMENT_PLACES, placements_until(day), counts).rows(count_of(persons=True))


def internships_filled(day):
    placements = placements_until(day, window=True).filter(vacancy__kind__in=INTERNSHIP_KINDS)
    return placement_tally(day, PLACEMENT_PLACES, placements, lambda facts: {"n": 1}).rows(count_of(persons=True))


def job_seeker_placements(day):
    placements = placements_until(day, window=True).filter(previous_situation=PreviousSituation.JOB_SEEKER)
    return placement_tally(day, PLACEMENT_PLACES, placements, lambda facts: {"n": 1}).rows(count_of(persons=True))


# --- Outflow -------------------------------------------------------------------------------------------------------


def confidential(rows, employers):
    """Empty the cells with fewer than MIN_EMPLOYERS employers behind them (but not those with none at all)."""
    for row in rows:
        behind = employers.get((row["dimension"], row["key"]), 0)
        if 0 < behind < MIN_EMPLOYERS:
            row.update(value=None, numerator=None, denominator=None, persons=None)
    return rows


def employer_counts(queryset, employer, region):
    """Distinct employers per cell (total and per region), in two queries."""
    employers = {TOTAL: queryset.aggregate(n=Count(employer, distinct=True))["n"] or 0}
    for row in queryset.values(g_region=F(region)).annotate(n=Count(employer, distinct=True)).order_by():
        employers[("region", row["g_region"])] = row["n"]
    return employers


def announcements_until(day, open_only):
    announcements = OutflowAnnouncement.objects.filter(created_at__lt=end_of(day))
    if open_only:
        announcements = announcements.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    return announcements


def outflow_announced(day):
    announcements = announcements_until(day, open_only=True)
    tally = Tally(("region",), day)
    for row in announcements.values(g_region=F("region__code")).annotate(n=Sum("people")).order_by():
        tally.add({"region": row["g_region"]}, n=row["n"] or 0)
    return confidential(tally.rows(count_of(persons=True)), employer_counts(announcements, "employer", "region__code"))


def outflow_placed(day):
    placements = placements_until(day).filter(outflow__isnull=False)
    tally = Tally(("region",), day)
    for row in placements.values(g_region=F("outflow__region__code")).annotate(n=Count("pk")).order_by():
        tally.add({"region": row["g_region"]}, n=row["n"])
    return confidential(tally.rows(count_of(persons=True)), employer_counts(placements, "outflow__employer", "outflow__region__code"))


def outflow_placed_share(day):
    announcements = announcements_until(day, open_only=False)
    tally = Tally(("region",), day)
    for row in announcements.values(g_region=F("region__code")).annotate(n=Sum("people")).order_by():
        tally.add({"region": row["g_region"]}, den=row["n"] or 0)
    placements = placements_until(day).filter(outflow__in=announcements)
    for row in placements.values(g_region=F("outflow__region__code")).annotate(n=Count("pk")).order_by():
        tally.add({"region": row["g_region"]}, num=row["n"])
    rows = tally.rows(share_of("num", "den", persons="den"))
    return confidential(rows, employer_counts(announcements, "employer", "region__code"))


# --- Passports -----------------------------------------------------------------------------------------------------


def passport_tally(day, queryset, name="n"):
    """Passports per home municipality (and so region); those without one count in the total only."""
    tally = Tally(("region", "municipality"), day)
    regions = region_of_municipality()
    for row in queryset.values(g_municipality=F("home_municipality__code")).annotate(n=Count("pk")).order_by():
        municipality = row["g_municipality"]
        tally.add({"municipality": municipality, "region": regions.get(municipality)}, **{name: row["n"]})
    return tally


def passports_in_use_queryset(day):
    has_skill = PassportSkill.objects.filter(passport=OuterRef("pk"))
    return Passport.objects.filter(created_at__lt=end_of(day)).filter(Exists(has_skill))


def passports_in_use(day):
    return passport_tally(day, passports_in_use_queryset(day)).rows(count_of(persons=True))


def passport_coverage(day):
    """Passports in use per inhabitant; inhabitants are CBS's rounded figures of 1 January 2025 (generator/data.py)."""
    tally = passport_tally(day, passports_in_use_queryset(day), name="num")
    regions = region_of_municipality()
    for municipality, inhabitants in POPULATION.items():
        tally.add({"municipality": municipality, "region": regions.get(municipality)}, den=inhabitants)
    return tally.rows(share_of("num", "den", persons="num"))


def persons_findable(day):
    return passport_tally(day, Passport.objects.filter(created_at__lt=end_of(day), findable=True)).rows(count_of(persons=True))


def persons_with_consent(day):
    active = Consent.objects.active(at=end_of(day)).filter(passport=OuterRef("pk"), granted_at__lt=end_of(day))
    return passport_tally(day, Passport.objects.filter(Exists(active))).rows(count_of(persons=True))


# --- Development fund ----------------------------------------------------------------------------------------------

PERSON = Coalesce("debit_account__passport_id", "credit_account__passport_id")
PERSON_REGION = Coalesce("debit_account__passport__home_municipality__region__code", "credit_account__passport__home_municipality__region__code")


def target_group_text(passport_field):
    """The person's target groups as the JSON text of their Participant row (None when they never applied)."""
    participant = Participant.objects.filter(passport_id=OuterRef(passport_field)).annotate(text=Cast("target_groups", TextField()))
    return Subquery(participant.values("text")[:1])


def target_group_filter(group):
    """Rows of a person in ``group`` (a TargetGroup value), or in none for NO_TARGET_GROUP, as the fund's reports count
    them (a person in several groups counts in each)."""
    if group == NO_TARGET_GROUP:
        return Q(g_groups__isnull=True) | Q(g_groups="[]")
    return Q(g_groups__contains=f'"{group}"')


TARGET_GROUP_KEYS = [*TargetGroup.values, NO_TARGET_GROUP]


def grouped(queryset, breakdowns, measures, region, budget, person_field):
    """{(dimension, key): {measure: value}} for the total, per budget, per region and per target group; one query each
    (a query per target group), the database counting distinct persons."""
    cells = {TOTAL: queryset.aggregate(**measures)}
    if "budget" in breakdowns:
        for row in queryset.values(g_key=F(budget)).annotate(**measures).order_by():
            cells[("budget", str(row["g_key"]))] = row
    if "region" in breakdowns:
        for row in queryset.values(g_key=region).annotate(**measures).order_by():
            if row["g_key"]:
                cells[("region", row["g_key"])] = row
    if "target_group" in breakdowns:
        with_groups = queryset.annotate(g_groups=target_group_text(person_field))
        for group in TARGET_GROUP_KEYS:
            cells[("target_group", group)] = with_groups.filter(target_group_filter(group)).aggregate(**measures)
    return cells


def fund_rows(day, breakdowns, cells, value_of, persons_name="persons"):
    rows = []
    keys = {TOTAL: None}
    for dimension in breakdowns:
        for key in TARGET_GROUP_KEYS if dimension == "target_group" else dimension_keys(dimension, day):
            keys[(dimension, key)] = None
    for cell in cells:
        keys.setdefault(cell, None)
    for dimension, key in keys:
        sums = cells.get((dimension, key)) or {}
        persons = sums.get(persons_name) or 0
        rows.append({"dimension": dimension, "key": key, "value": value_of(sums), "numerator": None, "denominator": None, "persons": persons})
    return rows


FUND_BREAKDOWNS = ("region", "budget", "target_group")


def cents(sums, *plus_minus):
    total = 0
    for sign, name in plus_minus:
        total += sign * (sums.get(name) or 0)
    return total / 100


def fund_money(day):
    """The ledger's flows up to ``day``, as the fund's reports define them over all time (fund/reports.py): granted is
    grants minus unused voucher value returned; reserved is holds minus what of them was paid or released; spent is
    payments minus refunds. Persons: distinct persons granted or enrolled."""
    transfers = Transfer.objects.filter(created_at__lt=end_of(day)).annotate(g_person=PERSON)
    measures = {
        "m_grant": Sum("amount_cents", filter=Q(kind=TransferKind.GRANT)),
        "m_voucher_back": Sum("amount_cents", filter=Q(kind=TransferKind.VOID, hold__isnull=True)),
        "m_hold": Sum("amount_cents", filter=Q(kind=TransferKind.HOLD)),
        "m_settled": Sum("amount_cents", filter=Q(kind__in=[TransferKind.POST, TransferKind.VOID], hold__isnull=False)),
        "m_post": Sum("amount_cents", filter=Q(kind=TransferKind.POST)),
        "m_refund": Sum("amount_cents", filter=Q(kind=TransferKind.REFUND)),
        "persons": Count("g_person", distinct=True, filter=Q(kind__in=[TransferKind.GRANT, TransferKind.HOLD])),
    }
    return grouped(transfers, FUND_BREAKDOWNS, measures, PERSON_REGION, "budget_id", "g_person")


def fund_granted(day):
    return fund_rows(day, FUND_BREAKDOWNS, fund_money(day), lambda sums: cents(sums, (1, "m_grant"), (-1, "m_voucher_back")))


def fund_reserved(day):
    return fund_rows(day, FUND_BREAKDOWNS, fund_money(day), lambda sums: cents(sums, (1, "m_hold"), (-1, "m_settled")))


def fund_spent(day):
    return fund_rows(day, FUND_BREAKDOWNS, fund_money(day), lambda sums: cents(sums, (1, "m_post"), (-1, "m_refund")))


def fund_accounts(day):
    grants = Transfer.objects.filter(created_at__lt=end_of(day), kind=TransferKind.GRANT, credit_account__kind=AccountKind.PERSON_CREDIT)
    grants = grants.annotate(g_person=F("credit_account__passport_id"))
    measures = {"persons": Count("g_person", distinct=True)}
    cells = grouped(grants, FUND_BREAKDOWNS, measures, F("credit_account__passport__home_municipality__region__code"), "budget_id", "g_person")
    return fund_rows(day, FUND_BREAKDOWNS, cells, lambda sums: sums.get("persons") or 0)


def voucher_rows(day, vouchers):
    measures = {"n": Count("pk"), "persons": Count("passport_id", distinct=True)}
    cells = grouped(vouchers, FUND_BREAKDOWNS, measures, F("passport__home_municipality__region__code"), "budget_id", "passport_id")
    return fund_rows(day, FUND_BREAKDOWNS, cells, lambda sums: sums.get("n") or 0)


def vouchers_issued(day):
    return voucher_rows(day, Voucher.objects.filter(issued_at__lt=end_of(day)))


def vouchers_used(day):
    return voucher_rows(day, Voucher.objects.filter(issued_at__lt=end_of(day), status=Voucher.Status.USED))


# --- The catalogue -------------------------------------------------------------------------------------------------


def untaught_demand(day):
    """(demand, untaught, region codes): open vacancies' essential (region id, skill id) demand, the keys of it that no
    bookable offering teaches online or in that region, and region id → code. The catalogue's own shortage rule."""
    demand = catalog_routes.vacancy_demand(day)
    online, by_region = catalog_routes.taught_skills_by_region(day)
    untaught = {key for key in demand if key[1] not in online and key[1] not in by_region.get(key[0], ())}
    codes = dict(Region.objects.values_list("pk", "code"))
    return demand, untaught, codes, online, by_region


def skills_not_taught(day):
    demand, untaught, codes, online, by_region = untaught_demand(day)
    taught_anywhere = set(online).union(*by_region.values()) if by_region else set(online)
    tally = Tally(("region",), day)
    per_region = defaultdict(set)
    for region_id, skill_id in untaught:
        per_region[codes.get(region_id)].add(skill_id)
    rows = tally.rows(count_of())
    asked = {skill_id for _region, skill_id in demand}
    for row in rows:
        if row["dimension"] == "":
            row["value"] = len(asked - taught_anywhere)
        else:
            row["value"] = len(per_region.get(row["key"], ()))
    return rows


def skills_not_taught_share(day):
    demand, untaught, codes, _online, _by_region = untaught_demand(day)
    tally = Tally(("region",), day)
    for key, n in demand.items():
        tally.add({"region": codes.get(key[0])}, den=n, num=n if key in untaught else 0)
    return tally.rows(share_of("num", "den"))


# --- The ecosystem -------------------------------------------------------------------------------------------------


def initiative_themes():
    through = Initiative.classifications.through
    themes = defaultdict(list)
    for initiative_id, code in through.objects.filter(classification__scheme=Scheme.THEME).values_list("initiative_id", "classification__code"):
        themes[initiative_id].append(code)
    return themes


def initiatives(day):
    """Every initiative as the volgsysteem's plain dict (life cycle and years), with its region and themes."""
    themes = initiative_themes()
    rows = Initiative.objects.values(
        "id", "kind", "lifecycle", "started_year", "stopped_year", g_region=Coalesce("region__code", "municipality__region__code")
    )
    return [{**row, "region": row["g_region"], "themes": themes.get(row["id"], [])} for row in rows]


def communities(day):
    """The learning communities as ``tracking`` counts them (with their surveys' scores), and their themes."""
    themes = initiative_themes()
    found = tracking_queries.learning_communities()
    for community in found:
        community["themes"] = themes.get(community["id"], [])
    return found


def initiative_tally(day, items, counts):
    tally = Tally(("region", "theme"), day)
    for item in items:
        amounts = counts(item)
        if not amounts:
            continue
        tally.add({"region": item.get("region")}, **amounts)
        for theme in item.get("themes", ()):
            tally.cells.setdefault(("theme", theme), Counter()).update(amounts)
    return tally


def lc_extra(day):
    def counts(community):
        return {"n": 1} if tracking.is_extra(community, tracking.ROADMAP_BASELINE, day.year) else None

    return initiative_tally(day, communities(day), counts).rows(count_of())


def rated_htsm(community, rating, day):
    """Durable, in HTSM, not stopped, and rated at least the HTSM agenda's 7.5."""
    target = tracking.TARGETS[1]
    return (
        target.topsector in community.get("topsectors", ())
        and community.get("lifecycle") == target.lifecycle
        and tracking.is_active(community, day.year)
        and rating.value is not None
        and rating.value >= target.min_rating
    )


def lc_htsm_rated(day):
    def counts(community):
        return {"n": 1} if rated_htsm(community, tracking.rate(community.get("surveys", ()), day), day) else None

    return initiative_tally(day, communities(day), counts).rows(count_of())


def lc_rating(day):
    """The mean rating over active learning communities with a rating (tenths summed, so the mean is exact)."""

    def counts(community):
        rating = tracking.rate(community.get("surveys", ()), day)
        if rating.value is None or not tracking.is_active(community, day.year):
            return None
        return {"tenths": int(rating.value * 10), "rated": 1}

    rows = initiative_tally(day, communities(day), counts).rows(lambda sums: (None, sums["tenths"], sums["rated"], None))
    for row in rows:
        row["value"] = round(row["numerator"] / row["denominator"] / 10, 2) if row["denominator"] else None
        row["numerator"] = row["numerator"] / 10
    return rows


def initiatives_active(day):
    def counts(item):
        return {"n": 1} if tracking.is_active(item, day.year) else None

    return initiative_tally(day, initiatives(day), counts).rows(count_of())


def campus_regions_share(day):
    regions = set(Region.objects.current(day.year).values_list("code", flat=True))
    with_campus = {
        item["region"] for item in initiatives(day) if item["kind"] == InitiativeKind.CAMPUS and tracking.is_active(item, day.year)
    }
    value = formulas.share(len(regions & with_campus), len(regions))
    return [{"dimension": "", "key": "", "value": value, "numerator": len(regions & with_campus), "denominator": len(regions), "persons": None}]


def innovation_initiatives(day):
    def counts(item):
        innovative = Theme.INNOVATION in item["themes"] or item["kind"] in INNOVATION_KINDS
        return {"n": 1} if innovative and tracking.is_active(item, day.year) else None

    tally = Tally(("region",), day)
    for item in initiatives(day):
        amounts = counts(item)
        if amounts:
            tally.add({"region": item.get("region")}, **amounts)
    return tally.rows(count_of())
