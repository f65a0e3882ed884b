"""/ecosysteem/: the registry, the map, the action agenda and the volgsysteem, each in its own views module."""

from . import agenda_views, map_views, registry_views, tracking_views

app_name = "ecosystem"
urlpatterns = [*registry_views.urlpatterns, *map_views.urlpatterns, *agenda_views.urlpatterns, *tracking_views.urlpatterns]
