from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role


class LoketAdminSite(admin.AdminSite):
    site_header = _("Loket beheer")
    site_title = _("Loket beheer")
    index_title = _("Beheer")

    def has_permission(self, request):
        return request.user.is_active and request.user.has_role(Role.ADMIN)

    def login(self, request, extra_context=None):
        # One log-in page for everyone; the admin's own form would bypass roles.
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("accounts:login"))
