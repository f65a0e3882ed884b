from django.http import HttpResponse


def explorer(request):  # placeholder until the explorer lands
    return HttpResponse("")
