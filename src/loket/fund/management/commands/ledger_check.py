from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.fund import services


def describe(code, params):
    messages = {
        "orphan_entry": _("Boeking op rekening %(account)s hoort bij een onbekende overboeking %(transfer)s."),
        "unbalanced_transfer": _("Overboeking %(transfer)s is niet in balans (som %(sum)s cent)."),
        "entries_differ_from_transfer": _("De boekingen van overboeking %(transfer)s wijken af van de overboeking."),
        "non_positive_amount": _("Overboeking %(transfer)s heeft geen positief bedrag."),
        "untraceable_payout": _("Betaling %(transfer)s is niet te herleiden: ontbreekt %(missing)s."),
        "hold_overdrawn": _("Op reservering %(transfer)s is %(settled)s cent afgehandeld, meer dan de %(held)s cent gereserveerd."),
        "hold_settled_differs": _("Reservering %(transfer)s noteert %(recorded)s cent afgehandeld, de afhandelingen tellen op tot %(settled)s cent."),
        "negative_balance": _("Rekening %(account)s (%(kind)s) staat onder nul: %(balance)s cent."),
        "cached_balance_differs": _("Het bewaarde saldo van rekening %(account)s (%(cached)s cent) wijkt af van de boekingen (%(derived)s cent)."),
        "budget_does_not_add_up": _(
            "Budget %(budget)s klopt niet: gestort %(granted)s cent, maar beschikbaar + gereserveerd + besteed is %(accounted)s cent."
        ),
    }
    return messages[code] % params


class Command(LoketCommand):
    help = gettext_lazy(
        "Controleer het grootboek van het ontwikkelfonds: alle overboekingen in balans, geen rekening onder nul, "
        "elke betaling herleidbaar en elk budget sluitend."
    )

    def handle(self, *args, **options):
        violations = services.check_ledger()
        if not violations:
            self.stdout.write(self.style.SUCCESS(_("Het grootboek is in balans.")))
            return
        for code, params in violations:
            self.stdout.write(describe(code, params))
        raise CommandError(_("%(count)s overtreding(en) gevonden.") % {"count": len(violations)}, returncode=1)
