from django.urls import path

from . import views

app_name = "transitions"
urlpatterns = [
    path("", views.explorer, name="explorer"),
]
