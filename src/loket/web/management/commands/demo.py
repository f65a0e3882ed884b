import datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.commands import LoketCommand
from loket.accounts.models import Membership, Organisation, User
from loket.accounts.roles import Role
from loket.generator import services as generator
from loket.generator.profiles import isco_unit_group, occupation_level
from loket.geography.models import Municipality, Region
from loket.passport.models import Consent, Education, Evidence, Proficiency, Section, SkillSource, WorkExperience
from loket.passport.services import active_consent, add_skills, grant_consent, passport_for
from loket.taxonomy.models import Occupation, OccupationLevel, OccupationSkill, Relation, Release
from loket.vacancies.models import Importance, OutflowAnnouncement, Vacancy, VacancyKind, VacancySkill

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

# Sanne's passport: an aircraft maintenance technician at Schiphol who wants to move on.
DEMO_PERSON = "inwoner@demo.loket.nl"
DEMO_EMPLOYER = "KLM Engineering & Maintenance"
DEMO_COACHES = "ServicePunt Techniek Noord-Holland"
DEMO_PERSON_SKILLS = 12
DEMO_PERSON_OCCUPATION = "aircraft maintenance technician"
# (external id, kind, ESCO occupation, title, hours, days open, climate transition)
DEMO_VACANCIES = [
    ("demo-klm-b1", VacancyKind.JOB, "aircraft maintenance technician", "Vliegtuigonderhoudstechnicus B1", (36, 40), 12, False),
    ("demo-klm-stage", VacancyKind.INTERNSHIP, "aircraft engine specialist", "Stage specialist vliegtuigmotoren", (32, 40), 20, False),
    ("demo-klm-bbl", VacancyKind.BBL, "mechatronics engineering technician", "BBL-plaats mechatronicus hangaarsystemen", (24, 32), 30, False),
    ("demo-klm-open-hiring", VacancyKind.OPEN_HIRING, "welder", "Lasser in de motorenwerkplaats", (32, 40), 5, False),
    ("demo-klm-elektro", VacancyKind.JOB, "electrician", "Elektromonteur verduurzaming hangaars (zonnepanelen en laadpalen)", (36, 40), 9, True),
]
DEMO_OUTFLOW_PEOPLE = 40
# The synthetic population beside the demo accounts: small enough to keep `demo` quick.
DEMO_POPULATION = {"persons": 300, "vacancies": 150, "seed": 2026}


