from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("loket.web.urls")),
    path("account/", include("loket.accounts.urls")),
    path("taxonomie/", include("loket.taxonomy.urls")),
    path("paspoort/", include("loket.passport.urls")),
    path("vacatures/", include("loket.vacancies.urls")),
    path("matching/", include("loket.matching.urls")),
    path("verklaringen/", include("loket.credentials.urls")),
    path("overstappen/", include("loket.transitions.urls")),
    path("opleidingen/", include("loket.catalog.urls")),
    path("ontwikkelfonds/", include("loket.fund.urls")),
    path("ecosysteem/", include("loket.ecosystem.urls")),
    path("dashboard/", include("loket.monitor.urls")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

handler403 = "loket.web.views.permission_denied"
handler404 = "loket.web.views.page_not_found"
handler500 = "loket.web.views.server_error"
