from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.accounts.models import Membership, Organisation, User
from loket.accounts.roles import Role
from loket.taxonomy.models import Occupation, OccupationLevel, Release

DEMO_PASSWORD = "loket-demo-2026"
DEMO_ORGANISATIONS = [
    ("KLM Engineering & Maintenance", Organisation.Kind.EMPLOYER, "Haarlemmermeer"),
    ("ROC Nova College", Organisation.Kind.PROVIDER, "Haarlem"),
    ("ServicePunt Techniek Noord-Holland", Organisation.Kind.GOVERNMENT, "Haarlem"),
    ("Regionaal Ontwikkelfonds Noord-Holland", Organisation.Kind.FUND, "Haarlem"),
    ("Provincie Noord-Holland", Organisation.Kind.GOVERNMENT, "Haarlem"),
]
DEMO_USERS = [
    (Role.PERSON, "inwoner@demo.loket.nl", "Sanne de Vries", None),
    (Role.EMPLOYER, "werkgever@demo.loket.nl", "Martijn Bakker", "KLM Engineering & Maintenance"),
    (Role.PROVIDER, "opleider@demo.loket.nl", "Fatima el Amrani", "ROC Nova College"),
    (Role.COACH, "coach@demo.loket.nl", "Peter Jansen", "ServicePunt Techniek Noord-Holland"),
    (Role.FUND_ADMIN, "fonds@demo.loket.nl", "Anouk Visser", "Regionaal Ontwikkelfonds Noord-Holland"),
    (Role.ANALYST, "analist@demo.loket.nl", "Koen Smit", "Provincie Noord-Holland"),
    (Role.ADMIN, "beheer@demo.loket.nl", "Lotte Mulder", None),
]
# Usual NLQF levels (our own addition beside ESCO) for a few demo occupations.
DEMO_LEVELS = {
    "aircraft maintenance technician": (4, "MBO 4 Vliegtuigonderhoudstechnicus, met EASA Part-66 B1"),
    "electrician": (3, "MBO 3 Eerste monteur elektrotechnische installaties"),
    "software developer": (4, "MBO 4 Software developer; ook HBO"),
    "welder": (2, "MBO 2 Lasser"),
}


class Command(LoketCommand):
    help = gettext_lazy(
        "Vul het loket met demogegevens: de voorbeeldtaxonomie (of LOKET_ESCO_PATH) en één demo-account per rol. "
        "Veilig om opnieuw te draaien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help=gettext_lazy("Ook zonder DEBUG (nooit op productie: bekende wachtwoorden)")
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _("Demo-accounts hebben een bekend wachtwoord; draai dit alleen met DEBUG=1 (of --force op een testomgeving).")
            )
        if not Release.objects.exists():
            call_command("import_esco", stdout=self.stdout, stderr=self.stderr)
        else:
            self.stdout.write(_("Skills-taal al aanwezig: %(release)s") % {"release": Release.objects.first()})
        with transaction.atomic():
            self.load_people()
            self.load_levels()
        self.print_logins()

    def load_people(self):
        organisations = {}
        for name, kind, municipality in DEMO_ORGANISATIONS:
            organisations[name], _created = Organisation.objects.get_or_create(
                name=name, kind=kind, defaults={"municipality": municipality}
            )
        for role, email, name, organisation in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, full_name=name, password=DEMO_PASSWORD)
            user.grant_role(role)
            if organisation:
                Membership.objects.get_or_create(
                    user=user, organisation=organisations[organisation], defaults={"is_manager": True}
                )

    def load_levels(self):
        for occupation in Occupation.objects.filter(labels__language="en", labels__kind="preferred", labels__text__in=DEMO_LEVELS):
            nlqf, note = DEMO_LEVELS[occupation.label("en")]
            OccupationLevel.objects.get_or_create(occupation=occupation, defaults={"nlqf": nlqf, "note": note})

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Demo-accounts (wachtwoord voor allemaal: %(password)s)") % {"password": DEMO_PASSWORD}))
        for role, email, _name, _organisation in DEMO_USERS:
            self.stdout.write(f"  {str(role.label):<16} {email}")
