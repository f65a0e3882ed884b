import sys

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import Organisation
from loket.commands import LoketCommand
from loket.vacancies import services


class DryRun(Exception):
    pass


class Command(LoketCommand):
    help = gettext_lazy(
        "Importeer vacatures uit schema.org JobPosting JSON-LD (één, een lijst, een ItemList of een @graph) "
        "bij een werkgever. Alles of niets: bij één fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("JSON-LD-bestand; - leest de standaardinvoer"))
        parser.add_argument("--employer", type=int, required=True, help=gettext_lazy("Id van de werkgever (organisatie)"))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Alleen controleren, niets opslaan"))

    def handle(self, *args, **options):
        employer = Organisation.objects.filter(pk=options["employer"], kind=Organisation.Kind.EMPLOYER).first()
        if employer is None:
            raise CommandError(_("Er is geen werkgever met id %(id)s.") % {"id": options["employer"]})
        try:
            if options["file"] == "-":
                text = sys.stdin.buffer.read()
            else:
                with open(options["file"], "rb") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(_("Kan %(file)s niet lezen: %(error)s") % {"file": options["file"], "error": error}) from None
        try:
            with transaction.atomic():
                result = services.import_jobpostings(employer, text, user=None)
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write(
                _("Controle geslaagd: %(count)s vacatures zijn in orde; er is niets opgeslagen.") % {"count": len(result.vacancies)}
            )
            return
        except services.ImportFailed as failure:
            for error in failure.errors:
                place = _("vacature %(number)s") % {"number": error.index + 1} if error.index is not None else _("bestand")
                self.stderr.write(f"{place}, {error.path}: {error.message}")
            raise CommandError(
                _("Import geweigerd: %(count)s fouten; er is niets opgeslagen.") % {"count": len(failure.errors)}
            ) from None
        self.stdout.write(
            _("%(total)s vacatures geïmporteerd bij %(employer)s: %(created)s nieuw, %(updated)s bijgewerkt.")
            % {"total": len(result.vacancies), "employer": employer.name, "created": len(result.created), "updated": len(result.updated)}
        )
