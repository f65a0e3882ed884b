from django.contrib.admin.apps import AdminConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "loket.accounts"
    label = "accounts"
    verbose_name = _("Gebruikers en organisaties")

    def ready(self):
        from .services import ensure_role_groups

        # After every app's migrate, so a new role or model permission reaches its group.
        post_migrate.connect(ensure_role_groups, dispatch_uid="loket.accounts.ensure_role_groups")


class LoketAdminConfig(AdminConfig):
    default_site = "loket.accounts.admin_site.LoketAdminSite"
