"""The action agenda's status rules: plain data in, a status with its reasons out (docs/agenda.md).

Everything is judged on a given ``today``, so the same facts give the same answer in a test, on the agenda
page and in an overview "as it stood at the end of 2021". A milestone reached after ``today`` is not reached
yet, and an update written after ``today`` has not been written yet.

Milestone: done (``done_on`` set), late (``due_date`` passed, not done), due soon (due within
``DUE_SOON_DAYS``) or planned.

Coalition, first rule that applies:
  done           all milestones done, or life cycle durable/stopped and the latest update says "done";
  late           a milestone late, or the latest update says "late";
  at risk        the latest update says "at risk", or a milestone due soon and no update in the last
                 ``RECENT_UPDATE_DAYS`` days;
  no information no milestones and no updates (rather than calling it on track);
  on track       otherwise.

The reasons are sentences a reader of the agenda can check ("Mijlpaal 'Purpose Case' (Q2 2021) is verlopen
op 30-06-2021"), in the active language.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

DUE_SOON_DAYS = 30
RECENT_UPDATE_DAYS = 60
# Life cycles in which a coalition can be finished: anchored for good, or stopped on purpose ("durf te stoppen").
FINISHED_LIFECYCLES = ("durable", "stopped")


class MilestoneStatus(models.TextChoices):
    DONE = "done", gettext_lazy("Gehaald")
    LATE = "late", pgettext_lazy("mijlpaal", "Verlopen")
    DUE_SOON = "due_soon", gettext_lazy("Binnenkort")
    PLANNED = "planned", gettext_lazy("Gepland")


class CoalitionStatus(models.TextChoices):
    """In the order the agenda counts them."""

    ON_TRACK = "on_track", gettext_lazy("Op schema")
    AT_RISK = "at_risk", gettext_lazy("Risico")
    LATE = "late", gettext_lazy("Achter op schema")
    DONE = "done", gettext_lazy("Klaar")
    NO_INFORMATION = "no_information", gettext_lazy("Geen informatie")


# The statuses an update can report; the same codes as models.UpdateStatus, kept here so this module needs no ORM.
UPDATE_ON_TRACK, UPDATE_AT_RISK, UPDATE_LATE, UPDATE_DONE = "on_track", "at_risk", "late", "done"


@dataclass(frozen=True)
class MilestoneFact:
    title: str
    due_date: datetime.date
    due_label: str = ""
    done_on: datetime.date | None = None
    id: int | None = None


@dataclass(frozen=True)
class UpdateFact:
    date: datetime.date
    status: str
    text: str = ""
    author_name: str = ""
    # Breaks ties between updates of the same day: the one entered last is the latest.
    sequence: int = 0
    id: int | None = None

    @property
    def status_label(self):
        # An update reports one of the coalition statuses (codes shared with models.UpdateStatus).
        return str(CoalitionStatus(self.status).label) if self.status in CoalitionStatus.values else self.status


@dataclass(frozen=True)
class MilestoneState:
    milestone: MilestoneFact
    status: str

    @property
    def status_label(self):
        return str(MilestoneStatus(self.status).label)


@dataclass(frozen=True)
class Assessment:
    status: str
    reasons: list = field(default_factory=list)
    next_milestone: MilestoneState | None = None
    latest_update: UpdateFact | None = None
    today: datetime.date | None = None

    @property
    def status_label(self):
        return str(CoalitionStatus(self.status).label)

    @property
    def reason(self):
        return self.reasons[0] if self.reasons else ""


def format_date(day):
    """Dates as the Dutch write them in a report: 30-06-2021."""
    return day.strftime("%d-%m-%Y")


def quoted(milestone):
    """'Purpose Case' (Q2 2021): the title and, when the source gave one, its planned moment."""
    if milestone.due_label:
        return _("'%(title)s' (%(label)s)") % {"title": milestone.title, "label": milestone.due_label}
    return _("'%(title)s'") % {"title": milestone.title}


def milestone_name(milestone):
    return _("Mijlpaal %(milestone)s") % {"milestone": quoted(milestone)}


def is_done(milestone, today):
    return milestone.done_on is not None and milestone.done_on <= today


def milestone_status(milestone, today):
    if is_done(milestone, today):
        return MilestoneStatus.DONE
    if milestone.due_date < today:
        return MilestoneStatus.LATE
    if milestone.due_date <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return MilestoneStatus.DUE_SOON
    return MilestoneStatus.PLANNED


def timeline(milestones, today):
    """Every milestone with its status, in date order."""
    ordered = sorted(milestones, key=lambda m: (m.due_date, m.title))
    return [MilestoneState(m, milestone_status(m, today).value) for m in ordered]


def updates_until(updates, today):
    """The updates written on or before ``today``, latest first."""
    written = [u for u in updates if u.date <= today]
    return sorted(written, key=lambda u: (u.date, u.sequence), reverse=True)


def latest_update(updates, today):
    written = updates_until(updates, today)
    return written[0] if written else None


def next_milestone(milestones, today):
    """The first milestone not reached yet (late or not), or None when all are reached."""
    open_states = [state for state in timeline(milestones, today) if state.status != MilestoneStatus.DONE]
    return open_states[0] if open_states else None


def _update_says(update):
    labels = {
        UPDATE_ON_TRACK: _("op schema"),
        UPDATE_AT_RISK: _("risico"),
        UPDATE_LATE: _("achter op schema"),
        UPDATE_DONE: _("klaar"),
    }
    return _("Laatste voortgangsbericht (%(date)s) meldt: %(status)s") % {
        "date": format_date(update.date), "status": labels.get(update.status, update.status),
    }  # fmt: skip


def assess(milestones, updates, lifecycle, today):
    """The coalition's status on ``today`` with the reasons for it (see the module's docstring)."""
    states = timeline(milestones, today)
    latest = latest_update(updates, today)
    upcoming = next_milestone(milestones, today)

    def result(status, reasons):
        return Assessment(status.value, reasons, upcoming, latest, today)

    if not states and latest is None:
        return result(CoalitionStatus.NO_INFORMATION, [_("Er zijn geen mijlpalen en geen voortgangsberichten bekend.")])

    if states and all(state.status == MilestoneStatus.DONE for state in states):
        last = max(state.milestone.done_on for state in states)
        reason = _("Alle %(count)s mijlpalen zijn gehaald, de laatste op %(date)s.") % {"count": len(states), "date": format_date(last)}
        if len(states) == 1:
            reason = _("De mijlpaal is gehaald op %(date)s.") % {"date": format_date(last)}
        return result(CoalitionStatus.DONE, [reason])
    if lifecycle in FINISHED_LIFECYCLES and latest is not None and latest.status == UPDATE_DONE:
        return result(CoalitionStatus.DONE, [_update_says(latest) + "."])

    late = [state.milestone for state in states if state.status == MilestoneStatus.LATE]
    late_reasons = [
        _("%(milestone)s is verlopen op %(date)s") % {"milestone": milestone_name(m), "date": format_date(m.due_date)} for m in late
    ]
    if latest is not None and latest.status == UPDATE_LATE:
        late_reasons.insert(0, _update_says(latest))
    if late_reasons:
        return result(CoalitionStatus.LATE, late_reasons)

    risk_reasons = []
    if latest is not None and latest.status == UPDATE_AT_RISK:
        risk_reasons.append(_update_says(latest))
    recent_since = today - datetime.timedelta(days=RECENT_UPDATE_DAYS)
    if latest is None or latest.date < recent_since:
        for state in states:
            if state.status == MilestoneStatus.DUE_SOON:
                values = {"milestone": milestone_name(state.milestone), "date": format_date(state.milestone.due_date), "days": RECENT_UPDATE_DAYS}
                risk_reasons.append(
                    _("%(milestone)s moet uiterlijk %(date)s gehaald zijn en er is geen voortgangsbericht van de laatste %(days)s dagen") % values
                )
    if risk_reasons:
        return result(CoalitionStatus.AT_RISK, risk_reasons)

    reasons = []
    if upcoming is not None:
        values = {"milestone": quoted(upcoming.milestone), "date": format_date(upcoming.milestone.due_date)}
        reasons.append(_("Volgende mijlpaal: %(milestone)s, uiterlijk %(date)s") % values)
    if latest is not None:
        if latest.status == UPDATE_DONE:
            reasons.append(_update_says(latest) + _(", maar de coalitie is nog niet duurzaam verankerd of gestopt"))
        else:
            reasons.append(_update_says(latest))
    return result(CoalitionStatus.ON_TRACK, reasons)


def count_by_status(statuses):
    """{status: count} for every coalition status, zeros included, in the agenda's order."""
    counts = {status.value: 0 for status in CoalitionStatus}
    for status in statuses:
        counts[status] += 1
    return counts


