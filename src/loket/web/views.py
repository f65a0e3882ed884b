from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from loket.accounts.roles import SELF_SERVICE_ROLES, Role
from loket.taxonomy.models import Concept, ConceptKind, Release

from .context_processors import role_pages

# What each role comes to the loket for (PRODUCT.md, "Who uses it").
ROLE_INTRODUCTIONS = [
    (Role.PERSON, _("Werkende, werkzoekende, student of zij-instromer"),
     _("Leg uw vaardigheden vast in één skills-taal, ontdek welk werk en welke opleidingen daarbij passen en houd zelf de regie over uw gegevens.")),
    (Role.EMPLOYER, _("Bedrijven, mkb en branches"),
     _("Zoek mensen op wat ze kunnen in plaats van op diploma's, bied stages en BBL-plekken aan en meld verwachte uitstroom, zodat niemand verloren gaat voor de techniek.")),
    (Role.PROVIDER, _("ROC's, hogescholen, universiteiten, private opleiders, campussen en fieldlabs"),
     _("Publiceer modulair aanbod met de vaardigheden die het oplevert, zodat mensen uw opleiding vinden als stap naar werk.")),
    (Role.COACH, _("UWV, WSP, mobiliteitsteams en ServicePunt Techniek"),
     _("Begeleid mensen van werk naar werk over sectoren heen en geef vouchers voor oriëntatie, opleiding en begeleiding uit.")),
    (Role.FUND_ADMIN, _("Het regionale ontwikkelfonds"),
     _("Beheer budgetten van financiers, persoonlijke ontwikkelrekeningen en uitbetalingen aan opleiders in een sluitende administratie.")),
    (Role.ANALYST, _("Provincie, regiegroep en werkambassadeur"),
     _("Volg met de 0-meting en het dashboard of de doelen voor 2030 dichterbij komen, per regio, sector en thema.")),
    (Role.ADMIN, _("Beheerders van het platform"),
     _("Beheer gebruikers, rollen, organisaties en de import van de skills-taal (ESCO).")),
]


def home(request):
    release = Release.objects.first()
    counts = {}
    if release:
        counts = {
            "occupations": Concept.objects.filter(kind=ConceptKind.OCCUPATION, status="released").count(),
            "skills": Concept.objects.filter(kind=ConceptKind.SKILL, status="released").count(),
        }
    pages = role_pages(list(Role))
    roles = [
        {"role": role, "who": who, "what": what, "self_service": role in SELF_SERVICE_ROLES, "pages": pages[role]}
        for role, who, what in ROLE_INTRODUCTIONS
    ]
    return render(request, "web/home.html", {"roles": roles, "release": release, "counts": counts})


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(request, "web/403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


def server_error(request):
    return render(request, "web/500.html", status=500)
