"""Pages of the ecosystem: scan."""

urlpatterns = []
