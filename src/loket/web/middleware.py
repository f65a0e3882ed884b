from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Dutch unless the visitor chose English with the language switch.

    Django's own LocaleMiddleware follows the browser's Accept-Language; a
    Dutch public service speaks Dutch first, whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override, not activate: the language ends with the request instead of leaking into whatever runs next
        # in this thread (a management command, the next test).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A NUL character in the address, the query or a form or JSON body is refused with a 400 in the visitor's
    language: PostgreSQL cannot store or compare text with NUL in it and would answer with a server error.

    Uploaded files are not looked at: a file may hold any byte, and its importer says what it cannot read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.has_nul(request):
            message = _("Het verzoek bevat een ongeldig teken (NUL); er is niets gewijzigd.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def has_nul(self, request):
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return True
        try:
            if request.content_type == "application/json":
                # A JSON string holds NUL as the escape \u0000.
                return b"\x00" in request.body or b"\\u0000" in request.body
            if request.method == "POST":
                # Form fields (urlencoded or multipart, as the CSRF check reads them too); uploaded files may hold any byte.
                return any("\x00" in value for values in request.POST.lists() for value in values[1])
        except RequestDataTooBig:  # Django refuses it further on with its own answer
            return False
        return False
