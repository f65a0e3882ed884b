from django.urls import path

from . import views

app_name = "transitions"
urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("paspoort/naar/<int:destination>/", views.passport_transition, name="passport_transition"),
    path("<int:origin>/naar/<int:destination>/", views.transition, name="transition"),
]
