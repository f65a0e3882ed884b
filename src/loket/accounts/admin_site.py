from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .roles import Role


class LoketAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Loket beheer")
    site_title = gettext_lazy("Loket beheer")
    index_title = gettext_lazy("Beheer")

    def has_permission(self, request):
        return request.user.is_active and request.user.has_role(Role.ADMIN)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied(_("Het beheer is alleen voor: %(roles)s.") % {"roles": Role.ADMIN.label})
        # One log-in page for everyone; the admin's own form would bypass roles.
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("accounts:login"))