def occupation_by_label(label):
    return Occupation.objects.filter(labels__language="en", labels__kind="preferred", labels__text=label).first()


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
            self.load_passport()
            self.load_vacancies()
        self.load_population()
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

    def load_passport(self):
        """Sanne's passport: a dozen skills of her occupation, her work at Schiphol, MBO 4, and a coach."""
        occupation = occupation_by_label(DEMO_PERSON_OCCUPATION)
        if occupation is None:
            self.stdout.write(_("Geen demo-paspoort: het beroep %(occupation)s ontbreekt in de skills-taal.") % {"occupation": DEMO_PERSON_OCCUPATION})
            return
        passport = passport_for(User.objects.get(email=DEMO_PERSON))
        haarlemmermeer = Municipality.objects.filter(code="GM0394").first()
        if passport.home_municipality_id is None:
            passport.headline = "Vliegtuigonderhoudstechnicus B1 met acht jaar ervaring op Schiphol"
            passport.home_municipality = haarlemmermeer
            passport.max_travel_km = 25
            passport.hours_min, passport.hours_max = 32, 40
            passport.findable = True
            passport.open_to_work_to_work = True
            passport.save()
        skill_ids = list(
            OccupationSkill.objects.filter(occupation=occupation, relation=Relation.ESSENTIAL, skill__status="released")
            .order_by("skill_id")
            .values_list("skill_id", flat=True)[:DEMO_PERSON_SKILLS]
        )
        diploma_on = datetime.date(2017, 7, 1)
        add_skills(
            passport, skill_ids[:4], source=SkillSource.OCCUPATION, evidence=Evidence.DIPLOMA, evidence_date=diploma_on,
            evidence_note="MBO 4 Vliegtuigonderhoudstechnicus", proficiency=Proficiency.PROFICIENT,
        )
        add_skills(
            passport, skill_ids[4:], source=SkillSource.OCCUPATION, evidence=Evidence.WORK_EXPERIENCE,
            evidence_date=datetime.date(2025, 9, 1), proficiency=Proficiency.PROFICIENT,
        )
        WorkExperience.objects.get_or_create(
            passport=passport,
            occupation=occupation,
            defaults={"employer_name": "Schiphol Aircraft Services", "sector": "H", "started_on": datetime.date(2018, 3, 1)},
        )
        Education.objects.get_or_create(
            passport=passport,
            title="MBO 4 Vliegtuigonderhoudstechnicus (EASA Part-66 B1)",
            defaults={"institution": "ROC van Amsterdam, MBO College Airport", "nlqf_level": 4, "completed_on": diploma_on},
        )
        coaches = Organisation.objects.get(name=DEMO_COACHES)
        if active_consent(passport, coaches, Consent.Purpose.COACHING) is None:
            grant_consent(passport, organisation=coaches, purpose=Consent.Purpose.COACHING, sections=Section.values)

    def load_vacancies(self):
        """Five places at KLM Engineering & Maintenance, one of each kind, and an announced outflow."""
        employer = Organisation.objects.get(name=DEMO_EMPLOYER, kind=Organisation.Kind.EMPLOYER)
        author = User.objects.get(email="werkgever@demo.loket.nl")
        schiphol = Municipality.objects.filter(code="GM0394").first()
        today = timezone.localdate()
        for external_id, kind, label, title, (hours_min, hours_max), days_open, climate in DEMO_VACANCIES:
            occupation = occupation_by_label(label)
            if occupation is None or schiphol is None or Vacancy.objects.filter(employer=employer, external_id=external_id).exists():
                continue
            level = getattr(OccupationLevel.objects.filter(occupation=occupation).first(), "nlqf", None)
            if level is None:
                level = occupation_level(isco_unit_group(getattr(occupation.isco_group, "code", ""), occupation.code))
            vacancy = Vacancy.objects.create(
                employer=employer, title=title, kind=kind, occupation=occupation,
                nlqf_level=None if kind == VacancyKind.OPEN_HIRING else level,
                hours_min=hours_min, hours_max=hours_max, municipality=schiphol, sector="H",
                climate_transition=climate, opened_on=today - datetime.timedelta(days=days_open),
                external_id=external_id, created_by=author,
                description=f"{employer.name} zoekt op Schiphol: {title.lower()}.",
            )
            links = OccupationSkill.objects.filter(occupation=occupation, skill__status="released").order_by("relation", "skill_id")
            essential = [link.skill_id for link in links if link.relation == Relation.ESSENTIAL]
            optional = [link.skill_id for link in links if link.relation == Relation.OPTIONAL and link.skill_id not in essential]
            if kind == VacancyKind.OPEN_HIRING:
                essential, optional = essential[:3], []
            VacancySkill.objects.bulk_create(
                [VacancySkill(vacancy=vacancy, skill_id=s, importance=Importance.ESSENTIAL) for s in dict.fromkeys(essential)]
                + [VacancySkill(vacancy=vacancy, skill_id=s, importance=Importance.OPTIONAL) for s in dict.fromkeys(optional[:4])]
            )
        occupation = occupation_by_label(DEMO_PERSON_OCCUPATION)
        region = Region.objects.filter(code="AM18").first()
        if occupation is not None and region is not None:
            OutflowAnnouncement.objects.get_or_create(
                employer=employer,
                occupation=occupation,
                defaults={
                    "people": DEMO_OUTFLOW_PEOPLE,
                    "expected_on": today + datetime.timedelta(days=120),
                    "region": region,
                    "note": "Het lijnonderhoud van een vlootdeel verhuist; wij zoeken werk voor onze monteurs in de regio.",
                    "created_by": author,
                },
            )

    def load_population(self):
        if generator.synthetic_people().exists():
            self.stdout.write(_("Synthetische bevolking al aanwezig."))
            return
        result = generator.generate(**DEMO_POPULATION)
        self.stdout.write(
            _("Synthetische bevolking gemaakt: %(persons)s personen en %(vacancies)s vacatures.")
            % {"persons": result.persons, "vacancies": result.vacancies}
        )

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Demo-accounts (wachtwoord voor allemaal: %(password)s)") % {"password": DEMO_PASSWORD}))
        for role, email, _name, _organisation in DEMO_USERS:
            self.stdout.write(f"  {str(role.label):<16} {email}")
