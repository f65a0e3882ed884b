from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path("", views.index, name="index"),
    path("controleren/", views.verify, name="verify"),
    path("uitgeven/", views.issue, name="issue"),
    path("vaardigheden/", views.skill_search, name="skill_search"),
    path("uitgegeven/", views.issued, name="issued"),
    path("uitgegeven/<uuid:credential_uuid>/", views.detail, name="detail"),
    path("uitgegeven/<uuid:credential_uuid>/intrekken/", views.revoke, name="revoke"),
    path("mijn/", views.mine, name="mine"),
    # Before the download route, whose <kind> would otherwise take these words.
    path("mijn/<uuid:credential_uuid>/opnemen/", views.accept, name="accept"),
    path("mijn/<uuid:credential_uuid>/niet-opnemen/", views.decline, name="decline"),
    path("mijn/<uuid:credential_uuid>/<str:kind>/", views.download, name="download"),
    path("uitgevers/<int:organisation_id>/", views.issuer_page, name="issuer"),
]
