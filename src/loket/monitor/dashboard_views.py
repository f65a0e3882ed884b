"""Pages of the monitor: dashboard."""

urlpatterns = []
