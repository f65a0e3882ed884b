from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.transitions import services


class Command(LoketCommand):
    help = gettext_lazy(
        "Kalibreer de drempels voor haalbare en goed haalbare overstappen op de huidige ESCO-release "
        "(uit de scores tussen beroepen in dezelfde ISCO-beroepsgroep) en bewaar ze."
    )

    def handle(self, *args, **options):
        calibration = services.calibrate()
        if calibration is None:
            raise CommandError(_("Er is nog geen ESCO-release geïmporteerd: importeer eerst met loket import-esco."))
        statistics = calibration.statistics
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Kalibratie voor %(release)s in %(seconds).1f s over %(occupations)s beroepen: haalbaar vanaf %(viable).3f, "
                    "goed haalbaar vanaf %(highly).3f (methode %(method)s). %(share).1f%% van alle paren is haalbaar."
                )
                % {
                    "release": calibration.release,
                    "seconds": calibration.seconds,
                    "occupations": statistics.get("occupations", 0),
                    "viable": calibration.viable,
                    "highly": calibration.highly_viable,
                    "method": statistics.get("method", ""),
                    "share": 100 * statistics.get("share_viable", 0),
                }
            )
        )
        for example in calibration.examples:
            self.stdout.write(
                f"  {example['origin']} ({example['origin_isco']}) → {example['destination']} ({example['destination_isco']}): "
                f"{example['score']:.3f} [{example['classification'] or '-'}]"
            )
