"""The figures and word lists the synthetic population is drawn from.

Population and jobs per municipality are rounded CBS figures (inhabitants on
1 January 2025, jobs by work location); the occupation mix follows CBS's
employed labour force by ISCO major group, tilted per labour-market region.
They only need to be of the right order: the point is a plausible spread, not
statistics.
"""

# Inhabitants on 1 January 2025 (CBS, rounded), by municipality code.
POPULATION = {
    "GM0358": 33_100,  # Aalsmeer
    "GM0361": 111_500,  # Alkmaar
    "GM0362": 96_000,  # Amstelveen
    "GM0363": 933_000,  # Amsterdam
    "GM0373": 30_000,  # Bergen (NH.)
    "GM0375": 42_500,  # Beverwijk
    "GM0376": 12_000,  # Blaricum
    "GM0377": 24_000,  # Bloemendaal
    "GM0383": 36_500,  # Castricum
    "GM0384": 32_500,  # Diemen
    "GM0385": 37_000,  # Edam-Volendam
    "GM0388": 19_000,  # Enkhuizen
    "GM0392": 165_000,  # Haarlem
    "GM0394": 162_000,  # Haarlemmermeer
    "GM0396": 40_000,  # Heemskerk
    "GM0397": 28_000,  # Heemstede
    "GM0399": 25_000,  # Heiloo
    "GM0400": 56_500,  # Den Helder
    "GM0402": 93_500,  # Hilversum
    "GM0405": 75_000,  # Hoorn
    "GM0406": 41_500,  # Huizen
    "GM0415": 11_800,  # Landsmeer
    "GM0417": 11_500,  # Laren (NH.)
    "GM0420": 48_000,  # Medemblik
    "GM0431": 10_000,  # Oostzaan
    "GM0432": 12_000,  # Opmeer
    "GM0437": 15_000,  # Ouder-Amstel
    "GM0439": 94_000,  # Purmerend
    "GM0441": 47_500,  # Schagen
    "GM0448": 13_800,  # Texel
    "GM0450": 14_000,  # Uitgeest
    "GM0451": 31_000,  # Uithoorn
    "GM0453": 69_000,  # Velsen
    "GM0473": 17_500,  # Zandvoort
    "GM0479": 159_000,  # Zaanstad
    "GM0498": 19_900,  # Drechterland
    "GM0532": 22_000,  # Stede Broec
    "GM0852": 17_500,  # Waterland
    "GM0880": 16_800,  # Wormerland
    "GM1598": 24_000,  # Koggenland
    "GM1696": 24_500,  # Wijdemeren
    "GM1911": 49_500,  # Hollands Kroon
    "GM1942": 59_500,  # Gooise Meren
    "GM1980": 90_000,  # Dijk en Waard
}

# Jobs by work location, thousands (CBS/LISA order of magnitude): where
# employers and vacancies are. Schiphol and the flower auction make
# Haarlemmermeer and Aalsmeer weigh far more than their inhabitants.
JOBS_THOUSANDS = {
    "GM0358": 32, "GM0361": 62, "GM0362": 62, "GM0363": 640, "GM0373": 10, "GM0375": 18,
    "GM0376": 4, "GM0377": 8, "GM0383": 9, "GM0384": 18, "GM0385": 14, "GM0388": 8,
    "GM0392": 80, "GM0394": 170, "GM0396": 10, "GM0397": 10, "GM0399": 9, "GM0400": 25,
    "GM0402": 58, "GM0405": 38, "GM0406": 12, "GM0415": 3, "GM0417": 6, "GM0420": 18,
    "GM0431": 5, "GM0432": 4, "GM0437": 27, "GM0439": 33, "GM0441": 19, "GM0448": 8,
    "GM0450": 6, "GM0451": 14, "GM0453": 38, "GM0473": 7, "GM0479": 68, "GM0498": 7,
    "GM0532": 8, "GM0852": 5, "GM0880": 6, "GM1598": 7, "GM1696": 7, "GM1911": 24,
    "GM1942": 24, "GM1980": 30,
}  # fmt: skip

# Share of the employed by ISCO-08 major group in the Netherlands (percent).
ISCO_MAJOR_SHARE = {
    "0": 0.4,  # armed forces
    "1": 6.5,  # managers
    "2": 26.0,  # professionals
    "3": 16.0,  # technicians and associate professionals
    "4": 9.5,  # clerical support
    "5": 17.0,  # service and sales
    "6": 1.8,  # skilled agricultural
    "7": 8.0,  # craft and related trades
    "8": 5.0,  # plant and machine operators
    "9": 9.8,  # elementary occupations
}

