"""The "Actiescan learning communities": a self-assessment that a learning community fills in together.

Plain module: the questionnaire, the scoring and the advice, with plain data in and out (answers are a dict of
statement code → 1..5, scores a dict of dimension code → 0..100). The pages, the API and the dashboard call it;
nothing here reads the database.

The six dimensions are the issue's (shared ambition, partners, learning and innovating together, organisation,
financing, impact) and never change, so scores of scans taken with different versions of the questionnaire can be
compared. The statements under them may change: each set of statements is a version, and a stored scan keeps the
version it was taken with. A version, once published, is never edited or removed — a change is a new version.

The statements follow what the documents say a learning community is: the HTSM agenda's "In een Learning
community: …" list (partners develop innovative solutions together, translate experience into current education,
train working people, exchange insight continuously), the Roadmap Human Capital on impact, regional investment
agendas and the volgsysteem, the RIF evaluation's doubts about durability and the manifest's PPS analysis
(ownership by companies, a direction of its own apart from the school, the "why", sharing between PPS-en).
"""

from dataclasses import dataclass
from math import cos, pi, sin

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

VERSION = "2026.1"
SCALE = (1, 5)
# A dimension below this score gets advice; the HTSM agenda's bar for a durable learning community is a 7.5 from its
# participants, but the scan is a dialogue tool, so it points at what is weak rather than at what is not yet excellent.
LOW_SCORE = 50
# How many of a weak dimension's statements the advice names, lowest first.
ADVICE_STATEMENTS = 3

SCALE_LABELS = {
    1: gettext_lazy("helemaal niet"),
    2: gettext_lazy("een beetje"),
    3: gettext_lazy("deels"),
    4: gettext_lazy("grotendeels"),
    5: gettext_lazy("helemaal wel"),
}


@dataclass(frozen=True)
class Statement:
    code: str
    text: str
    advice: str


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    description: str
    statements: tuple


DIMENSIONS = {
    "ambitie": (gettext_lazy("Gedeelde ambitie"), gettext_lazy("Weten de partners samen waarom ze er zijn en waar ze naartoe willen?")),
    "partners": (gettext_lazy("Partners (triple helix)"), gettext_lazy("Doen bedrijven, onderwijs en overheid mee, als eigenaar en niet vrijblijvend?")),
    "leren": (gettext_lazy("Samen leren en innoveren"), gettext_lazy("Verbindt de learning community innoveren, werken en leren?")),
    "organisatie": (gettext_lazy("Organisatie"), gettext_lazy("Is er een trekker, een eigen regie en een vast ritme?")),
    "financiering": (gettext_lazy("Financiering"), gettext_lazy("Kan de learning community door na de huidige subsidie?")),
    "impact": (gettext_lazy("Impact"), gettext_lazy("Maakt de learning community verschil, en laat ze dat zien?")),
}
DIMENSION_ORDER = tuple(DIMENSIONS)

