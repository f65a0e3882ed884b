from django.urls import path

from . import views

app_name = "passport"
urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("vaardigheden/toevoegen/", views.skill_add, name="skill_add"),
    path("vaardigheden/<int:pk>/", views.skill_edit, name="skill_edit"),
    path("vaardigheden/<int:pk>/verwijderen/", views.skill_delete, name="skill_delete"),
    path("werkervaring/toevoegen/", views.work_form, name="work_add"),
    path("werkervaring/<int:pk>/", views.work_form, name="work_edit"),
    path("werkervaring/<int:pk>/verwijderen/", views.work_delete, name="work_delete"),
    path("opleidingen/toevoegen/", views.education_form, name="education_add"),
    path("opleidingen/<int:pk>/", views.education_form, name="education_edit"),
    path("opleidingen/<int:pk>/verwijderen/", views.education_delete, name="education_delete"),
    path("wensen/", views.wishes, name="wishes"),
    path("snelstart/", views.quick_start, name="quick_start"),
    path("snelstart/beroep/", views.quick_start_occupation, name="quick_start_occupation"),
    path("snelstart/cv/", views.quick_start_cv, name="quick_start_cv"),
    path("snelstart/bevestigen/", views.quick_start_confirm, name="quick_start_confirm"),
    path("toestemmingen/", views.consents, name="consents"),
    path("toestemmingen/nieuw/", views.consent_add, name="consent_add"),
    path("toestemmingen/<int:pk>/intrekken/", views.consent_revoke, name="consent_revoke"),
    path("inzage/", views.access_log, name="access_log"),
    path("export/", views.export, name="export"),
    path("account-verwijderen/", views.delete_account, name="delete_account"),
]
