from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Membership, Organisation, User
from .roles import Role


def ensure_role_groups(sender=None, **kwargs):
    """One group per role, holding that role's permission.

    The administrator's group also holds every model permission, so the Django
    admin works for administrators without making them superusers. Django
    creates each app's permissions on that app's post_migrate, so this runs
    after every app's, not only after accounts'.
    """
    role_permissions = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="accounts", codename__startswith="role_")
    }
    if not role_permissions:
        return
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.add(role_permissions[role.codename])
    admin_group = Group.objects.get(name=Role.ADMIN.value)
    admin_group.permissions.add(*Permission.objects.all())


@transaction.atomic
def register(*, email, full_name, password, role, organisation_name="", organisation_kvk=""):
    """Create an account with a self-service role; employers and providers
    get their organisation, of which they become the first manager."""
    role = Role(role)
    user = User.objects.create_user(email=email, full_name=full_name, password=password)
    user.grant_role(role)
    if role in (Role.EMPLOYER, Role.PROVIDER):
        kind = Organisation.Kind.EMPLOYER if role == Role.EMPLOYER else Organisation.Kind.PROVIDER
        # Joining an existing organisation needs its manager's invitation, so the
        # form refuses a name that is taken; the constraint backs that up.
        organisation = Organisation.objects.create(name=organisation_name, kind=kind, kvk_number=organisation_kvk)
        Membership.objects.create(user=user, organisation=organisation, is_manager=True)
    return user