def number_key(number):
    """Manifest numbers in their natural order: 1, 2, …, 5a, 5b, …, 10, 11; coalitions without one last."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if not number or not digits or not number[0].isdigit():
        return (1, 0, number.lower())
    leading = ""
    for ch in number:
        if not ch.isdigit():
            break
        leading += ch
    return (0, int(leading), number[len(leading) :].lower())


def group_by_theme(entries, theme_codes, themes_of):
    """[(theme code, entries)] in the order of ``theme_codes``; an entry is listed under each of its themes.

    Entries without a known theme come last under the code "". Empty themes are left out.
    """
    groups = {code: [] for code in theme_codes}
    unthemed = []
    for entry in entries:
        known = [code for code in themes_of(entry) if code in groups]
        for code in known:
            groups[code].append(entry)
        if not known:
            unthemed.append(entry)
    result = [(code, groups[code]) for code in theme_codes if groups[code]]
    if unthemed:
        result.append(("", unthemed))
    return result


# --- Periods for the regiegroep (a calendar year) and the leer- en adviescommissie (three per year) -----------

REGIEGROEP, COMMISSIE = "regiegroep", "commissie"
# The years an overview can be asked for; a period's neighbour outside them has no page.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The commission meets at least three times a year: January–April, May–August, September–December.
THIRDS = ((1, 4), (5, 8), (9, 12))


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    part: int | None
    start: datetime.date
    end: datetime.date

    @property
    def code(self):
        return str(self.year) if self.part is None else f"{self.year}-{self.part}"

    @property
    def label(self):
        if self.part is None:
            return str(self.year)
        labels = {1: _("januari–april %(year)s"), 2: _("mei–augustus %(year)s"), 3: _("september–december %(year)s")}
        return labels[self.part] % {"year": self.year}

    def contains(self, day):
        return day is not None and self.start <= day <= self.end

    def previous(self):
        """The period before this one, or None before FIRST_YEAR."""
        if self.part is None:
            found = year_period(self.year - 1)
        else:
            found = third_period(self.year - 1, 3) if self.part == 1 else third_period(self.year, self.part - 1)
        return found if found.year >= FIRST_YEAR else None

    def next(self):
        """The period after this one, or None after LAST_YEAR."""
        if self.part is None:
            found = year_period(self.year + 1)
        else:
            found = third_period(self.year + 1, 1) if self.part == 3 else third_period(self.year, self.part + 1)
        return found if found.year <= LAST_YEAR else None


def _last_day(year, month):
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def year_period(year):
    return Period(REGIEGROEP, year, None, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def third_period(year, part):
    first, last = THIRDS[part - 1]
    return Period(COMMISSIE, year, part, datetime.date(year, first, 1), _last_day(year, last))


def period_of(kind, day):
    """The period of ``kind`` that ``day`` falls in."""
    if kind == REGIEGROEP:
        return year_period(day.year)
    return third_period(day.year, (day.month - 1) // 4 + 1)


class PeriodError(ValueError):
    """A period that cannot be read; ``field`` says which part: "for", "year" or "period"."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


