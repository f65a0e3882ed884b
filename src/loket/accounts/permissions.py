"""The single place where views and API endpoints ask for a role."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .roles import Role


def has_any_role(user, roles):
    return user.is_authenticated and any(user.has_role(role) for role in roles)


def role_required(*roles):
    """Page views: anonymous visitors go to the log-in page, signed-in users
    without one of the roles get a 403 page that says which role is needed."""
    roles = tuple(Role(role) for role in roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_any_role(request.user, roles):
                names = ", ".join(str(role.label) for role in roles)
                raise PermissionDenied(_("Deze pagina is alleen voor: %(roles)s.") % {"roles": names})
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
