from django.http import HttpResponse


def planner(request):  # placeholder until the route planner lands
    return HttpResponse("")


def shortages(request):  # placeholder
    return HttpResponse("")
