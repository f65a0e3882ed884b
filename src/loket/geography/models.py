"""Labour-market regions and municipalities: the places vacancies and people are in.

Municipalities merge, so each carries the years it exists; a new merger adds a
municipality and closes the old ones rather than renaming them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("CBS-code, bijvoorbeeld AM15."))
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def current(self, year=None):
        from django.utils import timezone

        year = year or timezone.now().year
        return self.filter(valid_from__lte=year).filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=year))


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("CBS-code, bijvoorbeeld GM0363."))
    name = models.CharField(_("naam"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("arbeidsmarktregio"))
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    valid_from = models.PositiveSmallIntegerField(_("bestaat vanaf (jaar)"))
    valid_until = models.PositiveSmallIntegerField(_("bestaat tot en met (jaar)"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name
