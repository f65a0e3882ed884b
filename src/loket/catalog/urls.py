from django.urls import path

from . import route_views, views

app_name = "catalog"
urlpatterns = [
    # The public catalogue and the provider's own pages (views.py).
    path("", views.search, name="search"),
    path("aanbieder/", views.provider_home, name="provider_home"),
    path("opleiding/<int:pk>/", views.course_detail, name="course"),
    path("aanbieder/opleiding/nieuw/", views.course_edit, name="course_create"),
    path("aanbieder/opleiding/<int:pk>/", views.course_edit, name="course_edit"),
    path("aanbieder/opleiding/<int:pk>/verwijderen/", views.course_delete, name="course_delete"),
    path("aanbieder/opleiding/<int:course_pk>/aanbod/nieuw/", views.offering_edit, name="offering_create"),
    path("aanbieder/aanbod/<int:pk>/", views.offering_edit, name="offering_edit"),
    path("aanbieder/aanbod/<int:pk>/verwijderen/", views.offering_delete, name="offering_delete"),
    path("aanbieder/importeren/", views.import_view, name="import"),
    path("aanbieder/exporteren/<str:file_format>/", views.export, name="export"),
    # Learning routes and the province's shortages (route_views.py).
    path("route/", route_views.planner, name="route_planner"),
    path("route/bewaren/", route_views.save, name="route_save"),
    path("route/<int:pk>/verwijderen/", route_views.delete, name="route_delete"),
    path("tekorten/", route_views.shortages, name="shortages"),
]
