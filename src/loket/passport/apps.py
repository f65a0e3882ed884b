from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportConfig(AppConfig):
    name = "loket.passport"
    label = "passport"
    verbose_name = _("Skillspaspoort")

    def ready(self):
        from . import signals  # noqa: F401
