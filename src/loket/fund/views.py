"""The development fund's pages for persons, providers and coaches."""

urlpatterns = []
