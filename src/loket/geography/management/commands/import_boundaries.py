from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.geography import boundaries
from loket.geography.download import DownloadFailed, download_division
from loket.geography.models import Boundary
from loket.geography.services import ImportRefused, import_years
from loket.progress import ConsoleProgress


def _listed(rows):
    return ", ".join(f"{row[1]} ({row[0]})" for row in rows)


class Command(LoketCommand):
    help = gettext_lazy(
        "Importeer de echte grenzen van gemeenten en arbeidsmarktregio's (CBS-gebiedsindelingen) voor een jaar: "
        "van PDOK, of uit GeoJSON-bestanden. Nieuwe gemeenten worden aangemaakt, verdwenen gemeenten gesloten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*",
            help=gettext_lazy(
                "GeoJSON met gemeenten en GeoJSON met arbeidsmarktregio's (WGS84, met statcode en statnaam), in elke volgorde, "
                "of een map met gemeente_<jaar>.geojson en arbeidsmarktregio_<jaar>.geojson. Zonder bestanden: download van PDOK."
            ),
        )
        parser.add_argument(
            "--year", type=int,
            help=gettext_lazy("Het jaar van de gebiedsindeling. Standaard: dit jaar bij downloaden, het jaar in de bestanden anders."),
        )
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Alleen controleren en tonen wat er zou veranderen"))
        parser.add_argument(
            "--force", action="store_true",
            help=gettext_lazy("Ook importeren als meer dan de helft van de gemeenten van dat jaar zou verdwijnen zonder opvolger"),
        )

    def handle(self, *args, **options):
        progress = ConsoleProgress()
        year = options["year"]
        if year is not None and not 1900 <= year <= 2200:
            raise CommandError(_("%(year)s is geen jaar van een gebiedsindeling.") % {"year": year})
        try:
            if options["paths"]:
                divisions, source = self.read(options["paths"], year, progress), Boundary.Source.FILE
            else:
                divisions, source = self.download(year or timezone.now().year, progress), Boundary.Source.PDOK
            summaries = import_years(divisions, source, progress=progress, force=options["force"], dry_run=options["dry_run"])
        except boundaries.BoundaryFileError as error:
            raise CommandError(_("Import afgebroken, er is niets gewijzigd. %(error)s") % {"error": error}) from None
        except (DownloadFailed, ImportRefused) as error:
            raise CommandError(str(error)) from None
        for summary in summaries:
            self.report(summary)

    def read(self, paths, year, progress):
        files = boundaries.files_in(paths)
        progress.start(_("Bestanden lezen"), total=len(files), unit=_("bestanden"))
        divisions = []
        for path in files:
            divisions.append((boundaries.read_file(path), path))
            progress.advance()
        progress.finish()
        return boundaries.divisions_by_year(divisions, year)

    def download(self, year, progress):
        divisions = {}
        progress.start(_("Grenzen downloaden van PDOK"), total=None, unit=_("gebieden"))
        levels = [download_division(settings.LOKET_PDOK_URL, level, year, progress) for level in (boundaries.MUNICIPALITY, boundaries.REGION)]
        progress.finish()
        divisions[year] = tuple(levels)
        return divisions

    def report(self, summary):
        if summary.dry_run:
            self.stdout.write(_("Proefdraai: er is niets opgeslagen. Zo zou de import uitpakken:"))
            line = _("Grenzen van %(year)s gecontroleerd (bron: %(source)s): %(regions)s arbeidsmarktregio's, %(municipalities)s gemeenten.")
        else:
            line = _("Grenzen van %(year)s geïmporteerd (bron: %(source)s): %(regions)s arbeidsmarktregio's, %(municipalities)s gemeenten.")
        values = {
            "year": summary.year, "source": Boundary.Source(summary.source).label,
            "regions": summary.regions, "municipalities": summary.municipalities,
        }
        self.stdout.write(self.style.SUCCESS(line % values))
        if summary.created:
            self.stdout.write(_("Nieuwe gemeenten vanaf %(year)s: %(names)s") % {"year": summary.year, "names": _listed(summary.created)})
        if summary.closed:
            self.stdout.write(
                _("Gesloten (bestaan tot en met %(year)s): %(names)s") % {"year": summary.year - 1, "names": _listed(summary.closed)}
            )
        for code, name, old, new in summary.moved:
            self.stdout.write(_("%(name)s (%(code)s) hoort nu bij %(new)s, niet meer bij %(old)s.") % {"name": name, "code": code, "new": new, "old": old})
        for code, name, region, province in summary.other_province:
            self.stdout.write(
                _("Overgeslagen: %(name)s (%(code)s) ligt in arbeidsmarktregio %(region)s, maar in de provincie %(province)s.")
                % {"name": name, "code": code, "region": region, "province": province}
            )
        if summary.elsewhere_known:
            self.stdout.write(
                _("Let op: het midden van %(names)s ligt buiten de regio's van Noord-Holland; hun regio is niet veranderd.")
                % {"names": _listed(summary.elsewhere_known)}
            )
