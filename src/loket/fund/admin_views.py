"""The development fund's pages for fund administrators."""

urlpatterns = []
