import json
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.taxonomy.services.lookup import extract_skills


class Command(LoketCommand):
    help = gettext_lazy("Herken ESCO-vaardigheden in vrije tekst (cv of vacature, Nederlands of Engels).")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=gettext_lazy("Tekstbestand; zonder bestand: standaardinvoer"))
        parser.add_argument("--min-confidence", type=float, default=0.5, help=gettext_lazy("Ondergrens voor zekerheid (0–1)"))
        parser.add_argument("--json", action="store_true", help=gettext_lazy("Uitvoer als JSON"))

    def handle(self, *args, **options):
        if options["file"]:
            try:
                with open(options["file"], encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(_("Kan %(file)s niet lezen: %(error)s") % {"file": options["file"], "error": error}) from None
        else:
            text = sys.stdin.read()
        if not text.strip():
            raise CommandError(_("Geen tekst gekregen."))
        results = extract_skills(text, min_confidence=options["min_confidence"])
        if options["json"]:
            payload = [
                {
                    "uri": concept.uri,
                    "label": concept.label(),
                    "start": match.start,
                    "end": match.end,
                    "text": match.text,
                    "confidence": match.confidence,
                }
                for match, concept in results
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not results:
            self.stdout.write(_("Geen vaardigheden herkend."))
        for match, concept in results:
            self.stdout.write(f"{match.confidence:.2f}  {concept.label():<50}  «{match.text}»  {concept.uri}")
