import datetime
import random

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
from loket.catalog.models import NLQF_OF_LEVEL, Course, CourseLevel, CourseSkill, Offering, Provider
from loket.ecosystem import demo as ecosystem_demo
from loket.fund import demo as fund_demo
from loket.monitor import services as monitor
from loket.generator import services as generator
from loket.generator.profiles import isco_unit_group, occupation_level
from loket.geography.models import Municipality, Region
from loket.passport.models import Consent, Education, Evidence, Proficiency, Section, SkillSource, WorkExperience
from loket.passport.services import active_consent, add_skills, grant_consent, passport_for
from loket.taxonomy.models import ConceptKind, Label, Occupation, OccupationLevel, OccupationSkill, Relation, Release
from loket.taxonomy.sectors import Sector
from loket.vacancies.models import Importance, OutflowAnnouncement, Placement, PreviousSituation, Vacancy, VacancyKind, VacancySkill

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
    (Role.FUND_ADMIN, "fonds2@demo.loket.nl", "Ruben Hoekstra", "Regionaal Ontwikkelfonds Noord-Holland"),
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

# The demo catalogue: a few providers around Sanne, courses that teach the
# skills she lacks for wind, solar and electrical work, with real choices
# (price, hours, modality, place) — and two skills nobody teaches here
# ("ensure compliance with noise standards", "install concentrated solar power
# systems"), so the route planner and the shortage signal have something to say.
# (name, kind, municipality code, recognitions, description)
DEMO_PROVIDERS = [
    ("ROC Nova College", "roc", "GM0392", ["ocw", "nlqf"], "Mbo in Zuid-Kennemerland en IJmond, met maatwerk voor werkenden in techniek en energie."),
    ("ROC Kop van Noord-Holland", "roc", "GM0400", ["ocw", "nlqf"], "Mbo in Den Helder en Schagen: maritiem, offshore en energie."),
    ("Techport", "campus", "GM0396", ["nlqf"], "Techniekcampus in de IJmond: praktijkmodules met bedrijven uit de regio."),
    ("Hogeschool Inholland", "hogeschool", "GM0392", ["ocw", "nvao"], "Hogeschool met een associate degree en leergangen in de energietransitie."),
    ("Energietransitie Academie Noord-Holland", "private", "GM0361", ["nrto", "crkbo"], "Particuliere opleider voor installateurs zon, wind en warmte."),
    ("VeiligWerk Trainingen", "private", "GM0453", ["cedeo", "crkbo"], "Veiligheidstrainingen: BHV, werken op hoogte, VCA."),
]
DEMO_RECOGNISED_BY = {"roc": "Ministerie van OCW", "hogeschool": "Ministerie van OCW, NVAO", "campus": "NCP NLQF"}
# (provider, code, title nl, title en, level, hours, ISCED-F, register code, skills by English label,
#  runs as (days ahead, modality, municipality code, price in euros))
DEMO_COURSES = [
    ("ROC Nova College", "NOVA-WIND-BASIS", "Basiskennis windenergie", "Wind energy fundamentals", "mbo4", 40, "0713", "",
     ["wind energy", "types of wind turbines", "renewable energy", "electric generators"],
     [(21, "on_site", "GM0392", 650), (70, "hybrid", "GM0392", 650), (130, "online", None, 590)]),
    ("ROC Nova College", "NOVA-WIND-ONDERHOUD", "Onderhoud van windturbines", "Wind turbine maintenance", "mbo4", 120, "0713", "",
     ["maintain wind turbines", "inspect wind turbines", "test wind turbine blades", "ensure equipment maintenance",
      "maintain records of maintenance interventions"],
     [(35, "on_site", "GM0453", 1850), (120, "on_site", "GM0392", 1850)]),
    ("ROC Nova College", "NOVA-ELEKTRO", "Elektrotechniek voor technici", "Electrical engineering for technicians", "mbo3", 80, "0713", "",
     ["electricity", "electronics", "electrical discharge", "electrical power safety regulations"],
     [(14, "hybrid", "GM0392", 980), (60, "online", None, 880), (150, "on_site", "GM0375", 980)]),
    ("ROC Nova College", "NOVA-NEN3140", "Veilig werken aan elektrische installaties (NEN 3140)", "Working safely on electrical installations (NEN 3140)", "mbo3", 16, "1022", "",
     ["electrical power safety regulations", "respond to electrical power contingencies", "apply health and safety standards"],
     [(10, "on_site", "GM0392", 395), (45, "on_site", "GM0375", 395), (90, "on_site", "GM0394", 395)]),
    ("ROC Nova College", "NOVA-METEN", "Sensoren, metingen en testdata", "Sensors, measurements and test data", "mbo4", 60, "0714", "",
     ["maintain sensor equipment", "test sensors", "analyse test data", "use measurement instruments"],
     [(28, "hybrid", "GM0392", 890), (100, "online", None, 790)]),
    ("ROC Nova College", "NOVA-STORING", "Storingen zoeken en verhelpen", "Troubleshooting equipment", "mbo3", 40, "0713", "",
     ["resolve equipment malfunctions", "arrange equipment repairs", "use remote control equipment", "maintain electronic equipment"],
     [(18, "on_site", "GM0392", 720), (84, "hybrid", "GM0453", 720)]),
    ("ROC Nova College", "NOVA-EMEI-BBL", "Mbo 3 Eerste monteur elektrotechnische installaties (BBL)", "MBO level 3 electrical installation fitter (work-based)", "mbo3", 3200, "0713", "25562",
     ["install electricity sockets", "install electric switches", "electrical wiring plans", "test electrical equipment",
      "inspect electrical supplies", "splice cable", "bind wire", "maintain electrical equipment"],
     [("term", "on_site", "GM0392", 2820)]),
    ("ROC Nova College", "NOVA-GEBOUW", "Gebouwbeheersystemen en bliksembeveiliging", "Building management systems and lightning protection", "mbo4", 40, "0713", "",
     ["building systems monitoring technology", "install lightning protection system"],
     [(42, "hybrid", "GM0392", 880)]),
    ("ROC Nova College", "NOVA-PRECISIE", "Meten en testen met precisiegereedschap", "Measuring and testing with precision tools", "mbo3", 32, "0713", "",
     ["use precision tools", "use measurement instruments", "electrical testing methods", "test electrical equipment"],
     [(25, "on_site", "GM0375", 560), (95, "on_site", "GM0392", 560)]),
    ("ROC Kop van Noord-Holland", "KOP-GWO-BST", "GWO Basic Safety Training", "GWO Basic Safety Training", "mbo3", 40, "1022", "",
     ["follow safety procedures when working at heights", "provide first aid", "manage emergency procedures"],
     [(12, "on_site", "GM0400", 1450), (40, "on_site", "GM0400", 1450), (75, "on_site", "GM0400", 1450), (140, "on_site", "GM0441", 1450)]),
    ("ROC Kop van Noord-Holland", "KOP-GWO-SEA", "GWO Sea Survival", "GWO Sea Survival", "mbo3", 24, "1041", "",
     ["survive at sea in the event of ship abandonment", "prevent marine pollution", "maritime meteorology"],
     [(20, "on_site", "GM0400", 1150), (85, "on_site", "GM0400", 1150)]),
    ("ROC Kop van Noord-Holland", "KOP-OFFSHORE", "Offshore windtechniek", "Offshore wind technology", "mbo4", 160, "0713", "",
     ["offshore renewable energy technologies", "install offshore renewable energy systems", "inspect offshore constructions",
      "offshore constructions and facilities", "marine energy", "wind energy"],
     [(45, "on_site", "GM0400", 2950), (160, "hybrid", "GM0400", 2750)]),
    ("ROC Kop van Noord-Holland", "KOP-MARITIEM", "Maritieme techniek voor de energiesector", "Marine engineering for the energy sector", "mbo4", 120, "0716", "",
     ["marine engineering", "marine technology", "maintain hydraulic systems", "mechanics"],
     [(60, "on_site", "GM0400", 1750)]),
    ("ROC Kop van Noord-Holland", "KOP-GETIJ", "Getijden- en golfenergie inspecteren", "Inspecting tidal and wave energy", "mbo4", 32, "0713", "",
     ["inspect tidal stream generators", "inspect wave energy converters", "marine energy"],
     [(90, "hybrid", "GM0400", 690)]),
    ("Techport", "TP-WIND-PRAKTIJK", "Praktijkmodule windturbine-installatie", "Hands-on module: installing wind turbines", "mbo4", 80, "0713", "",
     ["install onshore wind energy systems", "maintain wind turbines", "follow safety procedures when working at heights",
      "use remote control equipment"],
     [(30, "on_site", "GM0396", 2400), (110, "on_site", "GM0396", 2400)]),
    ("Techport", "TP-GENERATOR", "Generatoren bewaken en onderhouden", "Monitoring and maintaining generators", "mbo4", 40, "0713", "",
     ["monitor electric generators", "electric generators", "maintain electrical equipment", "ensure equipment maintenance"],
     [(25, "on_site", "GM0396", 1100), (95, "hybrid", "GM0375", 1100)]),
    ("Techport", "TP-HYDRAULIEK", "Hydrauliek in de praktijk", "Hydraulics in practice", "mbo3", 24, "0715", "",
     ["maintain hydraulic systems", "mechanics"],
     [(50, "on_site", "GM0396", 620)]),
    ("Techport", "TP-ZON-PRAKTIJK", "Praktijkdag zonnepanelen monteren", "Hands-on day: mounting solar panels", "mbo2", 8, "0713", "",
     ["mount photovoltaic panels", "install photovoltaic systems", "work ergonomically", "follow safety procedures when working at heights"],
     [(18, "on_site", "GM0396", 495), (46, "on_site", "GM0375", 495), (81, "on_site", "GM0396", 495)]),
    ("Hogeschool Inholland", "INH-AD-ENERGIE", "Associate degree Engineering, energietransitie", "Associate degree Engineering, energy transition", "ad", 3360, "0713", "80153",
     ["renewable energy", "alternative energy", "solar energy", "wind energy", "electricity", "analyse test data"],
     [("term", "on_site", "GM0361", 5200)]),
    ("Hogeschool Inholland", "INH-DUURZAAM", "Leergang duurzame energiesystemen", "Programme: sustainable energy systems", "bachelor", 84, "0713", "",
     ["renewable energy", "alternative energy", "solar products", "photovoltaic systems"],
     [(40, "hybrid", "GM0392", 2250), (120, "online", None, 1990)]),
    ("Hogeschool Inholland", "INH-DATA", "Data verzamelen en analyseren voor technici", "Collecting and analysing data for technicians", "bachelor", 28, "0714", "",
     ["gather data", "analyse test data"],
     [(20, "online", None, 750), (75, "online", None, 750), (150, "hybrid", "GM0361", 790)]),
    ("Energietransitie Academie Noord-Holland", "ETA-PV", "Installateur zonnestroom (pv)", "Solar PV installer", "mbo3", 60, "0713", "",
     ["install photovoltaic systems", "mount photovoltaic panels", "photovoltaic systems", "solar energy", "install circuit breakers",
      "test procedures in electricity transmission"],
     [(14, "on_site", "GM0361", 1495), (49, "on_site", "GM0394", 1495), (105, "hybrid", "GM0361", 1395)]),
    ("Energietransitie Academie Noord-Holland", "ETA-ZON-ONLINE", "Zonne-energie en alternatieve energie (online)", "Solar and alternative energy (online)", "mbo3", 20, "0713", "",
     ["solar energy", "alternative energy", "solar products", "renewable energy"],
     [(10, "online", None, 345), (40, "online", None, 345), (70, "online", None, 345), (100, "online", None, 345)]),
    ("Energietransitie Academie Noord-Holland", "ETA-ZONTHERMISCH", "Zonthermische systemen", "Solar thermal systems", "mbo3", 24, "0713", "",
     ["operate solar thermal energy systems for hot water and heating", "check compatibility of materials"],
     [(60, "on_site", "GM0361", 595)]),
    ("Energietransitie Academie Noord-Holland", "ETA-TEKENINGEN", "Tekeningen lezen: 2D, 3D en bedradingsschema's", "Reading drawings: 2D, 3D and wiring diagrams", "mbo3", 24, "0732", "",
     ["interpret 2D plans", "interpret 3D plans", "electrical wiring plans"],
     [(15, "online", None, 450), (90, "hybrid", "GM0361", 495)]),
    ("Energietransitie Academie Noord-Holland", "ETA-REGELS", "Wet- en regelgeving voor installateurs", "Laws and regulations for installers", "mbo3", 8, "0732", "",
     ["comply with legal regulations", "keep records of work progress"],
     [(21, "online", None, 295), (80, "online", None, 295)]),
    ("VeiligWerk Trainingen", "VW-VCA", "Veilig werken op de bouwplaats (VCA)", "Safety on the construction site (VCA)", "mbo2", 16, "1022", "",
     ["follow health and safety procedures in construction", "use safety equipment in construction", "work in a construction team",
      "transport construction supplies", "inspect construction supplies"],
     [(9, "on_site", "GM0453", 325), (30, "on_site", "GM0394", 325), (58, "on_site", "GM0479", 325), (90, "on_site", "GM0453", 325)]),
    ("VeiligWerk Trainingen", "VW-BHV", "BHV en eerste hulp", "Emergency response and first aid", "mbo2", 16, "1022", "",
     ["provide first aid", "manage emergency procedures"],
     [(8, "on_site", "GM0453", 285), (36, "on_site", "GM0394", 285), (64, "on_site", "GM0453", 285)]),
    ("VeiligWerk Trainingen", "VW-HOOGTE", "Werken op hoogte", "Working at heights", "mbo2", 8, "1022", "",
     ["follow safety procedures when working at heights", "apply health and safety standards"],
     [(12, "on_site", "GM0453", 245), (55, "on_site", "GM0394", 245)]),
    ("VeiligWerk Trainingen", "VW-TIJDSDRUK", "Handelen onder tijdsdruk", "Acting under time pressure", "mbo3", 8, "1022", "",
     ["react to events in time-critical environments"],
     [(33, "online", None, 260)]),
]  # fmt: skip
DEMO_COURSE_LEVELS = {"mbo2": CourseLevel.MBO2, "mbo3": CourseLevel.MBO3, "mbo4": CourseLevel.MBO4, "ad": CourseLevel.ASSOCIATE, "bachelor": CourseLevel.BACHELOR}
# The synthetic population beside the demo accounts: small enough to keep `demo` quick.
DEMO_POPULATION = {"persons": 300, "vacancies": 150, "seed": 2026}
# Placements in the synthetic vacancies, for the dashboard (load_placements).
DEMO_PLACEMENTS = 60
DEMO_COACH = "coach@demo.loket.nl"


