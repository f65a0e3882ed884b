from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def calibrate_new_release(sender, instance, created, **kwargs):
    """A new ESCO release gets its transition calibration right after the import commits.

    A receiver here, not a call in the importer: the taxonomy does not know about transitions.
    """
    if created and not kwargs.get("raw"):
        from .services import calibrate_after_import

        calibrate_after_import(instance)


class TransitionsConfig(AppConfig):
    name = "loket.transitions"
    label = "transitions"
    verbose_name = _("Overstappen tussen beroepen")

    def ready(self):
        post_save.connect(calibrate_new_release, sender="taxonomy.Release", dispatch_uid="transitions.calibrate_new_release")
