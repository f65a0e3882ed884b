from django.http import HttpResponse


def search(request):  # placeholder until the catalogue lands
    return HttpResponse("")


def provider_home(request):  # placeholder
    return HttpResponse("")