# How each labour-market region differs from that mix.
REGION_ISCO_TILT = {
    "AM18": {"1": 1.1, "2": 1.3, "3": 1.1, "6": 0.3, "7": 0.75, "8": 0.75},  # Groot Amsterdam
    "AM15": {"0": 4.0, "2": 0.75, "6": 2.8, "7": 1.35, "8": 1.3},  # Noord-Holland Noord (navy in Den Helder)
    "AM37": {"7": 1.2, "8": 1.4},  # Zuid-Kennemerland en IJmond (steel in IJmuiden)
    "AM17": {"2": 0.9, "7": 1.15, "8": 1.35, "9": 1.1},  # Zaanstreek/Waterland (food industry)
    "AM12": {"1": 1.25, "2": 1.15, "6": 0.6},  # Gooi en Vechtstreek (media in Hilversum)
}

# Vacancies lean to where the shortages are: technical work first, then care
# and education.
DEMAND_TILT = {
    "21": 1.3, "25": 1.3, "31": 1.35, "35": 1.3, "71": 1.35, "72": 1.3, "74": 1.4,
    "22": 1.15, "32": 1.15, "53": 1.15, "23": 1.1,
}  # fmt: skip

# SBI section by ISCO sub-major group (first two digits), as (letter, weight);
# unit groups that deviate have their own line.
SECTOR_BY_ISCO = {
    "0": [("O", 1)],
    "11": [("M", 0.4), ("O", 0.3), ("K", 0.3)],
    "12": [("M", 0.5), ("K", 0.2), ("J", 0.15), ("G", 0.15)],
    "13": [("C", 0.25), ("F", 0.15), ("Q", 0.25), ("P", 0.15), ("H", 0.2)],
    "14": [("I", 0.5), ("G", 0.5)],
    "21": [("M", 0.6), ("C", 0.25), ("D", 0.15)],
    "22": [("Q", 1)],
    "23": [("P", 1)],
    "24": [("M", 0.45), ("K", 0.35), ("O", 0.2)],
    "25": [("J", 0.75), ("K", 0.15), ("M", 0.1)],
    "26": [("M", 0.35), ("R", 0.3), ("O", 0.2), ("J", 0.15)],
    "31": [("C", 0.35), ("F", 0.2), ("M", 0.2), ("D", 0.15), ("E", 0.1)],
    "32": [("Q", 1)],
    "33": [("K", 0.3), ("N", 0.3), ("M", 0.2), ("G", 0.2)],
    "34": [("R", 0.3), ("Q", 0.4), ("S", 0.3)],
    "35": [("J", 0.8), ("N", 0.2)],
    "41": [("N", 0.4), ("O", 0.3), ("K", 0.3)],
    "42": [("N", 0.5), ("K", 0.3), ("I", 0.2)],
    "43": [("H", 0.5), ("K", 0.3), ("N", 0.2)],
    "44": [("O", 0.5), ("N", 0.5)],
    "51": [("I", 0.5), ("S", 0.3), ("H", 0.2)],
    "52": [("G", 1)],
    "53": [("Q", 0.8), ("P", 0.2)],
    "54": [("O", 0.5), ("N", 0.5)],
    "6": [("A", 1)],
    "71": [("F", 1)],
    "72": [("C", 0.7), ("G", 0.15), ("H", 0.15)],
    "73": [("C", 1)],
    "74": [("F", 0.6), ("C", 0.25), ("D", 0.15)],
    "75": [("C", 1)],
    "81": [("C", 0.85), ("E", 0.15)],
    "82": [("C", 1)],
    "83": [("H", 0.85), ("F", 0.15)],
    "91": [("N", 0.8), ("T", 0.2)],
    "92": [("A", 1)],
    "93": [("F", 0.35), ("C", 0.35), ("H", 0.3)],
    "94": [("I", 1)],
    "95": [("G", 1)],
    "96": [("E", 0.6), ("S", 0.4)],
    # Aircraft maintenance is mostly airline and airport work around Schiphol.
    "7232": [("H", 0.7), ("C", 0.3)],
    "3153": [("H", 1)],
    "3154": [("H", 1)],
    "5111": [("H", 1)],
    "3131": [("D", 1)],
    "7413": [("D", 1)],
}
DEFAULT_SECTORS = [("N", 1)]