S = Statement
_2026_1 = {
    "ambitie": (
        S("A1", gettext_lazy("De partners hebben een gezamenlijke ambitie die op papier staat en die alle partners onderschrijven."),
          gettext_lazy("Leg de gezamenlijke ambitie vast in een door alle partners ondertekend document (een intentieverklaring of samenwerkingsovereenkomst) en bespreek het elk jaar opnieuw.")),
        S("A2", gettext_lazy("De ambitie is verbonden met een maatschappelijke uitdaging, zoals de energietransitie of de klimaatopgave."),
          gettext_lazy("Verbind de ambitie met een maatschappelijke uitdaging (Energietransitie & Duurzaamheid, Gezondheid & Zorg, Landbouw, Water & Voedsel, Veiligheid) of een sleuteltechnologie, zodat u kunt aansluiten bij de missiegedreven innovatieprogramma's.")),
        S("A3", gettext_lazy("Voor alle partners is helder waarom ze samenwerken, niet alleen welke activiteiten ze doen."),
          gettext_lazy("Beschrijf samen het 'waarom': welke impact wilt u over drie tot vijf jaar zien? Toets de activiteiten daaraan, niet alleen aan een goede uitvoering.")),
        S("A4", gettext_lazy("De ambitie sluit aan bij de regionale investeringsagenda en de economische speerpunten van de regio."),
          gettext_lazy("Bespreek met de arbeidsmarktregio en de provincie welke regionale speerpunten u dient, en zorg dat de learning community in de regionale investeringsagenda staat.")),
        S("A5", gettext_lazy("De ambitie is vertaald in meetbare doelen met een jaartal."),
          gettext_lazy("Maak van de ambitie twee of drie meetbare doelen met een jaartal (bijvoorbeeld het aantal getrainde werkenden of vernieuwde modules) en spreek af wie ze bewaakt.")),
    ),
    "partners": (
        S("P1", gettext_lazy("Bedrijven, onderwijs en overheid doen alle drie actief mee."),
          gettext_lazy("Nodig de ontbrekende partij uit de triple helix uit met een concrete rol: de gemeente of arbeidsmarktregio als de overheid ontbreekt, een branchevereniging als bedrijven ontbreken.")),
        S("P2", gettext_lazy("Bedrijven zijn mede-eigenaar: ze brengen meer in dan deelname alleen (tijd, opdrachten, apparatuur of geld)."),
          gettext_lazy("Maak de inbreng van bedrijven concreet en wederkerig: leg per bedrijf vast wat het inbrengt (opdrachten, begeleiders, apparatuur, middelen) en wat het ervoor terugkrijgt.")),
        S("P3", gettext_lazy("Ook het mkb doet mee, niet alleen grote bedrijven."),
          gettext_lazy("Verlaag de drempel voor het mkb: korte, praktische opdrachten, één vaste contactpersoon en bijeenkomsten op de werkvloer in plaats van in vergaderzalen.")),
        S("P4", gettext_lazy("Meer onderwijsniveaus werken samen, zoals mbo en hbo."),
          gettext_lazy("Betrek een tweede onderwijsniveau (hbo bij mbo of andersom), bijvoorbeeld met een gecombineerd lectoraat en practoraat of een Associate Degree, zodat doorlopende leerlijnen ontstaan.")),
        S("P5", gettext_lazy("De rollen en verantwoordelijkheden van de partners zijn duidelijk en vastgelegd."),
          gettext_lazy("Leg per partner rol, inbreng en verantwoordelijkheid vast. Als rollen, posities en geldstromen duidelijk zijn, kunnen partners samenwerken zonder steeds opnieuw te onderhandelen.")),
    ),
    "leren": (
        S("L1", gettext_lazy("De partners ontwikkelen samen innovatieve oplossingen voor vraagstukken uit de praktijk."),
          gettext_lazy("Begin met één concreet innovatievraagstuk van een deelnemend bedrijf en werk het uit in een gemengd team van studenten, docenten, onderzoekers en medewerkers.")),
        S("L2", gettext_lazy("Ervaringen uit de praktijk worden vertaald naar actueel onderwijsaanbod (modules, keuzedelen, curricula)."),
          gettext_lazy("Plan vaste momenten, bijvoorbeeld elk half jaar, waarop docenten en bedrijven bepalen welke nieuwe kennis in het onderwijs moet. Begin met één module.")),
        S("L3", gettext_lazy("Werkenden worden getraind in de vaardigheden die nodig zijn om met de innovaties aan de slag te gaan."),
          gettext_lazy("Bied korte, modulaire trainingen aan voor werkenden van de partners, op de werkplek of in het fieldlab, en zet ze in de opleidingscatalogus van het loket.")),
        S("L4", gettext_lazy("De partners wisselen doorlopend inzicht en ervaring uit om concepten en technieken te verbeteren."),
          gettext_lazy("Organiseer een vaste cyclus van uitwisseling (demodagen, intervisie, een gezamenlijke evaluatie) en leg de lessen vast als goed voorbeeld in de bibliotheek van het loket.")),
        S("L5", gettext_lazy("Studenten, docenten en werkenden leren samen, op de werkvloer én in het onderwijs."),
          gettext_lazy("Richt een contextrijke leeromgeving in waar studenten en werkenden samen aan echte opdrachten werken, begeleid door hybride docenten uit onderwijs en bedrijf.")),
        S("L6", gettext_lazy("Wat deelnemers leren, wordt erkend met een diploma, certificaat of bewijs van vaardigheden."),
          gettext_lazy("Laat het geleerde erkennen: spreek met de onderwijsinstelling af welk bewijs deelnemers krijgen (certificaat, mbo-verklaring, microcredential) en dat ze het in hun skills-paspoort kunnen zetten.")),
    ),
    "organisatie": (
        S("O1", gettext_lazy("Er is een aanjager met tijd, mandaat en netwerk."),
          gettext_lazy("Wijs een aanjager aan met vaste uren en een mandaat van alle partners; zonder trekker valt een learning community terug in losse projecten.")),
        S("O2", gettext_lazy("De learning community heeft een eigen regie, los van één school of één bedrijf."),
          gettext_lazy("Beleg de regie bij een gezamenlijke stuurgroep of stichting van alle partners, zodat de learning community na een project niet opgaat in één school.")),
        S("O3", gettext_lazy("Er is een vast ritme van overleg, besluiten en voortgangsberichten."),
          gettext_lazy("Spreek een vast ritme af, bijvoorbeeld elk kwartaal een stuurgroep en een voortgangsbericht, en leg besluiten vast.")),
        S("O4", gettext_lazy("De learning community deelt kennis, ruimtes en apparatuur met andere PPS-en en learning communities."),
          gettext_lazy("Zoek een of twee verwante PPS-en of learning communities in de regio (het ecosysteem van het loket helpt) en spreek af welke ruimtes, apparatuur en lesmaterialen u deelt.")),
        S("O5", gettext_lazy("De learning community is zichtbaar en vindbaar voor nieuwe partners en deelnemers."),
          gettext_lazy("Zet de learning community met contactpersoon, partners en aanbod in het ecosysteem van het loket en laat partners uw successen delen.")),
    ),
    "financiering": (
        S("F1", gettext_lazy("De financiering is geregeld voor langer dan de looptijd van de huidige subsidie."),
          gettext_lazy("Maak nu een plan voor na de subsidie: welke activiteiten gaan door, wie betaalt ze en vanaf wanneer. Bespreek het uiterlijk een jaar voor het einde van de subsidie.")),
        S("F2", gettext_lazy("Bedrijven dragen bij in geld of in natura."),
          gettext_lazy("Vraag bedrijven om een bijdrage in geld of in natura (uren, apparatuur, materiaal) en maak zichtbaar wat die bijdrage hun oplevert.")),
        S("F3", gettext_lazy("Publieke en private middelen worden gecombineerd, zoals O&O-fondsen, regionale fondsen en subsidies."),
          gettext_lazy("Breng de bestaande geldstromen in kaart (O&O-fondsen, SLIM, RIF, het regionale ontwikkelfonds, provinciale regelingen) en combineer ze in één begroting.")),
        S("F4", gettext_lazy("De activiteiten staan in de gewone begroting en strategie van de onderwijsinstellingen en bedrijven."),
          gettext_lazy("Neem de learning community op in de instellingsstrategie en de jaarbegroting van school en bedrijven, zodat ze geen tijdelijk subsidieproject blijft.")),
        S("F5", gettext_lazy("Er is een verdienmodel, bijvoorbeeld trainingen voor werkenden van andere bedrijven."),
          gettext_lazy("Ontwikkel betaald aanbod voor derden, bijvoorbeeld trainingen voor werkenden van bedrijven die niet deelnemen, te betalen uit ontwikkelbudgetten of O&O-fondsen.")),
    ),
    "impact": (
        S("I1", gettext_lazy("De learning community meet haar resultaten: deelnemers, getrainde werkenden, vernieuwde modules."),
          gettext_lazy("Kies een paar indicatoren en meet ze elk jaar: studenten en werkenden die meedoen, vernieuwde modules, innovatieprojecten.")),
        S("I2", gettext_lazy("De deelnemers waarderen de samenwerking met een 7,5 of hoger."),
          gettext_lazy("Vraag de deelnemers elk jaar om een rapportcijfer en open reacties met de enquête van het loket; bespreek de uitkomst met de partners en kies één verbeterpunt.")),
        S("I3", gettext_lazy("Innovaties worden dankzij de learning community sneller toegepast op de werkvloer van de partners."),
          gettext_lazy("Volg per innovatieproject of en wanneer het op de werkvloer is toegepast, en laat bedrijven vertellen wat de learning community hun heeft opgeleverd.")),
        S("I4", gettext_lazy("De learning community draagt zichtbaar bij aan de regionale arbeidsmarkt: instroom, doorstroom, van werk naar werk."),
          gettext_lazy("Houd bij hoeveel studenten, zij-instromers en werkenden via de learning community in de regio aan het werk gaan of doorstromen, en deel dat met de arbeidsmarktregio.")),
        S("I5", gettext_lazy("Resultaten en lessen worden gedeeld, ook wat niet werkt."),
          gettext_lazy("Deel elk jaar wat werkt en wat niet als goed voorbeeld in de bibliotheek van het loket, en durf te stoppen met activiteiten die niet (meer) werken.")),
    ),
}
del S

