"""Who may act in the fund's services: the checks the pages and the API rely on, kept in one place so a
direct call of a service is never looser than a page."""

from django.utils.translation import gettext as _

from loket.accounts.roles import Role

from .ledger_ops import FundError


def signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_fund_admin(user):
    return signed_in(user) and user.has_role(Role.FUND_ADMIN)


def require_fund_admin(user, message):
    """Refuse with ``message`` (what only a fund administrator may do) unless ``user`` is one."""
    if not is_fund_admin(user):
        raise FundError(message)


def coaches(user, passport):
    """A coach whose organisation the person gave an active coaching consent: the same test as the coach's pages
    in matching (matching.services.coached_passports), so a coach acts only for the persons they may see."""
    if not (signed_in(user) and user.has_role(Role.COACH)):
        return False
    from loket.matching.services import coached_passports

    return passport.pk in coached_passports(user)


def acts_for(user, passport):
    """The person themselves, or their coach (with consent)."""
    return signed_in(user) and (user.pk == passport.user_id or coaches(user, passport))


def require_signed_in(user):
    if not signed_in(user):
        raise FundError(_("Log eerst in."))
