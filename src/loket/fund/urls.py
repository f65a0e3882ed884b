"""The fund's pages: each views module lists its own paths, so the person, provider and coach pages
(views.py) and the fund administrator's pages (admin_views.py) grow independently."""

from . import admin_views, views

app_name = "fund"
urlpatterns = views.urlpatterns + admin_views.urlpatterns
