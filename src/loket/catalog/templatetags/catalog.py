from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents):
    """Cents as a price in the page's number format: 150000 -> '€ 1.500,00' in Dutch."""
    if cents is None:
        return ""
    return f"€ {number_format(cents / 100, decimal_pos=2, use_l10n=True, force_grouping=True)}"
