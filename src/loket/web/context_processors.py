from django.conf import settings


def loket(request):
    user = getattr(request, "user", None)
    roles = user.roles if user is not None and user.is_authenticated else []
    return {"user_roles": roles, "languages": settings.LANGUAGES}
