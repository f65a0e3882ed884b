from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.search, name="search"),
    path("concept/<int:pk>/", views.concept, name="concept"),
    path("herkennen/", views.extract, name="extract"),
]
