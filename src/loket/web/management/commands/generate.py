import argparse

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.generator import services
from loket.generator.bulk import ProtectedRows
from loket.progress import ConsoleProgress


def count(text):
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("%(value)s is geen aantal; geef een heel getal van 0 of meer.") % {"value": text})
    return value


def isco_groups(text):
    groups = [group.strip() for group in text.split(",") if group.strip()]
    if not all(group.isdigit() and len(group) <= 4 for group in groups):
        raise argparse.ArgumentTypeError(
            _("%(value)s is geen lijst van ISCO-codes; geef bijvoorbeeld 3113,7411,7126.") % {"value": text}
        )
    return groups


class Command(LoketCommand):
    help = gettext_lazy(
        "Maak een synthetische maar plausibele Noord-Hollandse bevolking op de geladen skills-taal: personen met "
        "een skillspaspoort, werkgevers en open vacatures, en een opleidingsaanbod. Voegt toe aan wat er al is; "
        "--clear haalt alleen de synthetische gegevens weg."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=count, default=0, metavar="N", help=gettext_lazy("Aantal personen met een paspoort"))
        parser.add_argument("--vacancies", type=count, default=0, metavar="M", help=gettext_lazy("Aantal open vacatures"))
        parser.add_argument(
            "--history", type=count, default=0, metavar="H", help=gettext_lazy("Aantal vervulde of gesloten vacatures uit de afgelopen twee jaar")
        )
        parser.add_argument(
            "--offerings",
            type=count,
            metavar="K",
            help=gettext_lazy(
                "Aantal aanbiedingen van opleidingen (met hun opleiders en opleidingen); zonder deze optie "
                "naar verhouding van --persons (1,5 miljoen personen: 20.000)"
            ),
        )
        parser.add_argument("--seed", type=count, metavar="S", help=gettext_lazy("Startwaarde: dezelfde waarde geeft dezelfde bevolking"))
        parser.add_argument(
            "--clear", action="store_true", help=gettext_lazy("Verwijder eerst de synthetische personen, werkgevers, vacatures, opleiders en opleidingen")
        )
        parser.add_argument(
            "--force", action="store_true", help=gettext_lazy("--clear ook zonder DEBUG (nooit op productie)")
        )
        parser.add_argument(
            "--climate-isco",
            type=isco_groups,
            metavar="CODES",
            help=gettext_lazy("ISCO-groepen waarvan vacatures altijd klimaattransitiewerk zijn (komma's ertussen)"),
        )

    def handle(self, *args, **options):
        persons, vacancies, history = options["persons"], options["vacancies"], options["history"]
        offerings = options["offerings"]
        if offerings is None:
            offerings = services.default_offerings(persons)
        if not (persons or vacancies or history or offerings or options["clear"]):
            raise CommandError(
                _("Geef --persons, --vacancies en/of --offerings op, of --clear om de synthetische gegevens te verwijderen.")
            )
        if options["clear"] and not (settings.DEBUG or options["force"]):
            raise CommandError(
                _("--clear verwijdert alle accounts op @%(domain)s zonder verdere vraag; draai het alleen met DEBUG=1 (of --force op een testomgeving).")
                % {"domain": services.SYNTHETIC_EMAIL_DOMAIN}
            )
        if options["clear"]:
            self.clear()
        if not (persons or vacancies or history or offerings):
            return
        try:
            result = services.generate(
                persons=persons,
                vacancies=vacancies,
                history=history,
                seed=options["seed"],
                climate_groups=options["climate_isco"],
                offerings=offerings,
                progress=ConsoleProgress(),
            )
        except services.NoTaxonomy:
            raise CommandError(
                _("Er is geen skills-taal met beroepen geladen; draai eerst loket import-esco. Er is niets gemaakt.")
            ) from None
        except services.NoGeography:
            raise CommandError(_("Er zijn geen gemeenten geladen; draai eerst loket migrate. Er is niets gemaakt.")) from None
        rows, seconds = result.total_rows, result.seconds
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(persons)s personen en %(vacancies)s vacatures bij %(employers)s werkgevers gemaakt: "
                    "%(rows)s rijen in %(seconds).1f s (%(rate)s rijen/s). Seed: %(seed)s."
                )
                % {
                    "persons": result.persons,
                    "vacancies": result.vacancies,
                    "employers": result.employers,
                    "rows": rows,
                    "seconds": seconds,
                    "rate": int(rows / seconds) if seconds else rows,
                    "seed": result.seed,
                }
            )
        )
        if result.offerings:
            self.stdout.write(
                _("Opleidingsaanbod: %(offerings)s aanbiedingen van %(courses)s opleidingen, %(providers)s nieuwe opleiders.")
                % {"offerings": result.offerings, "courses": result.courses, "providers": result.providers}
            )
        for label, number in sorted(result.rows.items()):
            self.stdout.write(f"  {label:<32} {number:>12}")

    def clear(self):
        try:
            counts = services.clear()
        except ProtectedRows as error:
            raise CommandError(
                _(
                    "De synthetische gegevens zijn niet verwijderd: %(count)s rijen van %(model)s verwijzen er nog naar "
                    "(bijvoorbeeld een plaatsing). Er is niets verwijderd."
                )
                % {"count": error.count, "model": error.model._meta.verbose_name_plural}
            ) from None
        self.stdout.write(
            _(
                "Synthetische gegevens verwijderd: %(persons)s personen, %(organisations)s werkgevers en opleiders, "
                "%(vacancies)s vacatures, %(courses)s opleidingen met %(offerings)s aanbiedingen."
            )
            % {
                "persons": counts.get("accounts.User", 0),
                "organisations": counts.get("accounts.Organisation", 0),
                "vacancies": counts.get("vacancies.Vacancy", 0),
                "courses": counts.get("catalog.Course", 0),
                "offerings": counts.get("catalog.Offering", 0),
            }
        )
