"""Pages of the ecosystem: tracking."""

urlpatterns = []
