"""The first good practices, taken from the documents where they say what works and what does not.

Re-runnable: each practice is updated by its slug, and its source document is found by key (or made, when the
documents' migration has not made it). Practices that users wrote are left alone, also one that happens to carry a
slug of this list (it has an author; these have none).
"""

import datetime

from django.db import migrations

SOURCES = {
    "manifest-2030": {
        "title": "Manifest Werken en Ontwikkelen 2030 Noord-Holland",
        "publisher": "Provincie Noord-Holland en de deelnemers aan de technologietafels",
        "published": datetime.date(2021, 3, 1),
        "url": "https://www.werkenontwikkelen2030nh.nl",
    },
    "hca-htsm-2020": {
        "title": "Human Capital Actieagenda voor de topsector HTSM",
        "publisher": "Holland High Tech",
        "published": datetime.date(2020, 6, 1),
        "url": "",
    },
    "roadmap-human-capital-2020": {
        "title": "Roadmap Human Capital Topsectoren 2020-2023 \u201cSamen aan de slag\u201d",
        "publisher": "De topsectoren en Platform Talent voor Technologie",
        "published": datetime.date(2019, 10, 1),
        "url": "https://www.topsectoren.nl/human-capital",
    },
    "techniekpact-noordvleugel-2013": {
        "title": "Techniekpact Noordvleugel",
        "publisher": "Noord-Holland, Flevoland en Utrecht",
        "published": datetime.date(2013, 5, 1),
        "url": "",
    },
}

