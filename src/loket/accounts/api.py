from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from .models import Organisation
from .permissions import has_any_role
from .roles import Role

router = Router(tags=["accounts"])


def require_role(request, *roles):
    """API counterpart of ``role_required``: 403 with the roles needed."""
    if not has_any_role(request.user, [Role(r) for r in roles]):
        names = ", ".join(str(Role(r).label) for r in roles)
        raise HttpError(403, _("Dit is alleen voor: %(roles)s.") % {"roles": names})


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    municipality: str
    kvk_number: str


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]
    organisations: list[OrganisationOut]


@router.get("/me", response=MeOut, auth=django_auth, summary="Wie ben ik, met welke rollen")
def me(request):
    user = request.user
    return {
        "email": user.email,
        "full_name": user.full_name,
        "roles": [role.value for role in user.roles],
        "organisations": list(user.organisations.all()),
    }


@router.get("/organisations", response=list[OrganisationOut], auth=django_auth, summary="Alle organisaties (beheerder)")
def organisations(request, kind: str | None = None):
    require_role(request, Role.ADMIN)
    queryset = Organisation.objects.all()
    if kind:
        if kind not in Organisation.Kind.values:
            raise HttpError(422, _("Onbekende soort organisatie: %(kind)s") % {"kind": kind})
        queryset = queryset.filter(kind=kind)
    return list(queryset)
