"""Labour-market regions and municipalities: the places vacancies and people are in.

Municipalities merge and regions are redrawn, so each carries the years it
exists; a new merger adds a municipality and closes the old ones rather than
renaming them. Their real shapes are Boundary rows, one per area per year
(docs/geography.md).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ValidityQuerySet(models.QuerySet):
    def current(self, year=None):
        """The rows that exist in ``year`` (default: this year)."""
        year = year or timezone.now().year
        return self.filter(valid_from__lte=year).filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=year))


class Region(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("CBS-code, bijvoorbeeld AM15."))
    name = models.CharField(_("naam"), max_length=100)
    valid_from = models.PositiveSmallIntegerField(_("bestaat vanaf (jaar)"))
    valid_until = models.PositiveSmallIntegerField(_("bestaat tot en met (jaar)"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("CBS-code, bijvoorbeeld GM0363."))
    name = models.CharField(_("naam"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("arbeidsmarktregio"))
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    valid_from = models.PositiveSmallIntegerField(_("bestaat vanaf (jaar)"))
    valid_until = models.PositiveSmallIntegerField(_("bestaat tot en met (jaar)"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Boundary(models.Model):
    """The shape of a region or municipality in one year's CBS division, as a GeoJSON geometry (WGS84)."""

    class Level(models.TextChoices):
        REGION = "region", _("arbeidsmarktregio")
        MUNICIPALITY = "municipality", _("gemeente")

    class Source(models.TextChoices):
        PDOK = "pdok", _("PDOK")
        FILE = "file", _("bestand")

    level = models.CharField(_("niveau"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=8, help_text=_("CBS-code, bijvoorbeeld GM0363 of AM18."))
    year = models.PositiveSmallIntegerField(_("jaar"))
    name = models.CharField(_("naam in dat jaar"), max_length=100, blank=True)
    # The region a municipality lay in that year, so older years keep their own division.
    region_code = models.CharField(_("arbeidsmarktregio in dat jaar"), max_length=8, blank=True)
    geometry = models.JSONField(_("geometrie"), help_text=_("GeoJSON Polygon of MultiPolygon in WGS84 (lengtegraad, breedtegraad)."))
    source = models.CharField(_("bron"), max_length=8, choices=Source.choices)
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)

    class Meta:
        verbose_name = _("grens")
        verbose_name_plural = _("grenzen")
        ordering = ["year", "level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code", "year"], name="geography_boundary_once_per_year")]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return f"{self.code} ({self.year})"
