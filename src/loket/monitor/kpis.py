"""The KPIs of the dashboard, each defined once: name and explanation (Dutch, translated through gettext), unit, theme
of the manifest, breakdowns, target with its year, direction and source, whether it counts people, and its collector.

Plain: importing this module touches no database. A KPI's collector lives in ``collect`` and is imported when a
snapshot calls it; its ``fingerprint`` is a hash of the collector's source and of every function and constant of the
loket it uses (formulas included), so a changed formula is noticed (``services.check_versions``). Change the meaning
of a KPI only with a new ``version``.
"""

import hashlib
import importlib
import inspect
import sysconfig
import types
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from loket.ecosystem.vocabulary import Theme

UNITS = ("count", "share", "days", "euro", "score")
DIRECTIONS = ("at_most", "at_least", None)

DIMENSIONS = {
    "region": _("Arbeidsmarktregio"),
    "municipality": _("Gemeente"),
    "sector": _("Sector"),
    "climate": _("Klimaattransitie"),
    "theme": _("Thema"),
    "vacancy_kind": _("Soort vacature"),
    "target_group": _("Doelgroep"),
    "budget": _("Budget"),
}

MANIFEST = _("Manifest Werken en ontwikkelen 2030 Noord-Holland (maart 2021)")
TECHNIEKPACT = _("Techniekpact Noordvleugel (mei 2013)")
ROADMAP = _("Roadmap Human Capital Topsectoren 2020–2023 “Samen aan de slag”")
HTSM_AGENDA = _("Human Capital Actieagenda voor de topsector HTSM (juni 2020)")


class Collector:
    """A KPI's collector by name in ``loket.monitor.collect``, imported when first called (that module uses the ORM)."""

    def __init__(self, name):
        self.name = name

    def resolve(self):
        return getattr(importlib.import_module("loket.monitor.collect"), self.name)

    def __call__(self, day):
        return self.resolve()(day)

    def __repr__(self):
        return f"collect.{self.name}"


@dataclass(frozen=True)
class Kpi:
    code: str
    version: int
    name: str
    explanation: str
    unit: str
    theme: str
    breakdowns: tuple
    target: float | None
    target_year: int | None
    target_direction: str | None
    target_source: str
    counts_persons: bool
    collect: object

    @property
    def theme_label(self):
        return Theme(self.theme).label

    def breakdown_labels(self):
        return [(code, DIMENSIONS[code]) for code in self.breakdowns]


VACANCY_PLACES = ("region", "municipality", "sector", "climate", "vacancy_kind")
PLACES = ("region", "municipality")