# The usual NLQF level by ISCO skill level of the major group, refined for a
# few groups that need a master's degree or more.
NLQF_BY_ISCO = {
    "0": 4, "1": 6, "2": 6, "3": 4, "4": 3, "5": 3, "6": 2, "7": 3, "8": 2, "9": 1,
    "211": 7, "221": 7, "231": 8, "261": 7,
}  # fmt: skip


# Languages people in Noord-Holland name, by the English word in ESCO's language skills.
LANGUAGE_WEIGHTS = {
    "Dutch": 10.0, "English": 6.0, "German": 1.5, "French": 1.0, "Spanish": 0.6,
    "Turkish": 0.5, "Arabic": 0.5, "Polish": 0.4, "Portuguese": 0.2, "Italian": 0.2,
}  # fmt: skip
OTHER_LANGUAGE_WEIGHT = 0.01

FIRST_NAMES = (
    "Sanne Lotte Emma Julia Anne Fleur Lisa Eva Sophie Femke Iris Noor Sara Mila Tess Anouk Esther Marieke Ingrid "
    "Monique Petra Yvonne Fatima Aylin Samira Priya Ewa Linh Nadia Kim Romy Lieke Maud Johanna Wilma Charlotte "
    "Daan Sem Lucas Levi Finn Milan Thijs Bram Jesse Ruben Tim Lars Koen Martijn Jeroen Mark Peter Jan Kees Henk "
    "Sander Dennis Mohamed Youssef Emre Mehmet Rachid Ravi Tomasz Minh Stefan Niels Wouter Bas Joost Gerrit Rik"
).split()
SURNAMES = (
    "De Jong|Jansen|De Vries|Van den Berg|Van Dijk|Bakker|Janssen|Visser|Smit|Meijer|De Boer|Mulder|De Groot|Bos|"
    "Vos|Peters|Hendriks|Van Leeuwen|Dekker|Brouwer|De Wit|Dijkstra|Smits|De Graaf|Van der Meer|Van der Linden|"
    "Kok|Jacobs|De Haan|Vermeulen|Van den Heuvel|Van der Veen|Van den Broek|De Bruijn|Van der Heijden|Schouten|"
    "Van Beek|Willems|Van Vliet|Hoekstra|Maas|Verhoeven|Koster|Van Dam|Van der Wal|Prins|Blom|Huisman|Kramer|"
    "Kuiper|Groen|Schipper|Zwart|Veenstra|Boersma|Molenaar|Keizer|Verbeek|Timmermans|Koning|Kuijpers|Postma|"
    "Yilmaz|Kaya|Demir|Öztürk|El Amrani|Bouzid|Tahiri|Ramdin|Kisoensingh|Baldewsingh|Nguyen|Kowalski|Nowak|"
    "Pinas|Martina|Da Silva"
).split("|")
LEGAL_FORMS = ("", "", " B.V.", " B.V.", " Groep", " & Zn.")

# Words that make an employer's name sound like its trade, by SBI section.
TRADE_WORDS = {
    "A": ("Kwekerij", "Tuinbouw", "Bloembollen", "Agrarisch Bedrijf"),
    "B": ("Zandwinning", "Delfstoffen"),
    "C": ("Metaal", "Machinefabriek", "Productie", "Food", "Industrie"),
    "D": ("Energie", "Netwerken", "Windpark"),
    "E": ("Recycling", "Afvalbeheer", "Waterbeheer"),
    "F": ("Bouw", "Installatietechniek", "Aannemers", "Elektrotechniek"),
    "G": ("Groothandel", "Handelsonderneming", "Retail", "Supermarkten"),
    "H": ("Logistiek", "Transport", "Aviation Services", "Havendiensten"),
    "I": ("Horeca", "Catering", "Hotels", "Restaurants"),
    "J": ("ICT", "Software", "Media", "Digital"),
    "K": ("Financiële Diensten", "Verzekeringen", "Vermogensbeheer"),
    "L": ("Vastgoed", "Woningbeheer"),
    "M": ("Advies", "Ingenieursbureau", "Accountants", "Advocaten"),
    "N": ("Zakelijke Diensten", "Uitzendbureau", "Facilitair", "Services"),
    "O": ("Gemeentelijke Diensten", "Overheidsdiensten"),
    "P": ("Scholengroep", "Opleidingen", "Onderwijsgroep"),
    "Q": ("Zorggroep", "Thuiszorg", "Kliniek", "Zorgcentrum"),
    "R": ("Cultuur", "Sportcentrum", "Recreatie"),
    "S": ("Diensten", "Servicebedrijf", "Kapsalon"),
    "T": ("Huishoudhulp",),
    "U": ("International",),
}

