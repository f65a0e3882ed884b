from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.taxonomy.models import ConceptKind
from loket.taxonomy.services.lookup import search


class Command(LoketCommand):
    help = gettext_lazy("Zoek beroepen en vaardigheden in de skills-taal.")

    def add_arguments(self, parser):
        parser.add_argument("query", help=gettext_lazy("Zoekterm"))
        parser.add_argument("--kind", choices=["occupation", "skill"], help=gettext_lazy("Alleen beroepen of vaardigheden"))
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, **options):
        kinds = [options["kind"]] if options["kind"] else [ConceptKind.OCCUPATION, ConceptKind.SKILL]
        results = search(options["query"], kinds=kinds, limit=options["limit"])
        if not results:
            self.stdout.write(_("Niets gevonden."))
        for hit, concept in results:
            self.stdout.write(f"{hit.score:5.2f}  {concept.get_kind_display():<12} {concept.label():<50} ({hit.matched})")
