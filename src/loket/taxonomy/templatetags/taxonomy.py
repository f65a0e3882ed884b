from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

@register.simple_tag
def concept_label(concept, link=True):
    """The label in the page's language; a label that had to fall back to
    another language is marked as such (and with lang= for screen readers)."""
    text, language = concept.label_in()
    current = (get_language() or "nl")[:2]
    if language and language != current:
        names = {"en": _("Engels"), "nl": _("Nederlands")}
        label = format_html(
            '<span lang="{}">{}</span> <span class="loket-other-language">({})</span>', language, text, names.get(language, language)
        )
    else:
        label = format_html("{}", text)
    if link:
        return format_html('<a class="utrecht-link" href="{}">{}</a>', reverse("taxonomy:concept", args=[concept.pk]), label)
    return label
