"""/ecosysteem/: the registry, the map, the action agenda and the volgsysteem, each in its own views module."""

from . import agenda_views, export_views, map_views, registry_views, scan_views, tracking_views

app_name = "ecosystem"
urlpatterns = [*registry_views.urlpatterns, *map_views.urlpatterns, *agenda_views.urlpatterns, *tracking_views.urlpatterns,
    *scan_views.urlpatterns, *export_views.urlpatterns]