KPI_LIST = [
    # --- Van werk naar werk --------------------------------------------------------------------------------------
    Kpi(
        code="tech_vacancies_open_long",
        version=1,
        name=_("Technische vacatures langer dan 3 maanden open"),
        explanation=_(
            "Open vacatures voor technisch werk die op de dag van de meting al langer dan drie maanden openstaan. "
            "Technisch werk: ISCO-groepen 21, 31, 71, 72, 74, 81 en 82 (ingenieurs, technici, bouw-, metaal- en "
            "elektrovakmensen, operators). Het manifest wil dat er in 2030 geen enkele zo lang openstaat."
        ),
        unit="count",
        theme=Theme.WORK_TO_WORK,
        breakdowns=VACANCY_PLACES,
        target=0,
        target_year=2030,
        target_direction="at_most",
        target_source=_("Manifest Werken en ontwikkelen 2030, Van werk naar werk, Hoofddoelen 2030: “In 2030 staan "
                        "technische en technologische functies niet langer dan 3 maanden open.”"),
        counts_persons=False,
        collect=Collector("tech_vacancies_open_long"),
    ),
    Kpi(
        code="tech_vacancies_open_long_share",
        version=1,
        name=_("Aandeel technische vacatures langer dan 3 maanden open"),
        explanation=_(
            "Van de open technische vacatures het deel dat al langer dan drie maanden openstaat. Het doel van het "
            "manifest: in 2030 geen enkele."
        ),
        unit="share",
        theme=Theme.WORK_TO_WORK,
        breakdowns=VACANCY_PLACES,
        target=0,
        target_year=2030,
        target_direction="at_most",
        target_source=_("Manifest Werken en ontwikkelen 2030, Van werk naar werk, Hoofddoelen 2030: “In 2030 staan "
                        "technische en technologische functies niet langer dan 3 maanden open.”"),
        counts_persons=False,
        collect=Collector("tech_vacancies_open_long_share"),
    ),
    Kpi(
        code="tech_time_to_fill",
        version=1,
        name=_("Doorlooptijd technische vacatures (mediaan)"),
        explanation=_(
            "Het midden (mediaan) van het aantal dagen tussen openen en vervullen, over de technische vacatures die "
            "in de twaalf maanden tot de meting zijn vervuld. Ter vergelijking: drie maanden is ongeveer 91 dagen."
        ),
        unit="days",
        theme=Theme.WORK_TO_WORK,
        breakdowns=VACANCY_PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("tech_time_to_fill"),
    ),
    Kpi(
        code="energy_w2w_share",
        version=1,
        name=_("Vacatures bij energiegerelateerde werkgevers vervuld via werk-naar-werk"),
        explanation=_(
            "Van de plaatsingen in de twaalf maanden tot de meting in vacatures bij energiegerelateerde werkgevers "
            "(sector Energievoorziening of werk voor de klimaattransitie) het deel dat werk-naar-werk was: iemand "
            "kwam uit werk, uit een ander beroep (andere ISCO-subhoofdgroep) of een andere sector. Elke plaatsing "
            "telt als één vervulde plek."
        ),
        unit="share",
        theme=Theme.WORK_TO_WORK,
        breakdowns=("region", "municipality", "sector", "climate", "vacancy_kind"),
        target=0.75,
        target_year=2030,
        target_direction="at_least",
        target_source=_("Manifest Werken en ontwikkelen 2030, startcoalitie 2 (intersectoraal werk-naar-werk), beoogd "
                        "resultaat: “>75% invullen van vacatures bij energie gerelateerde werkgevers”; jaar: de horizon "
                        "van het manifest."),
        counts_persons=True,
        collect=Collector("energy_w2w_share"),
    ),
    Kpi(
        code="w2w_placements",
        version=1,
        name=_("Werk-naar-werkplaatsingen"),
        explanation=_(
            "Plaatsingen tot en met de dag van de meting van mensen die uit werk kwamen en overstapten naar een ander "
            "beroep (andere ISCO-subhoofdgroep) of een andere sector."
        ),
        unit="count",
        theme=Theme.WORK_TO_WORK,
        breakdowns=("region", "municipality", "sector", "climate", "vacancy_kind"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("w2w_placements"),
    ),
    Kpi(
        code="w2w_technical",
        version=1,
        name=_("Werk-naar-werkplaatsingen in technisch werk"),
        explanation=_(
            "Werk-naar-werkplaatsingen (zie hierboven) in een technische vacature, tot en met de dag van de meting. "
            "Het Techniekpact wil landelijk 30.000 werknemers binnen de technische sectoren van werk naar werk "
            "begeleiden."
        ),
        unit="count",
        theme=Theme.WORK_TO_WORK,
        breakdowns=("region", "municipality", "sector", "climate", "vacancy_kind"),
        target=30_000,
        target_year=None,
        target_direction="at_least",
        target_source=_("Techniekpact Noordvleugel (2013), actielijn 3 Werken in de techniek, nationale doelen: "
                        "“30.000 werknemers worden binnen technische sectoren van werk naar werk begeleid.” Een "
                        "landelijk doel, zonder jaartal."),
        counts_persons=True,
        collect=Collector("w2w_technical"),
    ),
    Kpi(
        code="open_vacancies",
        version=1,
        name=_("Open vacatures"),
        explanation=_("Vacatures, stages, BBL-plaatsen en open-hiringbanen die op de dag van de meting openstaan."),
        unit="count",
        theme=Theme.WORK_TO_WORK,
        breakdowns=VACANCY_PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("open_vacancies"),
    ),
    Kpi(
        code="outflow_announced",
        version=1,
        name=_("Aangekondigde uitstroom (mensen)"),
        explanation=_(
            "Het aantal mensen in de uitstroom die werkgevers hebben aangekondigd en nog niet hebben afgesloten. "
            "Uitstroom is vertrouwelijk per werkgever: een cel met minder dan drie werkgevers blijft leeg."
        ),
        unit="count",
        theme=Theme.WORK_TO_WORK,
        breakdowns=("region",),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("outflow_announced"),
    ),
    Kpi(
        code="outflow_placed",
        version=1,
        name=_("Geplaatst uit aangekondigde uitstroom"),
        explanation=_(
            "Plaatsingen tot en met de dag van de meting van mensen uit een aangekondigde uitstroom, naar de "
            "arbeidsmarktregio van de aankondiging. Een cel met minder dan drie werkgevers blijft leeg."
        ),
        unit="count",
        theme=Theme.WORK_TO_WORK,
        breakdowns=("region",),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("outflow_placed"),
    ),
    Kpi(
        code="outflow_placed_share",
        version=1,
        name=_("Aandeel aangekondigde uitstroom geplaatst"),
        explanation=_(
            "Plaatsingen uit aangekondigde uitstroom gedeeld door het aantal aangekondigde mensen, over alle "
            "aankondigingen tot de meting (ook afgesloten). Een cel met minder dan drie werkgevers blijft leeg."
        ),
        unit="share",
        theme=Theme.WORK_TO_WORK,
        breakdowns=("region",),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("outflow_placed_share"),
    ),
    # --- Instroom, doorstroom & techniekpromotie -----------------------------------------------------------------
    Kpi(
        code="side_entry_technical",
        version=1,
        name=_("Zij-instroom in technisch werk"),
        explanation=_(
            "Plaatsingen tot en met de dag van de meting in een technische vacature van mensen die eerder ander, "
            "niet-technisch werk deden of (als werkzoekende of anders) geen beroep hadden. Wie van school komt, is "
            "instroom en geen zij-instroom."
        ),
        unit="count",
        theme=Theme.INFLOW,
        breakdowns=("region", "municipality", "sector", "climate", "vacancy_kind", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("side_entry_technical"),
    ),
    Kpi(
        code="job_seekers_into_technical",
        version=1,
        name=_("Werkzoekenden naar technisch werk"),
        explanation=_(
            "Plaatsingen tot en met de dag van de meting van werkzoekenden in een technische vacature. Het "
            "Techniekpact wil landelijk 10.000 werkzoekenden de overstap naar de techniek laten maken."
        ),
        unit="count",
        theme=Theme.INFLOW,
        breakdowns=("region", "municipality", "sector", "climate", "vacancy_kind"),
        target=10_000,
        target_year=None,
        target_direction="at_least",
        target_source=_("Techniekpact Noordvleugel (2013), actielijn 3 Werken in de techniek, nationale doelen: "
                        "“10.000 werkzoekenden maken overstap naar technische sector.” Een landelijk doel, zonder "
                        "jaartal."),
        counts_persons=True,
        collect=Collector("job_seekers_into_technical"),
    ),
    Kpi(
        code="internships_offered",
        version=1,
        name=_("Stages en BBL-plaatsen aangeboden"),
        explanation=_("Stages en BBL-plaatsen die op de dag van de meting openstaan."),
        unit="count",
        theme=Theme.INFLOW,
        breakdowns=VACANCY_PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("internships_offered"),
    ),
    Kpi(
        code="internships_filled",
        version=1,
        name=_("Stages en BBL-plaatsen vervuld"),
        explanation=_("Plaatsingen in stages en BBL-plaatsen in de twaalf maanden tot de meting."),
        unit="count",
        theme=Theme.INFLOW,
        breakdowns=VACANCY_PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("internships_filled"),
    ),
    # --- Leven lang ontwikkelen & duurzame inzetbaarheid ---------------------------------------------------------
    Kpi(
        code="passports_in_use",
        version=1,
        name=_("Skillspaspoorten in gebruik"),
        explanation=_("Skillspaspoorten met minstens één skill, naar de woonplaats van de eigenaar."),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("passports_in_use"),
    ),
    Kpi(
        code="passport_coverage",
        version=1,
        name=_("Inwoners met een skillspaspoort"),
        explanation=_(
            "Skillspaspoorten in gebruik gedeeld door het aantal inwoners (CBS, 1 januari 2025, afgerond). Het "
            "manifest wil dat in 2030 iedereen in Noord-Holland een basis-skillspaspoort heeft."
        ),
        unit="share",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=PLACES,
        target=1.0,
        target_year=2030,
        target_direction="at_least",
        target_source=_("Manifest Werken en ontwikkelen 2030, Leven lang ontwikkelen, Hoofddoelen 2030: “In 2030 "
                        "beschikt iedereen in Noord-Holland over een basis skills paspoort …”"),
        counts_persons=True,
        collect=Collector("passport_coverage"),
    ),
    Kpi(
        code="persons_findable",
        version=1,
        name=_("Personen vindbaar voor werkgevers"),
        explanation=_("Skillspaspoorten waarvan de eigenaar vindbaar is voor werkgevers (zonder naam)."),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("persons_findable"),
    ),
    Kpi(
        code="persons_with_consent",
        version=1,
        name=_("Personen die toestemming gaven"),
        explanation=_(
            "Personen met minstens één geldende toestemming aan een werkgever of loopbaancoach om (delen van) hun "
            "paspoort te zien."
        ),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("persons_with_consent"),
    ),
    Kpi(
        code="fund_accounts",
        version=1,
        name=_("Personen met tegoed op een ontwikkelrekening"),
        explanation=_("Personen aan wie het ontwikkelfonds tegoed op hun ontwikkelrekening heeft toegekend."),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region", "budget", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("fund_accounts"),
    ),
    Kpi(
        code="fund_granted",
        version=1,
        name=_("Ontwikkelfonds: toegekend"),
        explanation=_(
            "Toegekend aan personen (tegoed en vouchers), min de waarde van vouchers die ongebruikt naar het budget "
            "terugging, in euro. Een cel met minder dan tien personen wordt niet getoond."
        ),
        unit="euro",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region", "budget", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("fund_granted"),
    ),
    Kpi(
        code="fund_reserved",
        version=1,
        name=_("Ontwikkelfonds: gereserveerd"),
        explanation=_("Gereserveerd voor inschrijvingen en nog niet betaald of vrijgegeven, in euro."),
        unit="euro",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region", "budget", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("fund_reserved"),
    ),
    Kpi(
        code="fund_spent",
        version=1,
        name=_("Ontwikkelfonds: besteed"),
        explanation=_("Betaald aan opleiders, min terugstortingen, in euro."),
        unit="euro",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region", "budget", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("fund_spent"),
    ),
    Kpi(
        code="vouchers_issued",
        version=1,
        name=_("Vouchers uitgegeven"),
        explanation=_("Vouchers die loopbaancoaches en adviseurs tot de meting hebben uitgegeven, in elke status."),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region", "budget", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("vouchers_issued"),
    ),
    Kpi(
        code="vouchers_used",
        version=1,
        name=_("Vouchers gebruikt"),
        explanation=_("Uitgegeven vouchers waarmee iemand zich voor een opleiding heeft ingeschreven."),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region", "budget", "target_group"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("vouchers_used"),
    ),
    Kpi(
        code="skills_not_taught",
        version=1,
        name=_("Gevraagde skills die niemand leert"),
        explanation=_(
            "Skills die open vacatures als noodzakelijk vragen en die geen boekbaar aanbod in de catalogus leert. "
            "Per arbeidsmarktregio: niet online en niet in die regio; voor heel Noord-Holland: nergens."
        ),
        unit="count",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region",),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("skills_not_taught"),
    ),
    Kpi(
        code="skills_not_taught_share",
        version=1,
        name=_("Aandeel gevraagde skills zonder aanbod"),
        explanation=_(
            "Van alle keren dat een open vacature een skill als noodzakelijk vraagt, het deel waarvoor geen boekbaar "
            "aanbod bestaat dat online of in de regio van de vacature is."
        ),
        unit="share",
        theme=Theme.LIFELONG_LEARNING,
        breakdowns=("region",),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("skills_not_taught_share"),
    ),
    # --- Inclusiviteit ---------------------------------------------------------------------------------------------
    Kpi(
        code="open_hiring_jobs",
        version=1,
        name=_("Open-hiringbanen open"),
        explanation=_(
            "Banen zonder sollicitatie (wie zich meldt, mag beginnen) die op de dag van de meting openstaan. Het "
            "manifest wil dat open hiring in 2030 op veel plaatsen vanzelfsprekend is."
        ),
        unit="count",
        theme=Theme.INCLUSION,
        breakdowns=("region", "municipality", "sector", "climate"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("open_hiring_jobs"),
    ),
    Kpi(
        code="job_seeker_placements",
        version=1,
        name=_("Werkzoekenden aan het werk"),
        explanation=_("Plaatsingen van werkzoekenden in de twaalf maanden tot de meting, in elk soort werk."),
        unit="count",
        theme=Theme.INCLUSION,
        breakdowns=VACANCY_PLACES,
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=True,
        collect=Collector("job_seeker_placements"),
    ),
    # --- Werkend ecosysteem & campusvorming --------------------------------------------------------------------------
    Kpi(
        code="lc_extra",
        version=1,
        name=_("Extra learning communities sinds 2018"),
        explanation=_(
            "Learning communities (ook fieldlabs, skillslabs, living labs, CoE's, CIV's en technohubs) die na 2018 "
            "zijn gestart en niet zijn gestopt, zoals het volgsysteem ze telt. De Roadmap wil er landelijk 100 extra "
            "in 2023."
        ),
        unit="count",
        theme=Theme.ECOSYSTEM,
        breakdowns=("region", "theme"),
        target=100,
        target_year=2023,
        target_direction="at_least",
        target_source=_("Roadmap Human Capital Topsectoren 2020–2023, hoofdstuk 2: “in 2023 t.o.v. 2018 100 extra "
                        "learning communities gerealiseerd”. Een landelijk doel."),
        counts_persons=False,
        collect=Collector("lc_extra"),
    ),
    Kpi(
        code="lc_htsm_rated",
        version=1,
        name=_("Duurzame HTSM-learning communities met minstens een 7,5"),
        explanation=_(
            "Duurzaam verankerde learning communities in de topsector HTSM waarvan de deelnemers de samenwerking in "
            "de laatste afgesloten enquête (minstens tien antwoorden) gemiddeld een 7,5 of hoger gaven."
        ),
        unit="count",
        theme=Theme.ECOSYSTEM,
        breakdowns=("region", "theme"),
        target=20,
        target_year=2023,
        target_direction="at_least",
        target_source=_("Human Capital Actieagenda HTSM, hoofdstuk 4, meetbare hoofddoelstelling 1: “minimaal 20 "
                        "duurzame en brede learning communities … gewaardeerd met minimaal een 7,5”."),
        counts_persons=False,
        collect=Collector("lc_htsm_rated"),
    ),
    Kpi(
        code="lc_rating",
        version=1,
        name=_("Waardering learning communities (gemiddeld)"),
        explanation=_(
            "Het gemiddelde rapportcijfer van de learning communities met een waardering: het gemiddelde van hun "
            "laatste afgesloten enquête, alleen bij minstens tien antwoorden."
        ),
        unit="score",
        theme=Theme.ECOSYSTEM,
        breakdowns=("region", "theme"),
        target=7.5,
        target_year=2023,
        target_direction="at_least",
        target_source=_("Human Capital Actieagenda HTSM, hoofdstuk 4, meetbare hoofddoelstelling 1: de samenwerking "
                        "“wordt door de deelnemende partijen gewaardeerd met minimaal een 7,5”."),
        counts_persons=False,
        collect=Collector("lc_rating"),
    ),
    Kpi(
        code="initiatives_active",
        version=1,
        name=_("Samenwerkingsverbanden actief"),
        explanation=_(
            "Initiatieven in het register (PPS'en, campussen, fieldlabs, learning communities, coalities, "
            "programma's, netwerken) die niet zijn gestopt. Initiatieven voor heel Noord-Holland tellen alleen in het "
            "totaal."
        ),
        unit="count",
        theme=Theme.ECOSYSTEM,
        breakdowns=("region", "theme"),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("initiatives_active"),
    ),
    Kpi(
        code="campus_regions_share",
        version=1,
        name=_("Arbeidsmarktregio's met een eigen campus"),
        explanation=_("Het deel van de arbeidsmarktregio's met minstens één campus die niet is gestopt."),
        unit="share",
        theme=Theme.ECOSYSTEM,
        breakdowns=(),
        target=1.0,
        target_year=2030,
        target_direction="at_least",
        target_source=_("Manifest Werken en ontwikkelen 2030, Werkend ecosysteem & campusvorming, Hoofddoelen 2030: "
                        "“Elke subregio in Noord-Holland heeft zijn eigen campus …”"),
        counts_persons=False,
        collect=Collector("campus_regions_share"),
    ),
    # --- Innovatie ---------------------------------------------------------------------------------------------------
    Kpi(
        code="innovation_initiatives",
        version=1,
        name=_("Initiatieven voor innovatie"),
        explanation=_(
            "Initiatieven in het register die niet zijn gestopt en het thema Innovatie hebben of een campus, fieldlab "
            "of living lab zijn: de plekken waar bedrijven en onderwijs samen experimenteren en innoveren."
        ),
        unit="count",
        theme=Theme.INNOVATION,
        breakdowns=("region",),
        target=None,
        target_year=None,
        target_direction=None,
        target_source="",
        counts_persons=False,
        collect=Collector("innovation_initiatives"),
    ),
]

KPIS = {kpi.code: kpi for kpi in KPI_LIST}


def kpis_for_theme(theme):
    return [kpi for kpi in KPIS.values() if kpi.theme == theme]


# --- Fingerprints ------------------------------------------------------------------------------------------------

CONSTANT_TYPES = (int, float, str, bytes, tuple, frozenset, bool, type(None))


def _function_of(value):
    if isinstance(value, Collector):
        return value.resolve()
    return getattr(value, "__wrapped__", value)


def _names(code):
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _names(constant)
    return names


_LIBRARY_PATHS = tuple(filter(None, {sysconfig.get_paths().get(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")}))


def _is_ours(function):
    """Written in this project (the loket, or a replacement a test put in its place), not a library's: a Django or
    Python upgrade must not count as a changed formula."""
    filename = function.__code__.co_filename
    return not filename.startswith(_LIBRARY_PATHS) and "site-packages" not in filename


def _dependencies(function, names):
    """The loket's functions, modules' functions and constants a function refers to by ``names``."""
    found = []
    scope = function.__globals__
    modules = [value for value in scope.values() if isinstance(value, types.ModuleType) and value.__name__.startswith("loket.")]
    for name in sorted(names):
        candidates = [scope[name]] if name in scope else []
        candidates += [getattr(module, name) for module in modules if hasattr(module, name)]
        for value in candidates:
            if isinstance(value, types.FunctionType) and _is_ours(value):
                found.append(("function", f"{value.__module__}.{value.__qualname__}", value))
            elif isinstance(value, type) and value.__module__.startswith("loket.monitor."):
                # The monitor's own helpers (collect.Tally): their methods decide which cell gets what. Not models.
                found += [("function", f"{value.__module__}.{method.__qualname__}", method) for method in vars(value).values()
                          if isinstance(method, types.FunctionType)]
            elif name.isupper() and isinstance(value, CONSTANT_TYPES):
                found.append(("constant", name, value))
    return found


def fingerprint(kpi):
    """SHA-256 over the collector's source and, transitively, every function of the loket it calls and every constant
    (UPPER_CASE) it reads: the formula as it is written now. Names and explanations are not part of it."""
    start = _function_of(kpi.collect)
    digest = hashlib.sha256()
    seen, queue = set(), [start]
    while queue:
        function = queue.pop(0)
        key = (function.__module__, function.__qualname__, id(function))
        if key in seen:
            continue
        seen.add(key)
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            source = repr(function.__code__.co_code)
        digest.update(f"{function.__module__}.{function.__qualname__}\n{source}\n".encode())
        for kind, name, value in _dependencies(function, _names(function.__code__)):
            if kind == "function":
                queue.append(value)
            else:
                digest.update(f"{name}={value!r}\n".encode())
    return digest.hexdigest()
