from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import Concept, ConceptKind
from .services import lookup
from .services.queries import concept_details

KIND_FILTERS = {
    "": (ConceptKind.OCCUPATION, ConceptKind.SKILL),
    "beroepen": (ConceptKind.OCCUPATION,),
    "vaardigheden": (ConceptKind.SKILL,),
}
MAX_QUERY = 200
MAX_TEXT = 20000


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    kind = request.GET.get("soort", "")
    kinds = KIND_FILTERS.get(kind, KIND_FILTERS[""])
    results = lookup.search(query, kinds=kinds, limit=25) if query else []
    context = {"query": query, "kind": kind, "results": results}
    if request.headers.get("HX-Request"):
        return render(request, "taxonomy/_results.html", context)
    return render(request, "taxonomy/search.html", context)


def concept(request, pk):
    item = get_object_or_404(lookup.with_labels(Concept.objects.all()), pk=pk)
    context = concept_details(item)
    template = {
        ConceptKind.OCCUPATION: "taxonomy/occupation.html",
        ConceptKind.SKILL: "taxonomy/skill.html",
    }.get(item.kind, "taxonomy/group.html")
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def extract(request):
    text = request.POST.get("text", "") if request.method == "POST" else ""
    error, results, segments = None, [], []
    if request.method == "POST":
        if not text.strip():
            error = _("Plak eerst een tekst, bijvoorbeeld een vacature of een cv.")
        elif len(text) > MAX_TEXT:
            error = _("De tekst is te lang: maximaal %(max)s tekens.") % {"max": MAX_TEXT}
        else:
            results = lookup.extract_skills(text)
            segments = highlight(text, [match for match, _concept in results])
    status = 400 if error else 200
    return render(request, "taxonomy/extract.html", {"text": text, "error": error, "results": results, "segments": segments}, status=status)


def highlight(text, matches):
    """Split the text into (piece, is_match) for marking in the page."""
    segments, position = [], 0
    for match in sorted(matches, key=lambda m: m.start):
        if match.start < position:
            continue
        segments.append((text[position : match.start], False))
        segments.append((text[match.start : match.end], True))
        position = match.end
    segments.append((text[position:], False))
    return segments