# (slug, source key, place in the source, title, summary, what works, what does not, {scheme: [codes]}); a
# practice is published on its document's date, also when the documents' migration does not know that date.
PRACTICES = [
    (
        "pps-analyse-noord-holland",
        "manifest-2030",
        "Deel 1, Analyse publiek-private samenwerkingsverbanden (PPS), p. 8-9",
        "PPS-analyse Noord-Holland: van subsidieproject naar eigen regie",
        "Een expertteam van Katapult analyseerde van oktober 2020 tot februari 2021 de 25 PPS-en die met het Regionaal "
        "Investeringsfonds mbo zijn gestart in Noord-Holland (20) en Flevoland (5), in gesprekken met 65 projectleiders en "
        "partners uit bedrijfsleven, onderwijs en overheid.",
        "PPS-en hebben het beroepsonderwijs vernieuwd: grote stappen in het flexibel en modulair maken van mbo-opleidingen, "
        "flink uitgebreide netwerken met bedrijven en overheden, en studenten die steeds meer aan praktijkopdrachten werken.",
        "PPS-en worden nog te veel gezien als tijdelijke subsidieprojecten: na de projectperiode gaat de PPS vaak op in de "
        "school, en dan kunnen de partners moeilijk samen en op langere termijn de regionale beroepspraktijk vernieuwen. "
        "PPS-en binnen één ROC worden als losse projecten aangestuurd en delen te weinig kennis en infrastructuur. Hun rol bij "
        "de innovatiekracht van bedrijven en bij leven lang ontwikkelen is nog gering. Nodig: PPS-en losser van de scholen "
        "(een regiefunctie tussen de partners), een andere PPS-strategie van de ROC's en meer gezamenlijk eigenaarschap van "
        "bedrijven.",
        {"theme": ["ecosystem", "innovation", "lifelong_learning"], "programme_line": ["leren", "innoveren"]},
    ),
    (
        "pps-van-uitvoering-naar-impact",
        "manifest-2030",
        "Deel 1, Analyse publiek-private samenwerkingsverbanden (PPS), p. 9",
        "Van goede uitvoering naar impact: het 'waarom' van een PPS",
        "De PPS-analyse in het manifest ziet dat PPS-en vooral sturen op het zo goed mogelijk uitvoeren van activiteiten "
        "(performance excellence), en vraagt om een sterkere focus op het 'waarom' van de PPS en op impact.",
        "Netwerken doorontwikkelen tot volwaardige ecosystemen rond maatschappelijke vraagstukken, met een multilevel "
        "(mbo-hbo), multidisciplinaire en multisectorale aanpak. Meer wederkerige afhankelijkheid tussen scholen en bedrijven, "
        "en samenwerking tussen PPS-en onderling in thematische learning communities en innovatieclusters.",
        "Een PPS die blijft bij het specifieke arbeidsmarktvraagstuk waarmee ze begon, en alleen stuurt op een goede "
        "uitvoering, is te smal om een regionale spilfunctie te vervullen in een veerkrachtige arbeidsmarkt.",
        {"theme": ["ecosystem", "innovation"], "programme_line": ["innoveren"]},
    ),
    (
        "rif-samenwerking-verduurzamen",
        "hca-htsm-2020",
        "Hoofdstuk 2, Wat is de meerwaarde van de HCA (tussenevaluatie Regionaal Investeringsfonds mbo, 2017)",
        "RIF-samenwerkingen verduurzamen: regel de voortzetting op tijd",
        "De tussenevaluatie van het Regionaal Investeringsfonds mbo, aangehaald in de human capital agenda van de topsector "
        "HTSM, vond in geen van de casestudies zekerheid over voortzetting van de samenwerking na afloop van de subsidie.",
        "Samenwerkingen die goed zijn ingebed in de strategie van de mbo-instelling hebben de beste kans. Er zijn RIF-verbanden "
        "die directe, tastbare waarde voor bedrijven maken, zoals in de zorg en de energiesector.",
        "Zonder concrete, formele afspraken over voortzetting na de subsidie blijft verduurzaming onzeker. Het risico van "
        "vrijblijvende betrokkenheid van bedrijven is groot, en het onderwijs heeft vaak moeite om naast onderwijsvernieuwing "
        "zichtbare waarde voor bedrijven te maken.",
        {"theme": ["ecosystem"], "programme_line": ["leren"], "topsector": ["htsm"]},
    ),
    (
        "fieldlab-met-skillslab",
        "hca-htsm-2020",
        "Hoofdstuk 2, Wat is de meerwaarde van de HCA",
        "Fieldlabs vanuit bedrijven, gekoppeld aan een skillslab",
        "Smart Industry fieldlabs worden vanuit bedrijven opgestart; CIV's en CoE's vanuit scholen. De human capital agenda "
        "van de topsector HTSM zet op een rij wat dat betekent voor de samenwerking tussen bedrijven en onderwijs.",
        "Fieldlabs die vanuit bedrijven worden opgestart, sluiten aan bij hun innovatievragen. Smart Industry wil aan elk "
        "fieldlab een skillslab koppelen, zodat innoveren en leren samenkomen.",
        "CIV's en CoE's die alleen vanuit scholen worden aangejaagd, zijn niet altijd duurzaam en hun bereik is beperkt; in "
        "veel fieldlabs werkt het mbo nog niet mee. Van de bedrijven die met het onderwijs samenwerken, ervaart 61% problemen "
        "met de aansluiting op de praktijk en vindt 50% de samenwerking te incidenteel; ze geven de samenwerking gemiddeld een "
        "6,6 (FME-ondernemersonderzoek 2019).",
        {"theme": ["innovation", "ecosystem"], "programme_line": ["innoveren", "leren"], "topsector": ["htsm"]},
    ),
    (
        "krachten-bundelen-en-focus-kiezen",
        "hca-htsm-2020",
        "Hoofdstuk 6, Succesfactoren en risicoanalyse",
        "Krachten bundelen en kiezen: twee hoofddoelen in plaats van tien",
        "De human capital agenda van de topsector HTSM benoemt haar succesfactoren en risico's, met een maatregel per risico.",
        "Partijen die hun krachten bundelen en pro-actief samenwerken in plaats van versnipperde initiatieven. Hands-on werken, "
        "zodat snel zichtbare resultaten ontstaan. Regelmatige updates en successen laten zien om het commitment vast te "
        "houden. Een duidelijke focus op twee hoofddoelen: 20 learning communities en curricula op niveau 3 tot en met 5. "
        "Goede voorbeelden delen met andere topsectoren.",
        "Zonder regie ontstaat het risico van 'duizend bloemen' en versnippering. Hoge ambities met weinig eigen budget. "
        "Partners zonder capaciteit om volop mee te doen verliezen het gevoel van eigenaarschap.",
        {"theme": ["ecosystem"], "topsector": ["htsm"]},
    ),
    (
        "technetkringen-bedrijven-rond-scholen",
        "techniekpact-noordvleugel-2013",
        "Actielijn 1 Kiezen voor techniek, actie 1: regionale Technetkringen",
        "Technetkringen: bedrijven rond scholen",
        "In elke subregio vormen bedrijven een kring rond scholen (vmbo, mbo, overig vo) die de praktijkcomponent en de "
        "beroepskeuzevoorlichting ondersteunt: snuffelstages, excursies, gastlessen, technische faciliteiten, "
        "beroepspraktijkvorming en examens.",
        "Beginnen met de bedrijvenkringen die al bestaan, en het concept pas opschalen over de hele Noordvleugel na gebleken "
        "succes.",
        "Het organiserend vermogen is een knelpunt bij het opzetten van een Technetkring; zonder ondersteuning door regionale "
        "en lokale overheden komt een kring moeilijk van de grond.",
        {"theme": ["inflow"], "programme_line": ["kiezen"]},
    ),
    (
        "digivaardig-in-de-zorg",
        "roadmap-human-capital-2020",
        "Hoofdstuk 3.2, Kansen verkennen, tekstbox 6",
        "Digivaardig in de Zorg: een coalitie die van onderop groeide",
        "Zorgprofessionals worden verleid en ondersteund om hun digitale vaardigheden te verbeteren, en werkgevers om hun "
        "verantwoordelijkheid te nemen. Er is een nationale kennissite met leermateriaal, en werkgroepen (learning "
        "communities) van managers, ICT'ers, digicoaches, docenten, projectleiders en patiënten maken ondersteunend materiaal "
        "en bouwen netwerken.",
        "De coalitie is van onderop ontwikkeld, elk jaar verder gegroeid en wordt steeds breder gedragen: door werkgevers per "
        "regio en per sector, door werknemers en vakbonden en door het ministerie van VWS.",
        "",
        {"theme": ["lifelong_learning"], "programme_line": ["leren"], "topsector": ["lsh"]},
    ),
    (
        "sociale-innovatie-laat-innovaties-slagen",
        "roadmap-human-capital-2020",
        "Hoofdstuk 3.2, Sociale innovatie, tekstbox 7",
        "Sociale innovatie laat innovaties slagen",
        "Onderzoek van TNO en NWO naar sociale innovatie in de logistieke sector, aangehaald in de Roadmap Human Capital "
        "Topsectoren, en het actieplan sociale innovatie van de Topsector Logistiek.",
        "Bij de tien procent bedrijven met een echt sociaal innovatief klimaat slaagde negentig procent van de innovaties. De "
        "Topsector Logistiek maakte een gezamenlijke visie en een actieplan met onderzoeks-, innovatie- en "
        "implementatieprojecten om sociale innovatie bij bedrijven te bevorderen.",
        "Technologie alleen is niet genoeg: tachtig procent van de bedrijven innoveerde in twee jaar, maar bij slechts veertig "
        "procent werden die innovaties door de medewerkers overgenomen.",
        {"theme": ["innovation", "lifelong_learning"], "programme_line": ["innoveren"], "topsector": ["logistiek"]},
    ),
    (
        "durf-te-stoppen",
        "manifest-2030",
        "Deel 3, Werkend ecosysteem & campusvorming, eerste acties, p. 29",
        "Durf te stoppen, en blijf investeren in wat werkt",
        "De thematafel werkend ecosysteem & campusvorming van het manifest geeft lessen voor het Noord-Hollandse ecosysteem "
        "van campussen, PPS-en en learning communities.",
        "Blijf samen investeren in regionale campussen als fysieke plekken om te leren en te ontdekken: bij succes wordt het "
        "duurzaam en ontstaat een vliegwiel. Gemeenten, bedrijven en onderwijs zijn samen mede-eigenaar, en rollen, posities en "
        "geldstromen zijn duidelijk.",
        "Doorgaan met iets dat niet meer werkt, of waarvan het vraagstuk is opgelost: durf een keuze te maken en te stoppen. "
        "Nieuwe overlegstructuren en versnippering van initiatieven in plaats van versterken wat er al is.",
        {"theme": ["ecosystem"]},
    ),
]


