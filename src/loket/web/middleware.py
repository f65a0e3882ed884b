from django.conf import settings
from django.utils import translation


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
