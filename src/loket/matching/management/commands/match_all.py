from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.matching import batch, runs
from loket.matching.models import MatchRun
from loket.progress import ConsoleProgress


class Command(LoketCommand):
    help = gettext_lazy(
        "Match iedereen met alle open vacatures (de nachtelijke batch, op Dask) en bewaar per persoon de beste vacatures. "
        "Zonder LOKET_DASK_SCHEDULER op een lokaal cluster."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, help=gettext_lazy("Aantal workers van het lokale cluster (standaard: het aantal processorkernen)")
        )
        parser.add_argument(
            "--limit", type=int, default=batch.DEFAULT_LIMIT, help=gettext_lazy("Aantal vacatures per persoon (standaard 20)")
        )
        parser.add_argument(
            "--scheduler",
            default=None,
            help=gettext_lazy("Adres van een Dask-scheduler, bijv. tcp://host:8786 (standaard LOKET_DASK_SCHEDULER)"),
        )

    def handle(self, *args, **options):
        scheduler = settings.LOKET_DASK_SCHEDULER if options["scheduler"] is None else options["scheduler"]
        try:
            run = runs.create_run(workers=options["workers"], limit=options["limit"], scheduler=scheduler)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("Matchrun %(id)s: op %(where)s.")
            % {"id": run.pk, "where": run.scheduler or _("een lokaal cluster met %(workers)s workers") % {"workers": run.workers}}
        )
        runs.execute(run, progress=ConsoleProgress())
        if run.status != MatchRun.Status.DONE:
            raise CommandError(_("Matchrun %(id)s is mislukt. %(error)s") % {"id": run.pk, "error": run.error})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Matchrun %(id)s klaar in %(seconds)s s (gegevens lezen %(index_seconds)s s) met %(workers)s workers: "
                    "%(persons)s personen tegen %(vacancies)s open vacatures. %(good)s personen hebben een match van 0,5 of meer; "
                    "%(top)s vacatures staan in iemands top %(limit)s. Resultaat: %(file)s"
                )
                % {
                    "id": run.pk,
                    "seconds": run.seconds,
                    "index_seconds": run.index_seconds,
                    "workers": run.workers,
                    "persons": run.persons,
                    "vacancies": run.vacancies,
                    "good": run.people_with_good_match,
                    "top": run.vacancies_in_top,
                    "limit": run.limit,
                    "file": runs.results_dir() / run.result_file,
                }
            )
        )
