import argparse
import time

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.monitor import services
from loket.monitor.models import SnapshotStatus
from loket.progress import ConsoleProgress


def days(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("geef een geheel aantal dagen, 0 of meer")) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("geef een geheel aantal dagen, 0 of meer"))
    return value


class Command(LoketCommand):
    help = gettext_lazy(
        "Neem een momentopname van alle KPI's met hun uitsplitsingen; de eerste is de 0-meting. "
        "Voor een geplande taak: --if-older-than 30 doet niets als er al een recente is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--label", default="", help=gettext_lazy("Omschrijving, bijvoorbeeld “Stand 1e kwartaal 2026”."))
        parser.add_argument(
            "--if-older-than",
            type=days,
            metavar=gettext_lazy("DAGEN"),
            help=gettext_lazy("Alleen als de laatste afgeronde momentopname ouder is dan zoveel dagen (anders niets doen)."),
        )

    def handle(self, *args, **options):
        if options["if_older_than"] is not None:
            recent = services.is_recent(options["if_older_than"])
            if recent:
                self.stdout.write(
                    _("Er is al een momentopname van %(moment)s (jonger dan %(days)s dagen); er is niets gedaan.")
                    % {"moment": f"{timezone.localtime(recent.taken_at):%Y-%m-%d %H:%M}", "days": options["if_older_than"]}
                )
                return
        started = time.perf_counter()
        try:
            snapshot = services.take_snapshot(options["label"], progress=ConsoleProgress())
        except services.SnapshotRefused as error:
            raise CommandError(str(error)) from None
        if snapshot.status != SnapshotStatus.DONE:
            raise CommandError(_("Momentopname %(id)s is mislukt: %(error)s") % {"id": snapshot.pk, "error": snapshot.error})
        values = snapshot.values.count()
        self.stdout.write(
            self.style.SUCCESS(
                _("Momentopname %(id)s klaar: %(kpis)s KPI's, %(values)s waarden, in %(seconds).1f s.")
                % {"id": snapshot.pk, "kpis": snapshot.steps_done, "values": values, "seconds": time.perf_counter() - started}
            )
        )
        if snapshot.is_baseline:
            self.stdout.write(_("Dit is de 0-meting: de eerste afgeronde momentopname."))