# Every published version: never edit or remove one, old scans are read with it.
VERSIONS = {"2026.1": _2026_1}


class UnknownVersion(KeyError):
    pass


class InvalidAnswers(ValueError):
    """Answers that cannot be scored. ``problems`` is a list of (statement code, Dutch message); ``str()`` names them."""

    def __init__(self, missing, out_of_range, unknown, version):
        self.missing = list(missing)
        self.out_of_range = list(out_of_range)
        self.unknown = list(unknown)
        self.version = version
        super().__init__(self.message())

    @property
    def problems(self):
        texts = statement_texts(self.version)
        low, high = SCALE
        result = [(code, _("Nog niet beantwoord: %(code)s “%(text)s”") % {"code": code, "text": texts[code]}) for code in self.missing]
        result += [
            (code, _("Het antwoord op %(code)s moet een geheel getal van %(low)d tot en met %(high)d zijn, niet “%(value)s”.")
             % {"code": code, "low": low, "high": high, "value": value})
            for code, value in self.out_of_range
        ]  # fmt: skip
        result += [(code, _("Onbekende stelling: %(code)s.") % {"code": code}) for code in self.unknown]
        return result

    def message(self):
        parts = []
        if self.missing:
            parts.append(
                ngettext("Beantwoord elke stelling; deze is nog open: %(codes)s.", "Beantwoord elke stelling; deze zijn nog open: %(codes)s.", len(self.missing))
                % {"codes": ", ".join(self.missing)}
            )
        if self.out_of_range:
            low, high = SCALE
            parts.append(
                _("Antwoorden gaan van %(low)d tot en met %(high)d; ongeldig bij: %(codes)s.")
                % {"low": low, "high": high, "codes": ", ".join(code for code, _value in self.out_of_range)}
            )
        if self.unknown:
            parts.append(
                _("Deze stellingen staan niet in versie %(version)s van de vragenlijst: %(codes)s.")
                % {"version": self.version, "codes": ", ".join(self.unknown)}
            )
        return " ".join(parts)