EDUCATION_TITLE_PREFIX = {
    1: "Entreeopleiding",
    2: "MBO 2",
    3: "MBO 3",
    4: "MBO 4",
    5: "Associate degree",
    6: "Bachelor",
    7: "Master",
    8: "Promotie",
}
# Schools by level band and region (MBO), or for the province (HBO, WO).
MBO_SCHOOLS = {
    "AM18": ("ROC van Amsterdam", "ROC TOP", "MBO College Airport"),
    "AM37": ("ROC Nova College",),
    "AM15": ("Horizon College", "ROC Kop van Noord-Holland"),
    "AM17": ("Regio College", "ROC van Amsterdam"),
    "AM12": ("ROC van Amsterdam", "MBO College Hilversum"),
}
HBO_SCHOOLS = ("Hogeschool van Amsterdam", "Hogeschool Inholland")
WO_SCHOOLS = ("Universiteit van Amsterdam", "Vrije Universiteit Amsterdam")


# --- The training catalogue ---------------------------------------------------

# The public providers of Noord-Holland: (name, kind, main municipality, other
# locations, weight, ISCO prefixes they are known for). Weight is roughly their
# size among providers of their kind; a course for an occupation in one of the
# prefixes goes to them several times more often (aviation to MBO College
# Airport, maritime and offshore to the Kop van Noord-Holland, green work to
# the AOC). Municipalities are where their main campuses are.
PUBLIC_PROVIDERS = (
    ("ROC van Amsterdam", "roc", "GM0363", ("GM0362", "GM0402", "GM0439"), 5.0, ()),
    ("ROC Nova College", "roc", "GM0392", ("GM0375", "GM0453", "GM0394"), 3.0, ("72", "81", "31")),
    ("Horizon College", "roc", "GM0361", ("GM1980", "GM0405", "GM0439"), 2.5, ("22", "32", "53")),
    ("ROC Kop van Noord-Holland", "roc", "GM0400", ("GM0441",), 1.0, ("3151", "3152", "7233", "8350", "3119", "0")),
    ("Clusius College", "roc", "GM0361", ("GM0405", "GM0439", "GM0383", "GM0441"), 1.0, ("6", "92", "3142", "2132", "7514")),
    ("MBO College Airport", "roc", "GM0394", (), 0.8, ("315", "7232", "5111", "4323", "8322", "9333")),
    ("Hogeschool van Amsterdam", "hogeschool", "GM0363", (), 3.0, ()),
    ("Hogeschool Inholland", "hogeschool", "GM0392", ("GM0361", "GM0384"), 2.0, ("21", "31", "22", "23")),
    ("Universiteit van Amsterdam", "university", "GM0363", (), 1.0, ()),
    ("Vrije Universiteit Amsterdam", "university", "GM0363", (), 1.0, ()),
    # Techniek & technologiecampussen and fieldlabs named in the manifest.
    ("Techport", "campus", "GM0396", ("GM0375", "GM0453"), 1.5, ("31", "72", "74", "81", "71")),
    ("TechLands", "campus", "GM0361", ("GM0400", "GM1911"), 1.0, ("31", "71", "72", "74", "3119")),
    ("TerraTechnica", "fieldlab", "GM0361", (), 1.0, ("21", "31", "74", "25")),
)
# What each kind of public provider is recognised for.
PUBLIC_RECOGNITIONS = {
    "roc": ["ocw", "nlqf"],
    "hogeschool": ["ocw", "nvao"],
    "university": ["ocw", "nvao"],
    "campus": ["nlqf"],
    "fieldlab": [],
}
PUBLIC_DESCRIPTIONS = {
    "roc": "Regionaal opleidingscentrum: mbo-opleidingen (BOL en BBL) en maatwerk voor werkenden.",
    "hogeschool": "Hogeschool: associate degrees, bachelors, masters en een academie voor werkenden.",
    "university": "Universiteit: bachelors, masters en postacademisch onderwijs.",
    "campus": "Techniek- en technologiecampus: onderwijs en bedrijven leren samen, met korte praktijkmodules.",
    "fieldlab": "Fieldlab: leren en innoveren op de werkvloer, korte modules met bedrijven.",
}

