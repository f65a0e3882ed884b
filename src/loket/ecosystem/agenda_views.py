"""Pages of the ecosystem: agenda."""

urlpatterns = []
