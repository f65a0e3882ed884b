"""Snapshots of the KPIs, and reading them for the dashboard: cells with small numbers suppressed, series over time,
and tiles against the baseline (0-meting) and the target.

A snapshot computes every KPI with every breakdown, one transaction per KPI, so its progress (``steps_done``) shows
while it runs; it is RUNNING until all are stored and then DONE, or FAILED with the error and without values. Only
finished snapshots are read (``latest``, ``baseline``, ``cells``, ``series``), so a half one is never shown. The first
finished snapshot becomes the baseline; an analyst can choose another one (``mark_baseline``). Values of a finished
snapshot never change (models.py refuses it).

Before a snapshot starts, every KPI's formula is compared with the one its version was first used with
(``KpiVersion``): a formula changed without a new version number is refused, so history is never silently computed
with another meaning.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from loket.accounts.roles import Role
from loket.ecosystem.vocabulary import Theme
from loket.fund.models import Budget, TargetGroup
from loket.fund.reports import NO_TARGET_GROUP, suppress
from loket.geography.models import Municipality, Region
from loket.tasks import InProcessTasks
from loket.taxonomy.sectors import Sector
from loket.vacancies.models import PreviousSituation, VacancyKind

from . import formulas
from .kpis import DIMENSIONS, KPIS, fingerprint
from .models import KpiVersion, Snapshot, SnapshotStatus, SnapshotValue

logger = logging.getLogger(__name__)

MAX_LABEL = 200
# A snapshot still RUNNING after this long died with its process (a restart); a new one may then start.
STALE_AFTER = timedelta(hours=6)
MANAGERS = (Role.ANALYST, Role.ADMIN)


class SnapshotRefused(Exception):
    """A snapshot that may not start; the message says why, in the active language. Nothing was stored."""


class SnapshotAbandoned(Exception):
    """The snapshot was marked FAILED while it ran (taken for dead after STALE_AFTER); this run stops and stores nothing."""


class MonitorError(ValueError):
    """A question the monitor cannot answer (an unknown KPI or breakdown); the message is for the user."""


# --- Versions --------------------------------------------------------------------------------------------------------


def fingerprints(kpis=None):
    return {kpi.code: fingerprint(kpi) for kpi in (kpis or KPIS.values())}


def check_versions(prints=None):
    """Refuse when a KPI's formula differs from the one its version number was first used with."""
    prints = prints or fingerprints()
    stored = {(row.code, row.version): row.fingerprint for row in KpiVersion.objects.filter(code__in=list(prints))}
    changed = [
        KPIS[code] for code, value in prints.items() if stored.get((code, KPIS[code].version), value) != value
    ]
    if changed:
        raise SnapshotRefused(
            " ".join(
                _("De formule van KPI %(code)s (“%(name)s”) is gewijzigd zonder nieuw versienummer (versie %(version)s). "
                  "Geef de KPI een nieuw versienummer in loket/monitor/kpis.py, of zet de formule terug.")
                % {"code": kpi.code, "name": kpi.name, "version": kpi.version}
                for kpi in changed
            )
        )
    return prints


def record_versions(prints):
    for code, value in prints.items():
        KpiVersion.objects.get_or_create(code=code, version=KPIS[code].version, defaults={"fingerprint": value})


# --- Taking snapshots ------------------------------------------------------------------------------------------------