# Private providers: a trade word that matches what they teach (by ISCO
# prefix), and a name pattern. The first entry that matches wins.
PRIVATE_SPECIALTIES = (
    (("71", "72", "74", "31", "81", "82", "21", "3119", "3131"), ("Techniek", "Installatie", "Vaktechniek", "Energietransitie")),
    (("22", "32", "53"), ("Zorg", "Zorgopleidingen", "Care")),
    (("25", "35"), ("ICT", "IT", "Digitale Vaardigheden")),
    (("12", "24", "33", "41", "42", "43", "44"), ("Management", "Business", "Finance")),
    (("51", "94", "14"), ("Horeca", "Gastvrijheid")),
    (("83", "93", "4321", "96"), ("Logistiek", "Transport")),
    (("6", "92"), ("Groen", "Tuinbouw")),
    (("23", "26", "34"), ("Pedagogiek", "Communicatie", "Creatief")),
)
PRIVATE_NAME_PATTERNS = (
    "{word} Academie {surname}",
    "{surname} {word} Opleidingen",
    "Opleidingscentrum {word} {place}",
    "{word} Instituut Noord-Holland",
    "Trainingshuis {surname}",
    "{word} Leerhuis {place}",
    "{surname} & Partners {word} Training",
)
# Recognitions of a private provider, each with its own chance. Recognised
# (and fundable from public budgets) only with NRTO or CEDEO.
PRIVATE_RECOGNITION_P = {"nrto": 0.45, "cedeo": 0.25, "crkbo": 0.6, "nlqf": 0.05}
RECOGNISED_BY = {
    "ocw": "Ministerie van OCW",
    "nvao": "NVAO",
    "nrto": "NRTO-keurmerk",
    "cedeo": "CEDEO",
    "nlqf": "NCP NLQF",
}

# ISCED-F 2013 detailed field (4 digits) by ISCO-08 prefix; the longest prefix wins.
ISCED_F_BY_ISCO = {
    "0": "1032",
    "1": "0413", "14": "1013",
    "2": "0413", "21": "0710", "211": "0533", "212": "0541", "213": "0511", "2141": "0715", "2142": "0732",
    "2143": "0712", "2144": "0715", "2145": "0711", "2146": "0724", "215": "0713", "2152": "0714", "2153": "0714",
    "216": "0731", "2163": "0212", "2165": "0532", "2166": "0211",
    "22": "0913", "221": "0912", "222": "0913", "224": "0915", "225": "0841", "2261": "0911", "2262": "0916",
    "2264": "0915", "2265": "0915",
    "23": "0114", "2341": "0113", "2342": "0112",
    "24": "0413", "241": "0411", "243": "0414",
    "25": "0613", "252": "0612",
    "26": "0322", "261": "0421", "263": "0312", "2634": "0313", "2635": "0923", "2636": "0221", "264": "0321",
    "265": "0215", "2651": "0213", "2654": "0211",
    "3": "0710", "3111": "0711", "3112": "0732", "3113": "0713", "3114": "0714", "3115": "0715", "3116": "0711",
    "3117": "0724", "3118": "0732", "3119": "0719", "3122": "0715", "3123": "0732", "313": "0713", "3132": "0712",
    "3133": "0711", "3134": "0724", "3135": "0715", "314": "0511", "3142": "0811", "3143": "0821", "315": "1041",
    "3155": "0714",
    "32": "0913", "321": "0914", "3213": "0916", "324": "0841", "3251": "0911", "3254": "0914", "3255": "0915",
    "33": "0410", "331": "0412", "332": "0416", "333": "0413", "334": "0415",
    "34": "0923", "342": "1014", "343": "0211", "3434": "1013",
    "35": "0612", "352": "0714",
    "4": "0415", "42": "0416", "4221": "1015", "43": "0411",
    "5": "1015", "512": "1013", "513": "1013", "514": "1012", "515": "1011", "52": "0416", "53": "0922",
    "5321": "0913", "54": "1032",
    "6": "0811", "6113": "0812", "62": "0821", "622": "0831",
    "7": "0732", "7127": "0713", "72": "0715", "723": "0716", "7233": "0715", "73": "0214", "732": "0211",
    "74": "0713", "742": "0714", "75": "0721", "752": "0722", "753": "0723", "754": "0719",
    "8": "0715", "811": "0724", "813": "0711", "816": "0721", "83": "1041",
    "9": "1011", "92": "0811", "93": "0732", "932": "0715", "933": "1041", "94": "1013", "95": "0416", "96": "0712",
}  # fmt: skip
