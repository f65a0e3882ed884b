"""The action agenda from the database: coalitions read into ``agenda``'s plain facts and judged there,
the agenda grouped per theme, the governance overviews and their CSV, and saving updates and milestones.

Pages (agenda_views) and the API (agenda_api) both go through here, so they show the same statuses.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from loket.fund import exports

from . import agenda
from .models import Initiative, Milestone, Partner, StatusUpdate, UpdateStatus
from .vocabulary import COALITION_KINDS, InitiativeKind, PartnerRole, Scheme, Theme, label

THEME_CODES = list(Theme.values)
KIND_CODES = [kind.value for kind in COALITION_KINDS]


def coalitions():
    return Initiative.objects.filter(kind__in=COALITION_KINDS).prefetch_related(
        "milestones",
        "status_updates",
        "classifications",
        Prefetch("partner_roles", queryset=Partner.objects.select_related("organisation")),
    )


def milestone_fact(milestone):
    return agenda.MilestoneFact(milestone.title, milestone.due_date, milestone.due_label, milestone.done_on, milestone.pk)


def update_fact(update):
    # The primary key grows with every insert, so it orders two updates of the same day by when they were entered.
    return agenda.UpdateFact(update.date, update.status, update.text, update.author_name, update.pk, update.pk)


@dataclass
class Entry:
    """One coalition as the agenda shows it."""

    initiative: Initiative
    assessment: agenda.Assessment
    milestones: list
    updates: list

    @property
    def themes(self):
        return [code for code in THEME_CODES if code in self.initiative.codes(Scheme.THEME)]

    @property
    def theme_labels(self):
        return [label(Scheme.THEME, code) for code in self.themes]

    @property
    def aanjagers(self):
        return [p.organisation for p in self.initiative.partner_roles.all() if p.role == PartnerRole.LEAD]

    @property
    def partners(self):
        return [p for p in self.initiative.partner_roles.all() if p.role != PartnerRole.LEAD]

    @property
    def status(self):
        return self.assessment.status

    def timeline(self):
        return agenda.timeline(self.milestones, self.assessment.today)

    def written_updates(self):
        return agenda.updates_until(self.updates, self.assessment.today)


def entry_for(initiative, today):
    milestones = [milestone_fact(m) for m in initiative.milestones.all()]
    updates = [update_fact(u) for u in initiative.status_updates.all()]
    return Entry(initiative, agenda.assess(milestones, updates, initiative.lifecycle, today), milestones, updates)


def sort_key(initiative):
    return (agenda.number_key(initiative.number), initiative.name.lower())


def entries(today, kind=""):
    queryset = coalitions()
    if kind:
        queryset = queryset.filter(kind=kind)
    return [entry_for(initiative, today) for initiative in sorted(queryset, key=sort_key)]


def check_filters(theme="", status="", kind=""):
    """[(field, Dutch message)] for filter values the agenda does not know."""
    errors = []
    for field, value, known, message in [
        ("theme", theme, THEME_CODES, _("Onbekend thema: %(value)s. Kies een van: %(choices)s.")),
        ("status", status, agenda.CoalitionStatus.values, _("Onbekende status: %(value)s. Kies een van: %(choices)s.")),
        ("kind", kind, KIND_CODES, _("Onbekende soort coalitie: %(value)s. Kies een van: %(choices)s.")),
    ]:
        if value and value not in known:
            errors.append((field, message % {"value": value, "choices": ", ".join(known)}))
    return errors


def theme_label(code):
    return label(Scheme.THEME, code) if code else _("Zonder thema")


@dataclass
class AgendaPage:
    groups: list  # [(theme code, theme label, [Entry])]
    counts: list  # [(theme code, theme label, {status: count})], each coalition once per theme it has
    totals: dict  # {status: count}, each coalition once
    entries: list  # every coalition that passed the filters, once


def agenda_page(today, theme="", status="", kind=""):
    """The agenda grouped per theme: a coalition with several themes is listed, and counted, under each.

    The counts leave the status filter out, so they show what each status link leads to.
    """
    everything = entries(today, kind)
    if theme:
        everything = [e for e in everything if theme in e.themes]
    grouped = agenda.group_by_theme(everything, [theme] if theme else THEME_CODES, lambda e: e.themes)
    counts = [(code, theme_label(code), agenda.count_by_status(e.status for e in group)) for code, group in grouped]
    totals = agenda.count_by_status(e.status for e in everything)
    if status:
        grouped = [(code, [e for e in group if e.status == status]) for code, group in grouped]
        everything = [e for e in everything if e.status == status]
    groups = [(code, theme_label(code), group) for code, group in grouped if group]
    return AgendaPage(groups, counts, totals, everything)


def coalition(slug, today):
    initiative = coalitions().filter(slug=slug).first()
    return entry_for(initiative, today) if initiative else None


# --- Overviews ----------------------------------------------------------------------------------------------


@dataclass
class OverviewRow:
    entry: Entry
    summary: agenda.PeriodSummary


def overview(period, today):
    rows = []
    for entry in entries(today):
        summary = agenda.summarise_period(entry.milestones, entry.updates, entry.initiative.lifecycle, period, today)
        rows.append(OverviewRow(entry, summary))
    return rows


def available_years(today):
    """From the first year a milestone or update falls in (the manifest's 2021 at the latest) to the last."""
    years = {today.year}
    for day in Milestone.objects.filter(initiative__kind__in=COALITION_KINDS).values_list("due_date", flat=True):
        years.add(day.year)
    for day in StatusUpdate.objects.filter(initiative__kind__in=COALITION_KINDS).values_list("date", flat=True):
        years.add(day.year)
    return list(range(min(min(years), 2021), max(years) + 1))


def overview_columns(as_of):
    return [
        ("number", _("Nummer")),
        ("name", _("Coalitie")),
        ("kind", _("Soort")),
        ("aanjager", _("Aanjager")),
        ("themes", _("Thema's")),
        ("status", _("Stand op %(date)s") % {"date": agenda.format_date(as_of)}),
        ("reasons", _("Toelichting")),
        ("due_count", _("Mijlpalen gepland in de periode")),
        ("due", _("Mijlpalen gepland in de periode (stand)")),
        ("reached_count", _("Mijlpalen gehaald in de periode")),
        ("reached", _("Gehaald in de periode")),
        ("update_count", _("Voortgangsberichten in de periode")),
        ("updates", _("Voortgangsberichten")),
    ]


def describe_milestone(state):
    milestone = state.milestone
    text = f"{milestone.title} ({milestone.due_label or agenda.format_date(milestone.due_date)}): {state.status_label.lower()}"
    if state.status == agenda.MilestoneStatus.DONE:
        text += " " + agenda.format_date(milestone.done_on)
    return text


def update_status_label(code):
    return str(UpdateStatus(code).label) if code in UpdateStatus.values else code


def overview_rows(rows):
    """The overview as plain rows for the CSV (every text cell is made safe by ``exports.rows_to_csv``)."""
    plain = []
    for row in rows:
        entry, summary = row.entry, row.summary
        plain.append({
            "number": entry.initiative.number,
            "name": entry.initiative.name,
            "kind": str(InitiativeKind(entry.initiative.kind).label),
            "aanjager": ", ".join(o.name for o in entry.aanjagers),
            "themes": ", ".join(entry.theme_labels),
            "status": summary.assessment.status_label,
            "reasons": "; ".join(summary.assessment.reasons),
            "due_count": len(summary.due),
            "due": "\n".join(describe_milestone(state) for state in summary.due),
            "reached_count": len(summary.reached),
            "reached": "\n".join(f"{m.title} ({agenda.format_date(m.done_on)})" for m in summary.reached),
            "update_count": len(summary.updates),
            "updates": "\n".join(
                f"{agenda.format_date(u.date)} {u.author_name} ({update_status_label(u.status)}): {u.text}" for u in summary.updates
            ),
        })  # fmt: skip
    return plain


def overview_csv(as_of, rows):
    return exports.rows_to_csv(overview_columns(as_of), overview_rows(rows))


# --- Saving -------------------------------------------------------------------------------------------------


def author_name(user):
    # The agenda is public: an account without a name is "a redacteur" there, never its e-mail address.
    return user.full_name.strip() or _("Redacteur")


def post_update(initiative, user, date, status, text):
    return StatusUpdate.objects.create(initiative=initiative, date=date, status=status, text=text, author=user, author_name=author_name(user))


def mark_done(milestone, done_on):
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone
