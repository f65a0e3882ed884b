"""Pages of the ecosystem: registry."""

urlpatterns = []
