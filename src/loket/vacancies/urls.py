from django.urls import path

from . import views

app_name = "vacancies"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("aanbod/", views.browse, name="browse"),
    path("nieuw/", views.vacancy_edit, name="create"),
    path("importeren/", views.import_view, name="import"),
    path("export.jsonld", views.export_all, name="export"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/bewerken/", views.vacancy_edit, name="edit"),
    path("<int:pk>/vervuld/", views.vacancy_fill, name="fill"),
    path("<int:pk>/sluiten/", views.vacancy_close, name="close"),
    path("<int:pk>/heropenen/", views.vacancy_reopen, name="reopen"),
    path("<int:pk>/plaatsing/", views.placement_create, name="placement"),
    path("<int:pk>/jobposting.jsonld", views.export_one, name="export_one"),
    path("uitstroom/", views.outflow_list, name="outflow_list"),
    path("uitstroom/nieuw/", views.outflow_create, name="outflow_create"),
    path("uitstroom/<int:pk>/", views.outflow_detail, name="outflow_detail"),
    path("uitstroom/<int:pk>/afsluiten/", views.outflow_close, name="outflow_close"),
]
