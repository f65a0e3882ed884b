"""Pages of the ecosystem: the offline map."""

from django.shortcuts import render
from django.urls import path


def ecosystem_map(request):
    return render(request, "ecosystem/map.html", {})


urlpatterns = [path("kaart/", ecosystem_map, name="map")]
