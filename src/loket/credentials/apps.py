from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "loket.credentials"
    label = "credentials"
    verbose_name = _("Ondertekende verklaringen")

    def ready(self):
        from . import signals  # noqa: F401