def close_stale_snapshots(now=None):
    now = now or timezone.now()
    stale = Snapshot.objects.filter(status=SnapshotStatus.RUNNING, taken_at__lt=now - STALE_AFTER)
    for snapshot in stale:
        fail(snapshot, _("Afgebroken: de momentopname liep al langer dan %(hours)s uur; het proces is waarschijnlijk gestopt.")
             % {"hours": int(STALE_AFTER.total_seconds() // 3600)})


def create_snapshot(label="", user=None, now=None):
    """A RUNNING snapshot with nothing in it yet, or SnapshotRefused (a label too long, another snapshot running, a
    formula changed without a new version)."""
    label = (label or "").strip()
    if len(label) > MAX_LABEL:
        raise SnapshotRefused(_("De omschrijving mag hooguit %(max)s tekens lang zijn.") % {"max": MAX_LABEL})
    check_versions()
    with transaction.atomic():
        close_stale_snapshots(now)
        if Snapshot.objects.select_for_update().filter(status=SnapshotStatus.RUNNING).exists():
            raise SnapshotRefused(_("Er loopt al een momentopname. Wacht tot die klaar is."))
        return Snapshot.objects.create(
            taken_at=now or timezone.now(),
            label=label,
            status=SnapshotStatus.RUNNING,
            steps_total=len(KPIS),
            created_by=user if user is not None and user.is_authenticated else None,
        )


def fail(snapshot, message):
    """FAILED, with the message and without any value: nothing of it is shown."""
    with transaction.atomic():
        SnapshotValue.objects.filter(snapshot=snapshot).delete()
        Snapshot.objects.filter(pk=snapshot.pk).update(status=SnapshotStatus.FAILED, error=message, finished_at=timezone.now())
    snapshot.refresh_from_db()
    return snapshot


def store(snapshot, kpi, rows):
    SnapshotValue.objects.bulk_create(
        SnapshotValue(
            snapshot=snapshot, kpi=kpi.code, version=kpi.version, dimension=row["dimension"], key=str(row["key"])[:60],
            value=row["value"], numerator=row.get("numerator"), denominator=row.get("denominator"), persons=row.get("persons"),
        )  # fmt: skip
        for row in rows
    )


def execute(snapshot, progress=None):
    """Compute and store every KPI of a RUNNING snapshot, one transaction each; DONE at the end, FAILED on an error."""
    day = timezone.localdate(snapshot.taken_at)
    kpi = None
    try:
        prints = check_versions()
        if progress:
            progress.start(_("Momentopname: KPI's berekenen"), len(KPIS), "KPI")
        for done, kpi in enumerate(KPIS.values(), start=1):
            with transaction.atomic():
                store(snapshot, kpi, kpi.collect(day))
                # Only while still RUNNING: one marked FAILED meanwhile (taken for dead) must not fill up again.
                if not Snapshot.objects.filter(pk=snapshot.pk, status=SnapshotStatus.RUNNING).update(steps_done=done):
                    raise SnapshotAbandoned()
            if progress:
                progress.advance(1)
        with transaction.atomic():
            record_versions(prints)
            if not Snapshot.objects.filter(pk=snapshot.pk, status=SnapshotStatus.RUNNING).update(
                status=SnapshotStatus.DONE, finished_at=timezone.now()
            ):
                raise SnapshotAbandoned()
            # The first finished snapshot is the 0-meting; the lock makes two finishing at once agree on which.
            if not Snapshot.objects.select_for_update().filter(is_baseline=True).exists():
                Snapshot.objects.filter(pk=snapshot.pk).update(is_baseline=True, baseline_marked_at=timezone.now())
    except SnapshotAbandoned:
        # Already FAILED with its reason; drop what this run stored after that.
        reason = Snapshot.objects.filter(pk=snapshot.pk).values_list("error", flat=True).first()
        fail(snapshot, reason or _("Afgebroken: de momentopname werd tijdens het berekenen als mislukt gemarkeerd."))
    except SnapshotRefused as error:
        fail(snapshot, str(error))
    except Exception as error:  # noqa: BLE001 - whatever went wrong is recorded on the snapshot, in words
        logger.exception("snapshot %s failed", snapshot.pk)
        where = _("bij KPI %(code)s") % {"code": kpi.code} if kpi else ""
        fail(snapshot, _("De momentopname is mislukt %(where)s: %(error)s") % {"where": where, "error": f"{type(error).__name__}: {error}"})
    finally:
        if progress:
            progress.finish()
    snapshot.refresh_from_db()
    return snapshot


def take_snapshot(label="", user=None, progress=None, now=None):
    """Take a snapshot now (in this thread) and return it, DONE or FAILED; SnapshotRefused when it may not start."""
    return execute(create_snapshot(label, user, now), progress)


_tasks = InProcessTasks("snapshot", lambda snapshot_id: execute(Snapshot.objects.get(pk=snapshot_id)))


def start_in_background(snapshot):
    """Compute a created snapshot in a thread of this process (the embedded default, for the page and the API)."""
    return _tasks.start(snapshot.pk)


def wait(snapshot_id, timeout=None):
    _tasks.wait(snapshot_id, timeout)


def is_recent(days, now=None):
    """A finished snapshot taken less than ``days`` days ago, or None (``loket snapshot --if-older-than``)."""
    last = latest()
    if last and last.taken_at > (now or timezone.now()) - timedelta(days=days):
        return last
    return None


# --- The baseline ----------------------------------------------------------------------------------------------------


def mark_baseline(snapshot, user):
    """Make a finished snapshot the baseline, recording who and when; the previous baseline stops being one."""
    if user is None or not any(user.has_role(role) for role in MANAGERS):
        raise PermissionDenied(_("Alleen een analist of beheerder wijst de 0-meting aan."))
    with transaction.atomic():
        locked = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if locked.status != SnapshotStatus.DONE:
            raise SnapshotRefused(_("Alleen een afgeronde momentopname kan de 0-meting worden."))
        Snapshot.objects.filter(is_baseline=True).exclude(pk=locked.pk).update(is_baseline=False)
        Snapshot.objects.filter(pk=locked.pk).update(is_baseline=True, baseline_marked_by=user, baseline_marked_at=timezone.now())
    snapshot.refresh_from_db()
    return snapshot


def baseline():
    return Snapshot.objects.filter(status=SnapshotStatus.DONE, is_baseline=True).first()


def latest():
    return Snapshot.objects.filter(status=SnapshotStatus.DONE).order_by("-taken_at", "-pk").first()


# --- Reading values --------------------------------------------------------------------------------------------------


def kpi_of(code):
    kpi = KPIS.get(code)
    if kpi is None:
        raise MonitorError(_("Onbekende KPI: %(code)s.") % {"code": code})
    return kpi


def check_dimension(kpi, dimension):
    if dimension and dimension not in kpi.breakdowns:
        if dimension in DIMENSIONS:
            raise MonitorError(_("KPI %(code)s is niet uit te splitsen naar %(dimension)s.") % {"code": kpi.code, "dimension": DIMENSIONS[dimension]})
        raise MonitorError(_("Onbekende uitsplitsing: %(dimension)s.") % {"dimension": dimension})


def key_labels(dimension, keys):
    """{key: label in the active language} for keys of a breakdown."""
    keys = [key for key in keys if key]
    if dimension == "region":
        return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    if dimension == "municipality":
        return dict(Municipality.objects.filter(code__in=keys).values_list("code", "name"))
    if dimension == "budget":
        return {str(pk): name for pk, name in Budget.objects.filter(pk__in=[key for key in keys if key.isdigit()]).values_list("pk", "name")}
    choices = {
        "sector": Sector.choices,
        "vacancy_kind": VacancyKind.choices,
        "theme": Theme.choices,
        "target_group": [*PreviousSituation.choices, *TargetGroup.choices, (NO_TARGET_GROUP, _("Geen doelgroep"))],
        "climate": [("1", _("Werk voor de klimaattransitie")), ("0", _("Ander werk"))],
    }.get(dimension, [])
    return {key: str(label) for key, label in choices}


def number(value, decimals, grouping=True):
    """Rounded (Django's number_format cuts the decimals off), in the active language's separators."""
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=grouping)


def format_value(value, unit):
    """A value as the dashboard writes it, in the active language: 1.234 · 42,5 % · € 1.234 · 7,5 · 45 dagen."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{number(value * 100, 1)} %"
    if unit == "euro":
        return f"€ {number(value, 0 if float(value).is_integer() else 2)}"
    if unit == "score":
        return number(value, 1, grouping=False)
    if unit == "days":
        return _("%(days)s dagen") % {"days": number(value, 0 if float(value).is_integer() else 1)}
    return number(value, 0 if float(value).is_integer() else 1)


def is_suppressed(kpi, persons):
    return bool(kpi.counts_persons and persons is not None and isinstance(suppress(persons), str))


def shown_cell(kpi, value_row, label=""):
    """A stored value as it may be shown: a cell with 1–9 persons keeps neither its value nor its count."""
    persons = value_row["persons"]
    if is_suppressed(kpi, persons):
        return {"key": value_row["key"], "label": label, "value": None, "shown": suppress(persons), "suppressed": True,
                "persons": None, "numerator": None, "denominator": None}  # fmt: skip
    return {
        "key": value_row["key"], "label": label, "value": value_row["value"], "shown": format_value(value_row["value"], kpi.unit),
        "suppressed": False, "persons": persons, "numerator": value_row["numerator"], "denominator": value_row["denominator"],
    }  # fmt: skip


VALUE_FIELDS = ("key", "value", "persons", "numerator", "denominator")


def cells(snapshot, kpi_code, dimension=""):
    """The cells of one breakdown of a KPI in a finished snapshot (``dimension`` "": the total alone), labelled in the
    active language; regions, municipalities and budgets sorted by name, other breakdowns in their own order."""
    kpi = kpi_of(kpi_code)
    check_dimension(kpi, dimension)
    if snapshot is None or snapshot.status != SnapshotStatus.DONE:
        return []
    rows = list(SnapshotValue.objects.filter(snapshot=snapshot, kpi=kpi.code, dimension=dimension or "").order_by("pk").values(*VALUE_FIELDS))
    if not dimension:
        return [shown_cell(kpi, row, _("Totaal")) for row in rows]
    labels = key_labels(dimension, [row["key"] for row in rows])
    result = [shown_cell(kpi, row, labels.get(row["key"], row["key"])) for row in rows]
    if dimension in ("region", "municipality", "budget"):
        result.sort(key=lambda cell: str(cell["label"]).lower())
    return result


def series(kpi_code, dimension="", key="", since=None, until=None):
    """One cell over the finished snapshots, oldest first; ``since``/``until``: dates (inclusive) or datetimes."""
    kpi = kpi_of(kpi_code)
    check_dimension(kpi, dimension)
    rows = SnapshotValue.objects.filter(
        snapshot__status=SnapshotStatus.DONE, kpi=kpi.code, dimension=dimension or "", key=key if dimension else ""
    )
    if since is not None:
        rows = rows.filter(**({"snapshot__taken_at__date__gte": since} if not hasattr(since, "hour") else {"snapshot__taken_at__gte": since}))
    if until is not None:
        rows = rows.filter(**({"snapshot__taken_at__date__lte": until} if not hasattr(until, "hour") else {"snapshot__taken_at__lte": until}))
    points = []
    for row in rows.order_by("snapshot__taken_at", "snapshot_id").values(*VALUE_FIELDS, "snapshot_id", "snapshot__taken_at", "snapshot__is_baseline"):
        cell = shown_cell(kpi, row)
        points.append({
            "taken_at": row["snapshot__taken_at"], "value": cell["value"], "shown": cell["shown"], "suppressed": cell["suppressed"],
            "is_baseline": row["snapshot__is_baseline"], "snapshot_id": row["snapshot_id"],
        })  # fmt: skip
    return points


def _cell(snapshot, kpi, dimension, key):
    if snapshot is None:
        return None
    row = SnapshotValue.objects.filter(snapshot=snapshot, kpi=kpi.code, dimension=dimension, key=key).values(*VALUE_FIELDS).first()
    return shown_cell(kpi, row) if row else None


def tile(kpi_code, snapshot=None, region=None):
    """A KPI's tile: its value in the snapshot (default the latest), for the province or one region (a Region or its
    code), the baseline's value and the change since, the target where it applies to that part, the distance to it
    and whether the KPI is on track (``formulas.on_track``)."""
    kpi = kpi_of(kpi_code)
    snapshot = snapshot or latest()
    region_code = getattr(region, "code", region) or ""
    if region_code and "region" not in kpi.breakdowns:
        raise MonitorError(_("KPI %(code)s is niet uit te splitsen naar arbeidsmarktregio.") % {"code": kpi.code})
    dimension, key = ("region", region_code) if region_code else ("", "")
    current = _cell(snapshot, kpi, dimension, key)
    base_snapshot = baseline()
    base = _cell(base_snapshot, kpi, dimension, key)
    value = current["value"] if current else None
    baseline_value = base["value"] if base else None
    target = kpi.target if formulas.target_applies(kpi.unit, not region_code) else None
    direction = kpi.target_direction if target is not None else None
    change = formulas.change(value, baseline_value)
    distance = formulas.distance_to_target(value, target, direction)
    return {
        "kpi": kpi,
        "code": kpi.code,
        "unit": kpi.unit,
        "region": region_code,
        "snapshot": snapshot,
        "baseline": base_snapshot,
        "value": value,
        "shown": current["shown"] if current else "–",
        "suppressed": bool(current and current["suppressed"]),
        "baseline_value": baseline_value,
        "baseline_shown": base["shown"] if base else "–",
        "change": change,
        "change_shown": format_change(change, kpi.unit),
        "target": target,
        "target_shown": format_value(target, kpi.unit) if target is not None else "",
        "target_year": kpi.target_year if target is not None else None,
        "distance_to_target": distance,
        "distance_shown": format_value(distance, kpi.unit) if distance is not None else "",
        "on_track": formulas.on_track(
            value, baseline_value, target, direction, kpi.target_year if target is not None else None,
            timezone.localdate(base_snapshot.taken_at) if base_snapshot else None,
            timezone.localdate(snapshot.taken_at) if snapshot else timezone.localdate(),
        ),
    }  # fmt: skip


def format_change(change, unit):
    if change is None:
        return "–"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    if unit == "share":
        # A change of a share is in percentage points, not per cent.
        return _("%(sign)s%(points)s procentpunt") % {"sign": sign, "points": number(abs(change) * 100, 1)}
    return f"{sign}{format_value(abs(change), unit)}"
