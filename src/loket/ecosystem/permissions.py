"""Who may change what in the ecosystem. Reading is public; every page and endpoint that writes asks here."""

from loket.accounts.permissions import has_any_role
from loket.accounts.roles import Role

from .vocabulary import PartnerRole


def is_ecosystem_admin(user):
    return has_any_role(user, [Role.ADMIN])


def can_edit_initiative(user, initiative):
    """Administrators; the initiative's editors; managers of a loket organisation that leads it."""
    if not user.is_authenticated:
        return False
    if is_ecosystem_admin(user):
        return True
    if initiative.editors.filter(pk=user.pk).exists():
        return True
    return initiative.partner_roles.filter(
        role=PartnerRole.LEAD, organisation__account__memberships__user=user, organisation__account__memberships__is_manager=True
    ).exists()


def can_edit_organisation(user, organisation):
    """Administrators; managers of the loket organisation it is linked to."""
    if not user.is_authenticated:
        return False
    if is_ecosystem_admin(user):
        return True
    return organisation.account_id is not None and organisation.account.memberships.filter(user=user, is_manager=True).exists()
