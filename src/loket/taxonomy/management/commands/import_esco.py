from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.progress import ConsoleProgress
from loket.taxonomy.services.esco_csv import EscoFormatError
from loket.taxonomy.services.importer import import_release
from loket.taxonomy.services.sample import SAMPLE_PATHS, SAMPLE_VERSION


class Command(LoketCommand):
    help = gettext_lazy(
        "Importeer een officiële ESCO-release (CSV): mappen of zip-bestanden, één per taal. "
        "Zonder pad: LOKET_ESCO_PATH, anders de kleine voorbeeldtaxonomie."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help=gettext_lazy("Map of zip per taal, bijv. esco/v1.2.0/en esco/v1.2.0/nl")
        )
        parser.add_argument("--esco-version", help=gettext_lazy("ESCO-versie, als die niet uit de padnaam blijkt"))
        parser.add_argument("--sample", action="store_true", help=gettext_lazy("Importeer de voorbeeldtaxonomie"))

    def handle(self, *args, **options):
        paths, version = options["paths"], options["esco_version"]
        if not paths and settings.LOKET_ESCO_PATH and not options["sample"]:
            paths = settings.LOKET_ESCO_PATH.split(":")
        elif not paths:
            paths, version = SAMPLE_PATHS, version or SAMPLE_VERSION
        try:
            release = import_release(paths, version=version, progress=ConsoleProgress())
        except EscoFormatError as error:
            raise CommandError(_("Import afgebroken, er is niets gewijzigd. %(error)s") % {"error": error}) from None
        counts = release.counts
        self.stdout.write(
            self.style.SUCCESS(
                _("ESCO %(version)s geïmporteerd (%(languages)s) in %(seconds)s s: %(occupations)s beroepen, %(skills)s vaardigheden.")
                % {
                    "version": release.version,
                    "languages": ", ".join(release.languages),
                    "seconds": release.seconds,
                    "occupations": counts["concepts"].get("occupation", 0),
                    "skills": counts["concepts"].get("skill", 0),
                }
            )
        )
        if counts.get("ignored_files"):
            self.stdout.write(_("Niet gebruikt: %(files)s") % {"files": ", ".join(counts["ignored_files"])})
