"""/dashboard/: the dashboard (pages per theme) and the open statistics, each in its own views module."""

from . import dashboard_views, statistics_views

app_name = "monitor"
urlpatterns = [*dashboard_views.urlpatterns, *statistics_views.urlpatterns]
