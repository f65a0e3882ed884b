"""The words the ecosystem is described in: kinds, life cycle, themes, programme lines, topsectors,
societal challenges and SDGs.

Each is a set of choices with a stable code (stored, exported, used in URLs) and a Dutch label
translated through gettext. Plain module: the registry, the map, the agenda, the volgsysteem and the
dashboard all read their labels from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Bedrijf")
    SCHOOL = "school", _("Onderwijsinstelling")
    GOVERNMENT = "government", _("Overheid")
    BRANCH = "branch", _("Branche-organisatie")
    OO_FUND = "oo_fund", _("O&O-fonds")
    KNOWLEDGE = "knowledge", _("Kennisinstelling")
    OTHER = "other", _("Overige organisatie")


class InitiativeKind(models.TextChoices):
    PPS = "pps", _("PPS / RIF-samenwerking")
    CAMPUS = "campus", _("Campus")
    FIELDLAB = "fieldlab", _("Fieldlab")
    SKILLSLAB = "skillslab", _("Skillslab")
    LIVING_LAB = "living_lab", _("Living lab")
    COE = "coe", _("Centre of Expertise (CoE)")
    CIV = "civ", _("Centrum voor Innovatief Vakmanschap (CIV)")
    TECHNOHUB = "technohub", _("Technohub")
    LEARNING_COMMUNITY = "learning_community", _("Learning community")
    DEVELOPMENT_COALITION = "ontwikkelcoalitie", _("Ontwikkelcoalitie")
    START_COALITION = "startcoalitie", _("Startcoalitie")
    PROGRAMME = "programme", _("Programma")
    NETWORK = "network", _("Netwerk")


# Kinds that are learning communities in the sense of the Roadmap Human Capital: "het concept learning
# community (inclusief Fieldlabs, Skillslabs, Living labs, CoE's en CIV's)"; the HTSM agenda adds technohubs.
LEARNING_COMMUNITY_KINDS = (
    InitiativeKind.LEARNING_COMMUNITY,
    InitiativeKind.FIELDLAB,
    InitiativeKind.SKILLSLAB,
    InitiativeKind.LIVING_LAB,
    InitiativeKind.COE,
    InitiativeKind.CIV,
    InitiativeKind.TECHNOHUB,
)
COALITION_KINDS = (InitiativeKind.START_COALITION, InitiativeKind.DEVELOPMENT_COALITION)


class Lifecycle(models.TextChoices):
    IDEA = "idea", _("Idee")
    STARTING = "starting", _("In opstart")
    RUNNING = "running", _("Loopt")
    DURABLE = "durable", _("Duurzaam verankerd")
    STOPPED = "stopped", _("Gestopt")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Aanjager")
    PARTNER = "partner", _("Partner")
    PARTICIPANT = "participant", _("Deelnemer")
    FUNDER = "funder", _("Financier")
    KNOWLEDGE = "knowledge", _("Kennispartner")


class Scheme(models.TextChoices):
    THEME = "theme", _("Thema")
    PROGRAMME_LINE = "programme_line", _("Programmalijn")
    TOPSECTOR = "topsector", _("Topsector")
    CHALLENGE = "challenge", _("Maatschappelijke uitdaging")
    SDG = "sdg", _("Duurzaam ontwikkelingsdoel (SDG)")


class Theme(models.TextChoices):
    """The manifest's strategic themes, one theme page each (manifest, Deel 3)."""

    INNOVATION = "innovation", _("Innovatie")
    INFLOW = "inflow", _("Instroom, doorstroom & techniekpromotie")
    LIFELONG_LEARNING = "lifelong_learning", _("Leven lang ontwikkelen & duurzame inzetbaarheid")
    WORK_TO_WORK = "work_to_work", _("Van werk naar werk")
    INCLUSION = "inclusion", _("Inclusiviteit")
    ECOSYSTEM = "ecosystem", _("Werkend ecosysteem & campusvorming")


class ProgrammeLine(models.TextChoices):
    """The programme lines of the Human Capital Agenda Klimaatopgave (manifest, "Onze doelstellingen")."""

    CHOOSING = "kiezen", _("Kiezen")
    LEARNING = "leren", _("Leren & Ontwikkelen")
    WORKING = "werken", _("Werken")
    INNOVATING = "innoveren", _("Innoveren")


class Topsector(models.TextChoices):
    AGRI_FOOD = "agri_food", _("Agri & Food")
    CHEMISTRY = "chemie", _("Chemie")
    CREATIVE = "creatieve_industrie", _("Creatieve Industrie")
    ENERGY = "energie", _("Energie")
    HTSM = "htsm", _("High Tech Systemen & Materialen (HTSM)")
    LIFE_SCIENCES = "lsh", _("Life Sciences & Health")
    LOGISTICS = "logistiek", _("Logistiek")
    HORTICULTURE = "tuinbouw", _("Tuinbouw & Uitgangsmaterialen")
    WATER_MARITIME = "water_maritiem", _("Water & Maritiem")


class Challenge(models.TextChoices):
    """The four societal challenges of the missions, and the key technologies (Roadmap HC, note 9)."""

    ENERGY_TRANSITION = "energietransitie", _("Energietransitie & Duurzaamheid")
    HEALTH = "gezondheid", _("Gezondheid & Zorg")
    AGRICULTURE = "landbouw", _("Landbouw, Water & Voedsel")
    SECURITY = "veiligheid", _("Veiligheid")
    KEY_TECHNOLOGIES = "sleuteltechnologieen", _("Sleuteltechnologieën")


class Sdg(models.TextChoices):
    NO_POVERTY = "1", _("1 Geen armoede")
    ZERO_HUNGER = "2", _("2 Geen honger")
    HEALTH = "3", _("3 Goede gezondheid en welzijn")
    EDUCATION = "4", _("4 Kwaliteitsonderwijs")
    GENDER = "5", _("5 Gendergelijkheid")
    WATER = "6", _("6 Schoon water en sanitair")
    ENERGY = "7", _("7 Betaalbare en duurzame energie")
    WORK = "8", _("8 Eerlijk werk en economische groei")
    INDUSTRY = "9", _("9 Industrie, innovatie en infrastructuur")
    INEQUALITY = "10", _("10 Ongelijkheid verminderen")
    CITIES = "11", _("11 Duurzame steden en gemeenschappen")
    CONSUMPTION = "12", _("12 Verantwoorde consumptie en productie")
    CLIMATE = "13", _("13 Klimaatactie")
    WATER_LIFE = "14", _("14 Leven in het water")
    LAND_LIFE = "15", _("15 Leven op het land")
    PEACE = "16", _("16 Vrede, justitie en sterke publieke diensten")
    PARTNERSHIPS = "17", _("17 Partnerschap om doelstellingen te bereiken")


SCHEME_CHOICES = {
    Scheme.THEME: Theme,
    Scheme.PROGRAMME_LINE: ProgrammeLine,
    Scheme.TOPSECTOR: Topsector,
    Scheme.CHALLENGE: Challenge,
    Scheme.SDG: Sdg,
}


def label(scheme, code):
    """The label of a code in a scheme, in the active language ("" for an unknown code)."""
    choices = SCHEME_CHOICES[Scheme(scheme)]
    try:
        return str(choices(code).label)
    except ValueError:
        return ""


def classification_codes():
    """Every (scheme, code) pair: the rows of the Classification table."""
    return [(scheme.value, code) for scheme, choices in SCHEME_CHOICES.items() for code in choices.values]
