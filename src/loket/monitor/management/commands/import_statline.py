from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.monitor import statistics_services, statline
from loket.progress import ConsoleProgress


def _codes(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Command(LoketCommand):
    help = gettext_lazy(
        "Lees een CBS StatLine-tabel in als context voor het dashboard: via de OData-API van CBS, of uit een gedownload "
        "bestand (map of zip met de OData-bestanden, 'CSV (alle data)', of een CSV-export van StatLine). Alles of niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("table", metavar="TABEL", help=gettext_lazy("Het tabelnummer bij CBS, bijvoorbeeld 85494NED of 80472ned"))
        parser.add_argument(
            "--file", metavar="PAD",
            help=gettext_lazy(
                "Een gedownload bestand in plaats van de API: een map of zip met TypedDataSet.json, DataProperties.json en de "
                "codelijsten, of met Observations.csv en MeasureCodes.csv ('CSV (alle data)'), of een CSV-export van StatLine"
            ),
        )  # fmt: skip
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--regions", metavar="CODES",
            help=gettext_lazy(
                "Regiocodes zoals CBS ze geeft, met komma's: AM12,AM15,NL01,PV27,GM0363. "
                "Standaard: de arbeidsmarktregio's van het loket (AM12, AM15, AM17, AM18, AM37)"
            ),
        )  # fmt: skip
        where.add_argument("--all", action="store_true", help=gettext_lazy("Alle regio's van de tabel"))
        parser.add_argument(
            "--measures", metavar="ONDERWERPEN",
            help=gettext_lazy("Alleen deze onderwerpen (codes zoals OpenstaandeVacatures_1 of M001234, of titels), met komma's. Standaard: alle"),
        )  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Alleen controleren en tonen wat er zou veranderen"))

    def handle(self, *args, **options):
        identifier = options["table"]
        try:
            statline.check_identifier(identifier)
            selection = statline.Selection(regions=self.regions(options), measures=tuple(_codes(options["measures"])))
            if options["file"]:
                parsed = statline.read_file(options["file"], identifier, selection, known=statistics_services.known_labels(identifier))
            else:
                progress = ConsoleProgress()
                progress.start(_("Tabel %(table)s downloaden van CBS") % {"table": identifier}, total=None, unit=_("rijen"))
                try:
                    parsed = statline.download(settings.LOKET_CBS_ODATA_URL, identifier, selection, progress=progress)
                finally:
                    progress.finish()
            summary = statistics_services.save_table(parsed, dry_run=options["dry_run"], requested_regions=selection.regions)
        except statline.DownloadFailed as failure:
            raise CommandError(str(failure)) from None
        except statline.StatLineError as error:
            raise CommandError(_("Import afgebroken, er is niets gewijzigd. %(error)s") % {"error": error}) from None
        self.report(summary)

    def regions(self, options):
        if options["all"]:
            return None
        codes = [code.upper() for code in _codes(options["regions"])] or statistics_services.default_regions()
        if not codes:
            return None  # a loket without regions of its own has nothing to narrow the table to
        wrong = [code for code in codes if not statline.REGION_CODE.match(code)]
        if wrong:
            raise statline.StatLineError(
                _("%(codes)s is geen regiocode zoals CBS die geeft (AM15, GM0363, PV27, NL01).") % {"codes": ", ".join(wrong)}
            )
        return frozenset(codes)

    def report(self, summary):
        if summary.dry_run:
            self.stdout.write(_("Proefdraai: er is niets opgeslagen. Zo zou de import uitpakken:"))
        values = {
            "table": summary.identifier, "title": summary.title, "source": statline.FORMATS.get(summary.format, summary.format),
            "created": summary.created, "updated": summary.updated,
        }  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                _("Tabel %(table)s (%(title)s) ingelezen uit %(source)s: %(created)s waarnemingen nieuw, %(updated)s bijgewerkt.") % values
            )
        )
        if summary.periods:
            self.stdout.write(
                _("Perioden: %(first)s tot en met %(last)s (%(count)s).")
                % {"first": summary.periods[0], "last": summary.periods[-1], "count": len(summary.periods)}
            )
        self.stdout.write(_("Regio's: %(regions)s.") % {"regions": ", ".join(summary.regions) or _("geen (de tabel is niet naar regio ingedeeld)")})
        self.stdout.write(_("Onderwerpen: %(measures)s.") % {"measures": ", ".join(summary.measures)})
        if summary.regions_missing:
            self.stdout.write(
                self.style.WARNING(
                    _("Let op: de tabel heeft geen cijfers voor %(regions)s.") % {"regions": ", ".join(summary.regions_missing)}
                )
            )
        self.stdout.write(_("Bron: CBS, StatLine, tabel %(table)s (licentie CC BY 4.0).") % {"table": summary.identifier})
