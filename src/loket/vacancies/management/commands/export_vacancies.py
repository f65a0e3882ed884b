from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import Organisation
from loket.commands import LoketCommand
from loket.vacancies import jobposting, services
from loket.vacancies.models import Vacancy


class Command(LoketCommand):
    help = gettext_lazy("Exporteer vacatures als schema.org JobPosting JSON-LD (een ItemList) naar de standaarduitvoer of een bestand.")

    def add_arguments(self, parser):
        parser.add_argument("--employer", type=int, help=gettext_lazy("Alleen de vacatures van deze werkgever (id)"))
        parser.add_argument("--open", action="store_true", help=gettext_lazy("Alleen open vacatures"))
        parser.add_argument("--output", "-o", help=gettext_lazy("Schrijf naar dit bestand in plaats van de standaarduitvoer"))

    def handle(self, *args, **options):
        vacancies = Vacancy.objects.all()
        if options["employer"] is not None:
            if not Organisation.objects.filter(pk=options["employer"], kind=Organisation.Kind.EMPLOYER).exists():
                raise CommandError(_("Er is geen werkgever met id %(id)s.") % {"id": options["employer"]})
            vacancies = vacancies.filter(employer_id=options["employer"])
        if options["open"]:
            vacancies = vacancies.open()
        text = jobposting.dumps(services.export_jobpostings(vacancies.order_by("pk")))
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            except OSError as error:
                raise CommandError(_("Kan %(file)s niet schrijven: %(error)s") % {"file": options["output"], "error": error}) from None
            self.stderr.write(_("%(count)s vacatures geschreven naar %(file)s.") % {"count": vacancies.count(), "file": options["output"]})
        else:
            self.stdout.write(text)
