from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.fund import services


class Command(LoketCommand):
    help = gettext_lazy("Laat vouchers van het ontwikkelfonds die over hun datum zijn verlopen; hun waarde gaat terug naar het budget.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help=gettext_lazy("Datum als JJJJ-MM-DD (standaard: vandaag)."))

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options.get("today") else None
        except ValueError:
            raise CommandError(_("Ongeldige datum: gebruik JJJJ-MM-DD.")) from None
        count = services.expire_vouchers(today)
        self.stdout.write(self.style.SUCCESS(_("%(count)s voucher(s) verlopen.") % {"count": count}))