def load_good_practices(GoodPractice, Source, Classification):
    """Create or update the documents' practices; returns (created, updated, kept) counts."""
    sources = {}
    for key, fields in SOURCES.items():
        sources[key], _created = Source.objects.get_or_create(key=key, defaults=fields)
    created = updated = kept = 0
    for slug, source_key, reference, title, summary, works, does_not, codes in PRACTICES:
        source = sources[source_key]
        existing = GoodPractice.objects.filter(slug=slug).first()
        if existing is not None and existing.author_id is not None:
            kept += 1
            continue
        values = {
            "title": title, "summary": summary, "what_works": works, "what_does_not": does_not, "source": source,
            "source_reference": reference, "published_on": SOURCES[source_key]["published"],
        }  # fmt: skip
        practice, was_created = GoodPractice.objects.update_or_create(slug=slug, defaults=values)
        created += was_created
        updated += not was_created
        classifications = [Classification.objects.get_or_create(scheme=scheme, code=code)[0] for scheme, values_ in codes.items() for code in values_]
        practice.classifications.set(classifications)
    return created, updated, kept


def forwards(apps, schema_editor):
    load_good_practices(apps.get_model("ecosystem", "GoodPractice"), apps.get_model("ecosystem", "Source"), apps.get_model("ecosystem", "Classification"))


class Migration(migrations.Migration):
    # After the documents' migration, so their sources (same keys) are there and this only adds the practices.
    dependencies = [("ecosystem", "0003_documents")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
