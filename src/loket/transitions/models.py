from django.db import models
from django.utils.translation import gettext_lazy as _


class Calibration(models.Model):
    """The viable / highly-viable thresholds for one imported taxonomy release.

    Computed from the taxonomy itself (see transitions.engine.calibrate and
    docs/transitions.md): cheap, so it is computed when missing.
    """

    release = models.OneToOneField(
        "taxonomy.Release", on_delete=models.CASCADE, related_name="transition_calibration", verbose_name=_("ESCO-import")
    )
    viable = models.FloatField(_("drempel haalbaar"))
    highly_viable = models.FloatField(_("drempel goed haalbaar"))
    statistics = models.JSONField(_("statistiek"), default=dict)
    examples = models.JSONField(_("voorbeelden"), default=list)
    computed_at = models.DateTimeField(_("berekend op"), auto_now=True)
    seconds = models.FloatField(_("duur (s)"), default=0)

    class Meta:
        verbose_name = _("kalibratie van overstappen")
        verbose_name_plural = _("kalibraties van overstappen")

    def __str__(self):
        return f"{self.release}: {self.viable:.3f} / {self.highly_viable:.3f}"
