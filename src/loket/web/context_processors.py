from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.accounts.roles import Role

# Where each role starts; the first page of each role the user has goes in the main menu.
ROLE_PAGES = {
    Role.PERSON: [
        ("passport:home", _("Mijn skillspaspoort")),
        ("matching:person_matches", _("Vacatures voor mij")),
        ("catalog:route_planner", _("Mijn leerroute")),
        ("credentials:mine", _("Mijn verklaringen")),
        ("fund:home", _("Mijn ontwikkelrekening")),
    ],
    Role.EMPLOYER: [
        ("vacancies:list", _("Mijn vacatures")),
        ("vacancies:outflow_list", _("Uitstroom melden")),
        ("credentials:issue", _("Skills ondertekenen")),
    ],
    Role.PROVIDER: [
        ("catalog:provider_home", _("Mijn opleidingsaanbod")),
        ("catalog:shortages", _("Gevraagd, niet aangeboden")),
        ("credentials:issue", _("Skills ondertekenen")),
        ("credentials:issued", _("Uitgegeven verklaringen")),
        ("fund:provider_home", _("Inschrijvingen ontwikkelfonds")),
    ],
    Role.COACH: [("matching:coach_home", _("Mijn begeleiding")), ("fund:coach_vouchers", _("Vouchers"))],
    Role.FUND_ADMIN: [("fund:admin_overview", _("Ontwikkelfonds"))],
    Role.ANALYST: [
        ("monitor:dashboard", _("Dashboard")),
        ("matching:batch_runs", _("Batchmatching")),
        ("catalog:shortages", _("Gevraagd, niet aangeboden")),
    ],
    Role.ADMIN: [("admin:index", _("Beheer")), ("matching:batch_runs", _("Batchmatching"))],
}


def role_pages(roles):
    return {role: [{"url": reverse(name), "label": label} for name, label in ROLE_PAGES.get(role, [])] for role in roles}


def loket(request):
    user = getattr(request, "user", None)
    roles = user.roles if user is not None and user.is_authenticated else []
    pages = role_pages(roles)
    menu, seen = [], set()
    for role in roles:
        for page in pages[role][:1]:
            if page["url"] not in seen:
                seen.add(page["url"])
                menu.append(page)
    return {"user_roles": roles, "languages": settings.LANGUAGES, "role_pages": pages, "role_menu": menu}
