"""Management information: snapshots of every KPI with its breakdowns (the first is the 0-meting), the KPI
definition versions they were computed with, and open statistics (CBS StatLine) for context.

A snapshot's values never change once it is finished; only which snapshot is the baseline can be changed, by an
analyst, and that change is recorded on the snapshot.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SnapshotStatus(models.TextChoices):
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class FinishedSnapshotError(Exception):
    """A change to a finished snapshot, which never changes: take a new one instead."""

    def __init__(self, message=None):
        super().__init__(message or _("Een afgeronde momentopname verandert niet meer; neem een nieuwe momentopname."))


# What may still change on a finished snapshot: which one is the baseline, and who made it so when.
BASELINE_FIELDS = ("is_baseline", "baseline_marked_by", "baseline_marked_at")


class SnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if set(kwargs) - set(BASELINE_FIELDS) - {"baseline_marked_by_id"} and self.filter(status=SnapshotStatus.DONE).exists():
            raise FinishedSnapshotError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=SnapshotStatus.DONE).exists():
            raise FinishedSnapshotError()
        return super().delete()


class Snapshot(models.Model):
    taken_at = models.DateTimeField(_("moment"))
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SnapshotStatus.choices, default=SnapshotStatus.RUNNING)
    steps_done = models.PositiveIntegerField(_("stappen klaar"), default=0)
    steps_total = models.PositiveIntegerField(_("stappen totaal"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    is_baseline = models.BooleanField(_("0-meting"), default=False)
    baseline_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("als 0-meting aangewezen door")
    )
    baseline_marked_at = models.DateTimeField(_("als 0-meting aangewezen op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("gemaakt door")
    )
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("momentopname")
        verbose_name_plural = _("momentopnamen")
        ordering = ["-taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_baseline"], condition=models.Q(is_baseline=True), name="one_baseline_snapshot")
        ]

    def __str__(self):
        return self.label or f"{self.taken_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Snapshot.objects.filter(pk=self.pk).values().first()
            if stored and stored["status"] == SnapshotStatus.DONE:
                kept = {"is_baseline", "baseline_marked_by_id", "baseline_marked_at", "id"}
                if any(getattr(self, name) != value for name, value in stored.items() if name not in kept):
                    raise FinishedSnapshotError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and Snapshot.objects.filter(pk=self.pk, status=SnapshotStatus.DONE).exists():
            raise FinishedSnapshotError()
        return super().delete(*args, **kwargs)


class KpiVersion(models.Model):
    """A KPI definition as it was used: a formula that changes without a new version is refused, so history is
    never silently recomputed with another meaning."""

    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("versie"))
    fingerprint = models.CharField(_("vingerafdruk van de formule"), max_length=64)
    first_used_at = models.DateTimeField(_("eerst gebruikt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("KPI-versie")
        verbose_name_plural = _("KPI-versies")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_kpi_version")]

    def __str__(self):
        return f"{self.code} v{self.version}"


class SnapshotValueQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(), so a finished snapshot would otherwise take extra cells.
        objs = list(objs)
        snapshot_ids = {obj.snapshot_id for obj in objs}
        if snapshot_ids and Snapshot.objects.filter(pk__in=snapshot_ids, status=SnapshotStatus.DONE).exists():
            raise FinishedSnapshotError()
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        if self.filter(snapshot__status=SnapshotStatus.DONE).exists():
            raise FinishedSnapshotError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(snapshot__status=SnapshotStatus.DONE).exists():
            raise FinishedSnapshotError()
        return super().delete()


class SnapshotValue(models.Model):
    """One cell: a KPI's value for one breakdown key (dimension "" and key "" is the total)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="values", verbose_name=_("momentopname"))
    kpi = models.CharField(_("KPI"), max_length=60)
    version = models.PositiveSmallIntegerField(_("versie"))
    dimension = models.CharField(_("uitsplitsing"), max_length=30, blank=True)
    key = models.CharField(_("waarde van de uitsplitsing"), max_length=60, blank=True)
    value = models.FloatField(_("waarde"), null=True, blank=True)
    numerator = models.FloatField(_("teller"), null=True, blank=True)
    denominator = models.FloatField(_("noemer"), null=True, blank=True)
    # Number of people behind the cell, for small-number suppression; null when the KPI does not count people.
    persons = models.PositiveIntegerField(_("aantal personen"), null=True, blank=True)

    objects = SnapshotValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI-waarde")
        verbose_name_plural = _("KPI-waarden")
        constraints = [models.UniqueConstraint(fields=["snapshot", "kpi", "dimension", "key"], name="unique_snapshot_cell")]
        indexes = [models.Index(fields=["kpi", "dimension"])]

    def _snapshot_is_finished(self):
        return Snapshot.objects.filter(pk=self.snapshot_id, status=SnapshotStatus.DONE).exists()

    def save(self, *args, **kwargs):
        if self._snapshot_is_finished():
            raise FinishedSnapshotError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._snapshot_is_finished():
            raise FinishedSnapshotError()
        return super().delete(*args, **kwargs)


class StatisticTable(models.Model):
    """An imported CBS StatLine table (or another open statistic) that gives the dashboard context."""

    identifier = models.CharField(_("tabel"), max_length=40, unique=True, help_text=_("Bijvoorbeeld 80474ned."))
    title = models.CharField(_("titel"), max_length=300)
    publisher = models.CharField(_("uitgever"), max_length=100, default="CBS")
    source_url = models.URLField(_("bron"), blank=True)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now=True)
    # CBS's names for the codes in the observations (periods, regions, sectors), its dimensions and topics, and how
    # the table came in: observations keep only codes, and a page needs "A-U Alle economische activiteiten", not T001081.
    metadata = models.JSONField(_("indeling en namen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("open statistiek")
        verbose_name_plural = _("open statistieken")

    def __str__(self):
        return f"{self.identifier}: {self.title}"


class StatisticObservation(models.Model):
    table = models.ForeignKey(StatisticTable, on_delete=models.CASCADE, related_name="observations", verbose_name=_("tabel"))
    measure = models.CharField(_("onderwerp"), max_length=100)
    measure_label = models.CharField(_("naam onderwerp"), max_length=300, blank=True)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    period = models.CharField(_("periode"), max_length=20, help_text=_("Zoals CBS: 2024KW01, 2024JJ00, 2024MM03."))
    period_start = models.DateField(_("begin periode"))
    region_code = models.CharField(_("regio"), max_length=20, blank=True)
    sector_code = models.CharField(_("sector"), max_length=40, blank=True)
    value = models.FloatField(_("waarde"), null=True, blank=True)

    class Meta:
        verbose_name = _("waarneming")
        verbose_name_plural = _("waarnemingen")
        constraints = [
            models.UniqueConstraint(fields=["table", "measure", "period", "region_code", "sector_code"], name="unique_observation")
        ]