def parse_period(kind, year, part=None):
    """A Period from the year and, for the commission, the part (1, 2 or 3); PeriodError with a Dutch message."""
    if kind not in (REGIEGROEP, COMMISSIE):
        raise PeriodError(_("Kies een overzicht voor de regiegroep of voor de commissie."), "for")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise PeriodError(_("Geef een jaar als vier cijfers, bijvoorbeeld 2021."), "year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(_("Kies een jaar van 2000 tot en met 2100."), "year")
    if kind == REGIEGROEP:
        if part not in (None, ""):
            raise PeriodError(_("Het overzicht voor de regiegroep gaat over een heel jaar; laat de periode weg."), "period")
        return year_period(year)
    try:
        part = int(part)
    except (TypeError, ValueError):
        part = None
    if part not in (1, 2, 3):
        raise PeriodError(_("Kies periode 1 (januari–april), 2 (mei–augustus) of 3 (september–december)."), "period")
    return third_period(year, part)


def parse_period_code(kind, code):
    """"2021" for the regiegroep, "2021-2" for the commission (the page's ``periode``)."""
    year, _sep, part = (code or "").partition("-")
    if kind == COMMISSIE and not part:
        raise PeriodError(_("Kies een periode van vier maanden, bijvoorbeeld 2021-2 voor mei–augustus 2021."), "period")
    return parse_period(kind, year, part or None)


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    as_of: datetime.date
    due: list  # MilestoneState, as they stood at ``as_of``
    reached: list  # MilestoneFact reached within the period
    updates: list  # UpdateFact written within the period, latest first
    assessment: Assessment


def summarise_period(milestones, updates, lifecycle, period, today):
    """What a coalition did in ``period``: milestones due and reached in it, its updates, its status at the end.

    The status is judged at the period's last day, or today when the period has not ended yet.
    """
    as_of = min(period.end, today)
    due = [state for state in timeline(milestones, as_of) if period.contains(state.milestone.due_date)]
    reached = sorted((m for m in milestones if period.contains(m.done_on) and m.done_on <= as_of), key=lambda m: (m.done_on, m.title))
    written = [u for u in updates_until(updates, as_of) if period.contains(u.date)]
    return PeriodSummary(period, as_of, due, reached, written, assess(milestones, updates, lifecycle, as_of))