def next_term(today):
    """The next 1 September or 1 February at least two weeks ahead: when full programmes start."""
    for year in (today.year, today.year + 1):
        for month in (2, 9):
            start = datetime.date(year, month, 1)
            if start >= today + datetime.timedelta(days=14):
                return start
    return datetime.date(today.year + 1, 9, 1)


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
            self.load_catalogue()
        with transaction.atomic():
            fund_demo.load(self.stdout, DEMO_PASSWORD)
        with transaction.atomic():
            ecosystem_demo.load_demo({user.email: user for user in User.objects.filter(email__in=[email for _r, email, _n, _o in DEMO_USERS])})
        self.load_population()
        with transaction.atomic():
            self.load_placements()
        if settings.LOKET_BOUNDARIES_PATH:
            call_command("import_boundaries", *settings.LOKET_BOUNDARIES_PATH.split(":"), stdout=self.stdout, stderr=self.stderr)
        self.load_baseline()
        self.print_logins()

    def load_placements(self):
        """Placements of synthetic people in the synthetic employers' vacancies, so the dashboard's work-to-work,
        side-entry and learning-work KPIs have something to count: people from other work (some from KLM's announced
        outflow), job seekers and students, started between the vacancy's opening and today. Written as the generator
        writes its rows (synthetic people gave no consent to link them), recorded by the demo coach; the vacancies
        keep their places open. Once; seeded, so every demo is alike. ``loket generate --clear`` removes them."""
        people = list(generator.synthetic_people().order_by("pk")[:DEMO_PLACEMENTS])
        if not people or Placement.objects.filter(person__in=people).exists():
            return
        coach = User.objects.get(email=DEMO_COACH)
        rng = random.Random(DEMO_POPULATION["seed"])
        today = timezone.localdate()
        vacancies = list(
            Vacancy.objects.filter(employer__in=generator.synthetic_employers(), closed_on__isnull=True, filled_on__isnull=True).order_by("pk")
        )
        occupations = list(Occupation.objects.order_by("pk").values_list("pk", flat=True))
        outflow = OutflowAnnouncement.objects.filter(employer__name=DEMO_EMPLOYER, closed_on__isnull=True).first()
        situations = [PreviousSituation.EMPLOYED] * 6 + [PreviousSituation.JOB_SEEKER] * 3 + [PreviousSituation.STUDENT]
        placements = []
        for person, vacancy in zip(people, rng.sample(vacancies, min(len(people), len(vacancies)))):
            situation = rng.choice(situations)
            employed = situation == PreviousSituation.EMPLOYED
            from_outflow = employed and outflow is not None and rng.random() < 0.3
            placements.append(
                Placement(
                    vacancy=vacancy,
                    person=person,
                    previous_situation=situation,
                    previous_occupation_id=(outflow.occupation_id if from_outflow else rng.choice(occupations)) if employed else None,
                    previous_sector=("H" if from_outflow else rng.choice(Sector.values)) if employed else "",
                    started_on=vacancy.opened_on + datetime.timedelta(days=rng.randint(0, max(0, (today - vacancy.opened_on).days))),
                    outflow=outflow if from_outflow else None,
                    recorded_by=coach,
                )
            )
        Placement.objects.bulk_create(placements)

    def load_baseline(self):
        """The dashboard's 0-meting: the demo's first snapshot; later runs leave the history as it is."""
        if monitor.baseline() is None:
            snapshot = monitor.take_snapshot(label=_("0-meting (demo)"))
            self.stdout.write(_("0-meting genomen: %(snapshot)s") % {"snapshot": snapshot})

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

    def load_catalogue(self):
        """Six providers and about thirty courses around Sanne's move to wind, solar and electrical work; once."""
        municipalities = dict(Municipality.objects.values_list("code", "id"))
        names = dict(Municipality.objects.values_list("code", "name"))
        providers = {}
        for name, kind, place, recognitions, description in DEMO_PROVIDERS:
            organisation, _created = Organisation.objects.get_or_create(
                name=name, kind=Organisation.Kind.PROVIDER, defaults={"municipality": names.get(place, "")}
            )
            providers[name], _created = Provider.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "kind": kind, "recognitions": recognitions, "municipality_id": municipalities.get(place),
                    "description": description, "approved": True,
                },
            )
        labels = {label for course in DEMO_COURSES for label in course[8]}
        skills = dict(
            Label.objects.filter(
                concept__kind=ConceptKind.SKILL, concept__status="released", language="en", kind=Label.Kind.PREFERRED, text__in=labels
            ).values_list("text", "concept_id")
        )
        today = timezone.localdate()
        made = 0
        for provider_name, code, title_nl, title_en, level_key, hours, isced, register, skill_labels, runs in DEMO_COURSES:
            taught = [skills[label] for label in skill_labels if label in skills]
            provider = providers[provider_name]
            if not taught or Course.objects.filter(provider=provider, code=code).exists():
                continue
            level = DEMO_COURSE_LEVELS[level_key]
            nlqf = NLQF_OF_LEVEL[level]
            full = hours >= 1000
            recognised_by = DEMO_RECOGNISED_BY.get(provider.kind) or ", ".join(
                {"nrto": "NRTO-keurmerk", "cedeo": "CEDEO"}[r] for r in provider.recognitions if r in ("nrto", "cedeo")
            )
            funds = ["development_account"] + (["llo_credit"] if full else ["sector_fund"]) + ["employer"]
            course = Course.objects.create(
                provider=provider, code=code, title_nl=title_nl, title_en=title_en,
                description_nl=self.describe(taught, "nl"),
                description_en=self.describe(taught, "en"),
                level=level, nlqf_level=nlqf, study_hours=hours, isced_f=isced,
                crebo=register if full and nlqf <= 4 else "", croho=register if full and nlqf > 4 else "",
                recognised=True, recognised_by=recognised_by, funds=funds,
            )
            CourseSkill.objects.bulk_create([CourseSkill(course=course, skill_id=skill) for skill in dict.fromkeys(taught)])
            for index, (ahead, modality, place, euros) in enumerate(runs):
                start = next_term(today) if ahead == "term" else today + datetime.timedelta(days=ahead)
                if full:
                    end = start + datetime.timedelta(days=round(hours / 1600 * 365) - 60)
                else:
                    per_week = {"online": 6, "hybrid": 8, "on_site": 12}[modality]
                    end = start + datetime.timedelta(days=0 if hours <= 8 else -(-hours // per_week) * 7 - 3)
                Offering.objects.create(
                    course=course, code=f"{code}-{index + 1}", start_date=start, end_date=end,
                    enrol_start=start - datetime.timedelta(days=90), enrol_end=start - datetime.timedelta(days=3),
                    price_cents=euros * 100, modality=modality,
                    municipality_id=municipalities.get(place) if place else None,
                    location="Online" if place is None else f"{provider_name}, {names.get(place, '')}",
                    seats=16 if not full else 40,
                )
            made += 1
        if made:
            self.stdout.write(_("Demo-opleidingsaanbod gemaakt: %(courses)s opleidingen.") % {"courses": made})

    @staticmethod
    def describe(skill_ids, language):
        names = dict(
            Label.objects.filter(concept_id__in=skill_ids, kind=Label.Kind.PREFERRED, language=language).values_list("concept_id", "text")
        )
        listed = [names[s] for s in skill_ids if s in names]
        if language == "nl":
            return "Je leert: " + "; ".join(listed) + "." if listed else ""
        return "You learn: " + "; ".join(listed) + "." if listed else ""

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