def questionnaire(version=VERSION):
    """The dimensions with their statements, in order: a tuple of ``Dimension``."""
    try:
        statements = VERSIONS[version]
    except KeyError:
        raise UnknownVersion(version) from None
    return tuple(Dimension(code, DIMENSIONS[code][0], DIMENSIONS[code][1], statements[code]) for code in DIMENSION_ORDER if code in statements)


def statement_texts(version=VERSION):
    return {s.code: s.text for d in questionnaire(version) for s in d.statements}


def dimension_label(code):
    return DIMENSIONS[code][0] if code in DIMENSIONS else code


def as_plain(version=VERSION):
    """The questionnaire as JSON-ready data in the active language."""
    low, high = SCALE
    return {
        "version": version,
        "scale": [{"value": value, "label": str(SCALE_LABELS[value])} for value in range(low, high + 1)],
        "low_score": LOW_SCORE,
        "dimensions": [
            {
                "code": d.code, "label": str(d.label), "description": str(d.description),
                "statements": [{"code": s.code, "text": str(s.text), "advice": str(s.advice)} for s in d.statements],
            }
            for d in questionnaire(version)
        ],
    }  # fmt: skip


def _as_answer(value):
    """An integer answer, or None when the value is not a whole number on the scale."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        number = int(value.strip())
    else:
        return None
    low, high = SCALE
    return number if low <= number <= high else None


def validate(answers, version=VERSION):
    """Answers as {statement code: 1..5}; raises ``InvalidAnswers`` naming every missing, invalid or unknown one.

    Values may be whole numbers or their text ("4"), as a form sends them; an empty text counts as not answered.
    """
    if not isinstance(answers, dict):
        answers = {}
    codes = [s.code for d in questionnaire(version) for s in d.statements]
    missing, out_of_range, clean = [], [], {}
    for code in codes:
        value = answers.get(code)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(code)
            continue
        answer = _as_answer(value)
        if answer is None:
            out_of_range.append((code, value))
        else:
            clean[code] = answer
    unknown = sorted(str(code) for code in answers if code not in codes)
    if missing or out_of_range or unknown:
        raise InvalidAnswers(missing, out_of_range, unknown, version)
    return clean


def rescale(mean):
    """A mean answer on the 1–5 scale as 0–100: 1 is 0, 3 is 50, 5 is 100."""
    low, high = SCALE
    return round((mean - low) / (high - low) * 100, 1)


def score(answers, version=VERSION):
    """Validated answers → {dimension code: 0..100}, each the rescaled mean of its statements."""
    answers = validate(answers, version)
    return {d.code: rescale(sum(answers[s.code] for s in d.statements) / len(d.statements)) for d in questionnaire(version)}


def overall(scores):
    """The overall score: the mean of the dimension scores, each dimension weighing the same (None without scores)."""
    values = [scores[code] for code in DIMENSION_ORDER if code in scores]
    return round(sum(values) / len(values), 1) if values else None


def advice(answers, scores, version=VERSION, threshold=LOW_SCORE, per_dimension=ADVICE_STATEMENTS):
    """What to do, for every dimension scoring below ``threshold``, weakest dimension first.

    Each item names the dimension's lowest-answered statements (at most ``per_dimension``, only answers below the
    middle of the scale or, when none is, the lowest) with their own advice. A scan taken with a version this
    module no longer knows gets the weak dimensions without statements.
    """
    try:
        dimensions = {d.code: d for d in questionnaire(version)}
    except UnknownVersion:
        dimensions = {}
    low, high = SCALE
    middle = (low + high) / 2
    result = []
    weak = sorted((code for code in DIMENSION_ORDER if code in scores and scores[code] < threshold), key=lambda code: (scores[code], DIMENSION_ORDER.index(code)))
    for code in weak:
        statements = []
        if code in dimensions:
            answered = [(answers[s.code], index, s) for index, s in enumerate(dimensions[code].statements) if s.code in answers]
            answered.sort(key=lambda item: (item[0], item[1]))
            below_middle = [item for item in answered if item[0] < middle] or answered[:1]
            statements = [
                {"code": s.code, "text": str(s.text), "answer": answer, "answer_label": str(SCALE_LABELS.get(answer, answer)), "advice": str(s.advice)}
                for answer, _index, s in below_middle[:per_dimension]
            ]  # fmt: skip
        result.append({"dimension": code, "label": str(dimension_label(code)), "score": scores[code], "statements": statements})
    return result


# --- The radar chart --------------------------------------------------------------------------------------------


RADAR_SIZE = (460, 360)
RADAR_RADIUS = 105
RADAR_LINE_HEIGHT = 17
RADAR_RINGS = (25, 50, 75, 100)


def _wrap(text, width=14):
    """A label in at most two lines, broken at the space nearest the middle when it is longer than ``width``."""
    if len(text) <= width or " " not in text:
        return [text]
    middle = len(text) / 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def radar(series, dimensions=DIMENSION_ORDER):
    """Geometry of a radar chart: one axis per dimension, one polygon per series of scores.

    ``series`` is a list of {dimension code: 0..100} (a missing dimension counts as 0). Returns plain data a template
    draws as SVG: ``rings`` (polygon points per score ring), ``axes`` (end point, label lines and anchor),
    ``polygons`` (points as an SVG ``points`` string, and the vertices).
    """
    width, height = RADAR_SIZE
    cx, cy = width / 2, height / 2
    count = len(dimensions)

    def point(index, value, clamp=True):
        angle = -pi / 2 + 2 * pi * index / count
        r = RADAR_RADIUS * (max(0.0, min(100.0, value)) if clamp else value) / 100
        return round(cx + r * cos(angle), 1), round(cy + r * sin(angle), 1)

    def points(values):
        return " ".join(f"{x},{y}" for x, y in values)

    rings = [
        {"value": value, "points": points(point(i, value) for i in range(count)), "label_x": round(cx + 4, 1),
         "label_y": round(cy - RADAR_RADIUS * value / 100 + 13, 1), "labelled": value in (50, 100)}
        for value in RADAR_RINGS
    ]  # fmt: skip
    axes = []
    for index, code in enumerate(dimensions):
        x, y = point(index, 100)
        lx, ly = point(index, 112, clamp=False)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        lines = _wrap(str(dimension_label(code)))
        # Labels above the centre grow upwards, so their last line stays next to the axis.
        first_y = ly - (len(lines) - 1) * RADAR_LINE_HEIGHT if ly < cy - 5 else ly + (12 if ly > cy + 5 else 5)
        axes.append({"code": code, "x": x, "y": y, "label_x": lx, "label_y": round(first_y, 1), "anchor": anchor,
                     "lines": lines, "line_height": RADAR_LINE_HEIGHT})  # fmt: skip
    polygons = []
    for scores in series:
        vertices = [point(i, scores.get(code) or 0) for i, code in enumerate(dimensions)]
        polygons.append({"points": points(vertices), "vertices": vertices})
    return {"width": width, "height": height, "cx": cx, "cy": cy, "rings": rings, "axes": axes, "polygons": polygons}
