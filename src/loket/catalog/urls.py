from django.urls import path

from . import route_views, views

app_name = "catalog"
urlpatterns = [
    # The public catalogue and the provider's own pages (views.py).
    path("", views.search, name="search"),
    path("aanbieder/", views.provider_home, name="provider_home"),
    # Learning routes and the province's shortages (route_views.py).
    path("route/", route_views.planner, name="route_planner"),
    path("tekorten/", route_views.shortages, name="shortages"),
]
