"""Pages of the monitor: statistics."""

urlpatterns = []
