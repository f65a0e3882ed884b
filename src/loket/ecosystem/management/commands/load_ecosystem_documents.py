from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.ecosystem.content import DOCUMENTS, DocumentsError, load_documents

KINDS = ("sources", "organisations", "initiatives", "partners", "milestones")


class Command(LoketCommand):
    help = gettext_lazy(
        "Laad of werk de eerste inhoud van het ecosysteem bij uit de documenten (bronnen, organisaties, "
        "initiatieven, partners en mijlpalen). Alleen wat het bestand noemt wordt geschreven; wat gebruikers "
        "toevoegden blijft staan. Alles of niets: bij één fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(DOCUMENTS), help=gettext_lazy("JSON-bestand met de inhoud (standaard: het bestand van het loket)")
        )

    def handle(self, *args, **options):
        try:
            result = load_documents(path=options["file"])
        except DocumentsError as failure:
            for problem in failure.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("Laden geweigerd: %(count)s fouten; er is niets opgeslagen.") % {"count": len(failure.problems)}
            ) from None
        names = {
            "sources": _("bronnen"),
            "organisations": _("organisaties"),
            "initiatives": _("initiatieven"),
            "partners": _("partners"),
            "milestones": _("mijlpalen"),
        }
        for kind in KINDS:
            self.stdout.write(
                _("%(kind)s: %(created)s nieuw, %(updated)s bijgewerkt.")
                % {"kind": names[kind], "created": result["created"].get(kind, 0), "updated": result["updated"].get(kind, 0)}
            )
