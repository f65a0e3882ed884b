"""The REST API: one NinjaAPI, one router per app, OpenAPI at /api/v1/openapi.json.

Errors are always JSON: {"detail": "<message in the user's language>"} and,
for invalid input, "errors": [{"field", "message"}].
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

api = NinjaAPI(
    title="Loket API",
    version="1",
    description="Het skills-loket voor werken en leren in Noord-Holland. / The skills loket for working and learning in Noord-Holland.",
    urls_namespace="api",
)

VALIDATION_MESSAGES = {
    "missing": lambda: _("dit veld is verplicht"),
    "string_too_long": lambda: _("te lang"),
    "string_too_short": lambda: _("te kort"),
    "int_parsing": lambda: _("moet een geheel getal zijn"),
    "float_parsing": lambda: _("moet een getal zijn"),
    "greater_than_equal": lambda: _("te klein"),
    "less_than_equal": lambda: _("te groot"),
    "literal_error": lambda: _("geen toegestane waarde"),
    "enum": lambda: _("geen toegestane waarde"),
    "json_invalid": lambda: _("geen geldige JSON"),
    "string_type": lambda: _("moet tekst zijn"),
    "bool_parsing": lambda: _("moet waar of onwaar zijn (true of false)"),
    "bool_type": lambda: _("moet waar of onwaar zijn (true of false)"),
    "int_type": lambda: _("moet een geheel getal zijn"),
    "float_type": lambda: _("moet een getal zijn"),
    "list_type": lambda: _("moet een lijst zijn"),
    "dict_type": lambda: _("moet een object zijn"),
    "model_type": lambda: _("moet een object zijn"),
    "model_attributes_type": lambda: _("moet een object zijn"),
    "date_parsing": lambda: _("moet een datum zijn (JJJJ-MM-DD)"),
    "date_from_datetime_parsing": lambda: _("moet een datum zijn (JJJJ-MM-DD)"),
    "date_type": lambda: _("moet een datum zijn (JJJJ-MM-DD)"),
    "datetime_parsing": lambda: _("moet een datum en tijd zijn (ISO 8601)"),
    "datetime_from_date_parsing": lambda: _("moet een datum en tijd zijn (ISO 8601)"),
    "datetime_type": lambda: _("moet een datum en tijd zijn (ISO 8601)"),
    "uuid_parsing": lambda: _("moet een UUID zijn"),
    "greater_than": lambda: _("te klein"),
    "less_than": lambda: _("te groot"),
    "too_long": lambda: _("te veel elementen"),
    "too_short": lambda: _("te weinig elementen"),
    "extra_forbidden": lambda: _("onbekend veld"),
}


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "payload")]
        message = VALIDATION_MESSAGES.get(error.get("type"), lambda: error.get("msg", ""))()
        errors.append({"field": ".".join(location), "message": message})
    return api.create_response(request, {"detail": _("Ongeldige invoer; er is niets gewijzigd."), "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc):
    return api.create_response(request, {"detail": _("Log eerst in.")}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Niet gevonden.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = str(exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # Ninja reports a body it cannot parse in English, whatever the language.
        message = _("De inhoud van het verzoek is geen geldige JSON; er is niets gewijzigd.")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _register_routers():
    from loket.accounts.api import router as accounts_router
    from loket.catalog.api import router as catalog_router
    from loket.catalog.route_api import router as routes_router
    from loket.credentials.api import router as credentials_router
    from loket.ecosystem.api import router as ecosystem_router
    from loket.fund.admin_api import router as fund_admin_router
    from loket.fund.api import router as fund_router
    from loket.geography.api import router as geography_router
    from loket.matching.api import router as matching_router
    from loket.monitor.api import router as monitor_router
    from loket.passport.api import router as passport_router
    from loket.taxonomy.api import router as taxonomy_router
    from loket.transitions.api import router as transitions_router
    from loket.vacancies.api import router as vacancies_router

    api.add_router("/taxonomy/", taxonomy_router)
    api.add_router("/passport/", passport_router)
    api.add_router("/vacancies/", vacancies_router)
    api.add_router("/matching/", matching_router)
    api.add_router("/credentials/", credentials_router)
    api.add_router("/transitions/", transitions_router)
    api.add_router("/catalog/", catalog_router)
    api.add_router("/routes/", routes_router)
    api.add_router("/fund/admin/", fund_admin_router)
    api.add_router("/fund/", fund_router)
    api.add_router("/ecosystem/", ecosystem_router)
    api.add_router("/monitor/", monitor_router)
    api.add_router("/geography/", geography_router)
    api.add_router("/", accounts_router)


_register_routers()
