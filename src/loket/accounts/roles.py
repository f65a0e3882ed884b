"""The roles of the loket (PRODUCT.md, "Who uses it").

A role is a Django permission held through a group of the same name, so every
view and API endpoint asks one question: ``user.has_perm(role.permission)``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PERSON = "person", _("Inwoner")
    EMPLOYER = "employer", _("Werkgever")
    PROVIDER = "provider", _("Opleider")
    COACH = "coach", _("Loopbaancoach")
    FUND_ADMIN = "fund_admin", _("Fondsbeheerder")
    ANALYST = "analyst", _("Analist")
    ADMIN = "admin", _("Beheerder")

    @property
    def codename(self):
        return f"role_{self.value}"

    @property
    def permission(self):
        return f"accounts.{self.codename}"


ROLE_PERMISSIONS = [(role.codename, f"Role: {role.value}") for role in Role]

# Roles a person may choose when registering; the others are granted by an
# administrator, because they give access to other people's data or money.
SELF_SERVICE_ROLES = (Role.PERSON, Role.EMPLOYER, Role.PROVIDER)
