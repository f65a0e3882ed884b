"""Pages of the ecosystem: export."""

urlpatterns = []
