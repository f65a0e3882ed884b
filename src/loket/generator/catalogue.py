"""Drawing a plausible training catalogue: providers, courses and offerings (NumPy and plain data, no database).

A course is cut from one ESCO occupation: it teaches a coherent handful of
that occupation's skills (an anchor skill and the skills that share its skill
group), at the occupation's level, by a provider whose kind fits that level.
Skills asked for by many occupations and vacancies are chosen as anchor more
often; a share of the skills is never taught, so the loket's shortage signal
has something to show. ``services`` turns the result into rows.
"""

from dataclasses import dataclass, field

import numpy as np

from loket.catalog.models import NLQF_OF_LEVEL, CourseLevel

from . import data
from .profiles import _by_prefix, occupation_weights
from .sampling import capitalised

DAY = np.timedelta64(1, "D")

# How much of the catalogue is whole qualifications (mbo, AD, bachelor, master)
# rather than short modules for people who already work.
FULL_PROGRAMME_SHARE = 0.2
# Skills a course teaches: (fewest, most) and the chances of each number.
SHORT_SKILLS = np.array([2, 3, 4, 5]), np.array([0.3, 0.35, 0.2, 0.15])
FULL_SKILLS = np.array([6, 7, 8]), np.array([0.3, 0.35, 0.35])
# Runs of one course in the coming year.
SHORT_RUNS = np.array([1, 2, 3, 4]), np.array([0.3, 0.3, 0.22, 0.18])
FULL_RUNS = np.array([1, 2]), np.array([0.7, 0.3])
# Share of the skills that no provider teaches: the shortage signal.
UNTAUGHT_SHARE = 0.05
# Demand: an occupation that lists a skill as essential counts 1, as optional this much.
OPTIONAL_DEMAND = 0.3
# Technical work: the campuses and fieldlabs teach it, and so do more private providers.
TECHNICAL_ISCO = ("21", "31", "71", "72", "74", "81", "82", "3119", "3131")
SHORT_PROVIDER_KINDS = ("private", "public", "campus", "fieldlab")
SHORT_PROVIDER_P = {True: np.array([0.55, 0.2, 0.15, 0.1]), False: np.array([0.75, 0.25, 0.0, 0.0])}
SPECIALTY_BONUS = 6.0
PRIVATE_COURSES_PER_PROVIDER = 40

LEVEL_BY_NLQF = {
    1: CourseLevel.MBO1, 2: CourseLevel.MBO2, 3: CourseLevel.MBO3, 4: CourseLevel.MBO4,
    5: CourseLevel.ASSOCIATE, 6: CourseLevel.BACHELOR, 7: CourseLevel.MASTER, 8: CourseLevel.MASTER,
}  # fmt: skip
# Years of a full programme by level (mbo 4: three or four), and the yearly fee including VAT in euros
# (mbo lesgeld for those over 18, hbo/wo wettelijk collegegeld, 2025/26, rounded).
FULL_YEARS = {
    CourseLevel.MBO1: (1,), CourseLevel.MBO2: (2,), CourseLevel.MBO3: (3,), CourseLevel.MBO4: (3, 4),
    CourseLevel.ASSOCIATE: (2,), CourseLevel.BACHELOR: (4,), CourseLevel.MASTER: (1, 2),
}  # fmt: skip
HOURS_PER_YEAR = 1600
YEARLY_FEE_EUR = {"mbo": 1_410, "hbo": 2_600}
# Short modules: study hours (log-normal, median and spread) and price per study hour (euros).
SHORT_HOURS = {"private": (32, 0.8), "public": (80, 0.7), "campus": (40, 0.6), "fieldlab": (24, 0.6)}
SHORT_HOURS_RANGE = (4, 400)
SHORT_PRICE_RANGE_EUR = (200, 3_000)
EURO_PER_HOUR = {"private": (28, 0.35), "public": (14, 0.3), "campus": (18, 0.3), "fieldlab": (20, 0.3)}
ONLINE_DISCOUNT = 0.9
# Modality of a run: online, hybrid, on site.
MODALITY = ("online", "hybrid", "on_site")
MODALITY_P = {
    "full": np.array([0.02, 0.13, 0.85]),
    "private": np.array([0.35, 0.25, 0.4]),
    "public": np.array([0.15, 0.3, 0.55]),
    "campus": np.array([0.0, 0.1, 0.9]),
    "fieldlab": np.array([0.0, 0.15, 0.85]),
}
HOURS_PER_WEEK = {"online": 6, "hybrid": 8, "on_site": 12}
AT_PROVIDER_SHARE = 0.7  # a run at the provider's own municipality, else nearby in its region
CANCELLED_SHARE = 0.03
NO_SEATS_GIVEN_SHARE = 0.1
ENGLISH_SHARE = {"university": 0.6, "hogeschool": 0.1, "private": 0.05}
SHORT_TITLES = (
    ("Cursus {skill}", "Course: {skill}"),
    ("{Skill} in de praktijk", "{Skill} in practice"),
    ("Basistraining {skill}", "Foundation training: {skill}"),
    ("Praktijkmodule {skill}", "Practical module: {skill}"),
    ("Workshop {skill}", "Workshop: {skill}"),
    ("Opfriscursus {skill}", "Refresher course: {skill}"),
)
ADVANCED_TITLES = (("Masterclass {skill}", "Masterclass: {skill}"), ("Leergang {skill}", "Programme: {skill}"))
FULL_TITLE_PREFIX = {
    CourseLevel.MBO1: ("Entreeopleiding", "Entry-level programme"),
    CourseLevel.MBO2: ("Mbo 2", "MBO level 2"), CourseLevel.MBO3: ("Mbo 3", "MBO level 3"),
    CourseLevel.MBO4: ("Mbo 4", "MBO level 4"), CourseLevel.ASSOCIATE: ("Associate degree", "Associate degree"),
    CourseLevel.BACHELOR: ("Bachelor", "Bachelor"), CourseLevel.MASTER: ("Master", "Master"),
}  # fmt: skip


@dataclass(frozen=True)
class SkillFacts:
    """What the catalogue needs to know about skills and occupations beyond ``profiles.Taxonomy``."""

    label_nl: dict  # skill id -> Dutch label (else English)
    label_en: dict  # skill id -> English label (else Dutch)
    group: dict  # skill id -> its first broader skill group id
    parent: dict  # skill group id -> its broader group id
    occupation_label_en: list  # per occupation of the Taxonomy
    vacancy_skill_demand: dict = field(default_factory=dict)  # skill id -> open vacancies asking for it
    vacancy_occupation_demand: dict = field(default_factory=dict)  # occupation index -> open vacancies


@dataclass
class Providers:
    """Columns per provider. A public one is a real provider: the writer looks it up by name before making it."""

    name: list
    kind: list
    municipality: np.ndarray  # index into Geography
    locations: list  # per provider, municipality indexes where it teaches
    recognitions: list
    description: list
    public: np.ndarray  # bool: a real provider (found by name), not a synthetic one
    weight: np.ndarray
    specialties: list  # ISCO prefixes

    def __len__(self):
        return len(self.name)


@dataclass
class Catalogue:
    providers: Providers
    courses: dict  # columns; "provider" is an index into providers
    course_skills: dict  # "course" (index), "skill_id"
    offerings: dict  # columns; "course" is an index, "municipality" -1 when online
    untaught: np.ndarray  # skill ids left out on purpose


def _cdf(weights):
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    return cdf / cdf[-1]


def _pick(rng, cdf):
    return min(int(np.searchsorted(cdf, rng.random(), side="right")), len(cdf) - 1)


def isced_field(isco):
    # 9999 is ISCED-F's own "field unknown".
    return _by_prefix(data.ISCED_F_BY_ISCO, isco, "9999") if isco else "9999"


def is_technical(isco):
    return any(isco.startswith(prefix) for prefix in TECHNICAL_ISCO)


def _matches(isco, prefixes):
    return any(isco.startswith(prefix) for prefix in prefixes)


def private_provider_count(courses):
    return max(3, round(courses * 0.6 / PRIVATE_COURSES_PER_PROVIDER))


def draw_providers(rng, geography, private_count, specialty_weights=None):
    """The public providers of Noord-Holland (by name) and ``private_count`` synthetic private ones,
    each private one with a specialty of ``data.PRIVATE_SPECIALTIES`` drawn by ``specialty_weights``."""
    specialty_cdf = _cdf(np.ones(len(data.PRIVATE_SPECIALTIES)) if specialty_weights is None else specialty_weights)
    index = {code: i for i, code in enumerate(geography.codes)}
    fallback = int(np.argmax(geography.jobs))
    names, kinds, places, locations, recognitions, descriptions, public, weights, specialties = ([] for _ in range(9))
    for name, kind, place, others, weight, prefixes in data.PUBLIC_PROVIDERS:
        home = index.get(place, fallback)
        names.append(name)
        kinds.append(kind)
        places.append(home)
        locations.append([home] + [index[code] for code in others if code in index])
        recognitions.append(list(data.PUBLIC_RECOGNITIONS[kind]))
        descriptions.append(data.PUBLIC_DESCRIPTIONS[kind])
        public.append(True)
        weights.append(weight)
        specialties.append(tuple(prefixes))
    jobs_cdf = _cdf(geography.jobs)
    taken = set(names)
    for number in range(private_count):
        prefixes, words = data.PRIVATE_SPECIALTIES[_pick(rng, specialty_cdf)]
        home = _pick(rng, jobs_cdf)
        pattern = data.PRIVATE_NAME_PATTERNS[int(rng.integers(len(data.PRIVATE_NAME_PATTERNS)))]
        name = pattern.format(
            word=words[int(rng.integers(len(words)))],
            surname=data.SURNAMES[int(rng.integers(len(data.SURNAMES)))],
            place=geography.names[home],
        )
        if name in taken:
            name = f"{name} {geography.names[home]}" if geography.names[home] not in name else f"{name} {number + 2}"
        while name in taken:
            name = f"{name} {number + 2}"
        taken.add(name)
        held = [kind for kind, p in data.PRIVATE_RECOGNITION_P.items() if rng.random() < p]
        names.append(name)
        kinds.append("private")
        places.append(home)
        locations.append([home])
        recognitions.append(held)
        descriptions.append(f"Particuliere opleider in {geography.names[home]}: korte cursussen en trainingen voor werkenden.")
        public.append(False)
        weights.append(float(rng.lognormal(0, 0.6)))
        specialties.append(tuple(prefixes))
    return Providers(
        name=names,
        kind=kinds,
        municipality=np.array(places, dtype=np.int64),
        locations=locations,
        recognitions=recognitions,
        description=descriptions,
        public=np.array(public, dtype=bool),
        weight=np.array(weights, dtype=np.float64),
        specialties=specialties,
    )


class CatalogueSampler:
    """Draws courses and their runs from one taxonomy, map and random generator."""

    def __init__(self, taxonomy, facts, geography, rng, today):
        self.taxonomy, self.facts, self.geography, self.rng = taxonomy, facts, geography, rng
        self.today = np.datetime64(today, "D")
        self.region_members = [np.flatnonzero(geography.region_of == r) for r in range(len(geography.region_codes))]
        self._demand()

    def _demand(self):
        taxonomy, facts = self.taxonomy, self.facts
        demand = {}
        for csr, weight in ((taxonomy.essential, 1.0), (taxonomy.optional, OPTIONAL_DEMAND)):
            for skill in csr.values.tolist():
                demand[skill] = demand.get(skill, 0.0) + weight
        asked = facts.vacancy_skill_demand
        if asked:
            # Vacancies weigh as much in all as the occupations do.
            scale = sum(demand.values()) / max(sum(asked.values()), 1)
            for skill, count in asked.items():
                if skill in demand:
                    demand[skill] += scale * count
        self.demand = demand
        teachable = np.array(sorted(set(taxonomy.essential.values.tolist())), dtype=np.int64)
        untaught_count = int(round(UNTAUGHT_SHARE * len(teachable)))
        self.untaught = np.sort(self.rng.choice(teachable, untaught_count, replace=False)) if untaught_count else teachable[:0]
        self.untaught_set = set(self.untaught.tolist())
        # Occupations: where the jobs are (the vacancy mix of each region, by jobs), and the open vacancies.
        jobs = np.array([self.geography.jobs[members].sum() for members in self.region_members])
        weights = sum(
            share * occupation_weights(taxonomy, code, demand=True)
            for share, code in zip(jobs / jobs.sum(), self.geography.region_codes)
        )
        if facts.vacancy_occupation_demand:
            vacancies = np.zeros(len(taxonomy))
            for occupation, count in facts.vacancy_occupation_demand.items():
                vacancies[occupation] = count
            weights = 0.5 * weights / weights.sum() + 0.5 * vacancies / max(vacancies.sum(), 1)
        self.occupation_cdf = _cdf(weights)
        self.occupation_weights = weights / weights.sum()

    def specialty_weights(self):
        """How much of the demand each private specialty covers (a little for each, so every kind exists)."""
        weights = np.full(len(data.PRIVATE_SPECIALTIES), 0.02)
        for occupation, isco in enumerate(self.taxonomy.isco):
            for index, (prefixes, _words) in enumerate(data.PRIVATE_SPECIALTIES):
                if _matches(isco, prefixes):
                    weights[index] += self.occupation_weights[occupation]
                    break
        return weights

    def _provider(self, providers, kind, isco, cache):
        """A provider of ``kind``, by size, several times more often one known for the occupation's field."""
        key = (kind, isco)
        if key not in cache:
            rows = [i for i, k in enumerate(providers.kind) if k == kind]
            matching = [_matches(isco, providers.specialties[i]) for i in rows]
            # A private provider teaches its own trade; the big public ones teach everything, their specialty more.
            other = 0.0 if kind == "private" and any(matching) else 1.0
            weights = [providers.weight[i] * (SPECIALTY_BONUS if match else other) for i, match in zip(rows, matching)]
            cache[key] = rows, _cdf(weights)
        rows, cdf = cache[key]
        return rows[_pick(self.rng, cdf)]

    def _skills(self, occupation, size):
        """An anchor skill (by demand) and the skills of the occupation that belong with it."""
        rng, taxonomy, facts = self.rng, self.taxonomy, self.facts
        start, end = taxonomy.essential.indptr[occupation], taxonomy.essential.indptr[occupation + 1]
        essential = [s for s in taxonomy.essential.values[start:end].tolist() if s not in self.untaught_set]
        start, end = taxonomy.optional.indptr[occupation], taxonomy.optional.indptr[occupation + 1]
        optional = [s for s in taxonomy.optional.values[start:end].tolist() if s not in self.untaught_set]
        if not essential:
            return []
        weights = np.array([self.demand.get(s, 1.0) for s in essential])
        anchor = essential[_pick(rng, _cdf(weights))]
        group = facts.group.get(anchor)
        parent = facts.parent.get(group)

        def tier(skill, is_essential):
            own = facts.group.get(skill)
            if group is not None and own == group:
                return 0 if is_essential else 2
            if parent is not None and (own == parent or facts.parent.get(own) == parent):
                return 1 if is_essential else 3
            return 4 if is_essential else 9

        candidates = [(tier(s, True), s) for s in essential if s != anchor]
        candidates += [(tier(s, False), s) for s in optional]
        candidates = [(t, s) for t, s in candidates if t < 9]
        noise = rng.random(len(candidates))
        ranked = [s for _t, _n, s in sorted((t, n, s) for (t, s), n in zip(candidates, noise))]
        return [anchor] + ranked[: size - 1]

    def draw(self, providers, offerings):
        """Courses and their runs until there are ``offerings`` runs."""
        rng, taxonomy, facts, geography = self.rng, self.taxonomy, self.facts, self.geography
        courses = {name: [] for name in (
            "provider", "occupation", "title_nl", "title_en", "description_nl", "description_en", "teaching_language",
            "level", "nlqf_level", "crebo", "croho", "isced_f", "study_hours", "recognised", "recognised_by", "funds",
            "full", "price_eur", "kind",
        )}  # fmt: skip
        course_skills = {"course": [], "skill_id": []}
        runs_per_course, cache, total, attempts = [], {}, 0, 0
        public_kinds = {"roc", "hogeschool", "university"}
        while total < offerings:
            attempts += 1
            if attempts > 50 * offerings + 1000:
                break  # a taxonomy with nothing left to teach
            occupation = _pick(rng, self.occupation_cdf)
            isco = taxonomy.isco[occupation]
            level = LEVEL_BY_NLQF[int(taxonomy.nlqf[occupation])]
            full = rng.random() < FULL_PROGRAMME_SHARE
            if full:
                sizes, p = FULL_SKILLS
                if level in (CourseLevel.MBO1, CourseLevel.MBO2, CourseLevel.MBO3, CourseLevel.MBO4):
                    kind = "roc"
                elif level == CourseLevel.MASTER:
                    kind = "university" if rng.random() < 0.85 else "hogeschool"
                elif level == CourseLevel.BACHELOR:
                    kind = "hogeschool" if rng.random() < 0.75 else "university"
                else:
                    kind = "hogeschool"
            else:
                sizes, p = SHORT_SKILLS
                choice = SHORT_PROVIDER_KINDS[rng.choice(4, p=SHORT_PROVIDER_P[is_technical(isco)])]
                if choice == "public":
                    nlqf = NLQF_OF_LEVEL[level]
                    kind = "roc" if nlqf <= 4 else "hogeschool" if nlqf <= 6 or rng.random() < 0.5 else "university"
                else:
                    kind = choice
            skills = self._skills(occupation, int(sizes[rng.choice(len(sizes), p=p)]))
            if len(skills) < 2:
                continue
            provider = self._provider(providers, kind, isco, cache)
            course = len(runs_per_course)
            self._describe(courses, course, occupation, isco, level, full, kind, provider, providers, skills)
            course_skills["course"].extend([course] * len(skills))
            course_skills["skill_id"].extend(skills)
            sizes, p = FULL_RUNS if full else SHORT_RUNS
            runs = min(int(sizes[rng.choice(len(sizes), p=p)]), offerings - total)
            runs_per_course.append(runs)
            total += runs
        numeric = ("provider", "occupation", "nlqf_level", "study_hours", "recognised", "full", "price_eur")
        columns = {name: np.array(values) if name in numeric else values for name, values in courses.items()}
        skills = {name: np.array(values, dtype=np.int64) for name, values in course_skills.items()}
        runs = self._offerings(columns, providers, np.array(runs_per_course, dtype=np.int64), public_kinds)
        return Catalogue(providers=providers, courses=columns, course_skills=skills, offerings=runs, untaught=self.untaught)

    def _describe(self, courses, course, occupation, isco, level, full, kind, provider, providers, skills):
        rng, taxonomy, facts = self.rng, self.taxonomy, self.facts
        occupation_nl = taxonomy.labels[occupation]
        occupation_en = facts.occupation_label_en[occupation]
        skill_nl = [facts.label_nl.get(s, str(s)) for s in skills]
        skill_en = [facts.label_en.get(s, str(s)) for s in skills]
        nlqf = NLQF_OF_LEVEL[level]
        if full:
            prefix_nl, prefix_en = FULL_TITLE_PREFIX[level]
            title_nl, title_en = f"{prefix_nl} {occupation_nl}", f"{prefix_en} {occupation_en}"
            years = FULL_YEARS[level][int(rng.integers(len(FULL_YEARS[level])))]
            hours = years * HOURS_PER_YEAR if nlqf <= 4 else years * 60 * 28
            price = years * YEARLY_FEE_EUR["mbo" if nlqf <= 4 else "hbo"]
        else:
            titles = SHORT_TITLES + (ADVANCED_TITLES if nlqf >= 5 else ())
            pattern_nl, pattern_en = titles[int(rng.integers(len(titles)))]
            title_nl = pattern_nl.format(skill=skill_nl[0], Skill=capitalised(skill_nl[0]))
            title_en = pattern_en.format(skill=skill_en[0], Skill=capitalised(skill_en[0]))
            source = "public" if kind in ("roc", "hogeschool", "university") else kind
            median, spread = SHORT_HOURS[source]
            hours = int(np.clip(round(rng.lognormal(np.log(median), spread) / 4) * 4, *SHORT_HOURS_RANGE))
            rate, rate_spread = EURO_PER_HOUR[source]
            price = float(np.clip(hours * rng.lognormal(np.log(rate), rate_spread), *SHORT_PRICE_RANGE_EUR))
        recognitions = providers.recognitions[provider]
        public = kind in ("roc", "hogeschool", "university")
        recognised = public or "nrto" in recognitions or "cedeo" in recognitions or (kind == "campus" and "nlqf" in recognitions)
        if public and full:
            recognised_by = ", ".join(data.RECOGNISED_BY[r] for r in recognitions if r in ("ocw", "nvao"))
        elif recognised:
            recognised_by = ", ".join(data.RECOGNISED_BY[r] for r in recognitions if r in data.RECOGNISED_BY and r != "nvao")
        else:
            recognised_by = ""
        funds = []
        if recognised:
            funds.append("development_account")
            if full and nlqf >= 2:
                funds.append("llo_credit")
            if not full and is_technical(isco):
                funds.append("sector_fund")
            if nlqf <= 2:
                funds.append("municipality")
        funds.append("employer")
        english = rng.random() < ENGLISH_SHARE.get(kind, 0.0)
        code = ""
        if full:
            # A programme for the same occupation and level has the same register code everywhere.
            spread = (occupation * 7919 + nlqf * 104729) % 1000
            if nlqf <= 4:
                code = f"{25000 + spread:05d}"  # CREBO
            elif nlqf == 5:
                code = f"{80000 + spread:05d}"  # CROHO, associate degrees
            elif nlqf == 6:
                code = f"{(34000 if kind == 'hogeschool' else 56000) + spread:05d}"
            else:
                code = f"{(49000 if kind == 'hogeschool' else 60000) + spread:05d}"
        listed = ", ".join(skill_nl[:-1]) + " en " + skill_nl[-1]
        listed_en = ", ".join(skill_en[:-1]) + " and " + skill_en[-1]
        courses["provider"].append(provider)
        courses["occupation"].append(occupation)
        courses["title_nl"].append(capitalised(title_nl)[:250])
        courses["title_en"].append(capitalised(title_en)[:250])
        courses["description_nl"].append(f"Je leert: {listed}. Voor wie werkt of wil werken als {occupation_nl}.")
        courses["description_en"].append(f"You learn: {listed_en}. For those who work or want to work as {occupation_en}.")
        courses["teaching_language"].append("eng" if english else "nld")
        courses["level"].append(level.value)
        courses["nlqf_level"].append(nlqf)
        courses["crebo"].append(code if full and nlqf <= 4 else "")
        courses["croho"].append(code if full and nlqf > 4 else "")
        courses["isced_f"].append(isced_field(isco))
        courses["study_hours"].append(int(hours))
        courses["recognised"].append(bool(recognised))
        courses["recognised_by"].append(recognised_by)
        courses["funds"].append(funds)
        courses["full"].append(full)
        courses["price_eur"].append(price)
        courses["kind"].append(kind)

    def _offerings(self, courses, providers, runs, public_kinds):
        rng, geography, today = self.rng, self.geography, self.today
        count = int(runs.sum())
        course = np.repeat(np.arange(len(runs)), runs)
        full = courses["full"][course]
        kinds = [courses["kind"][c] for c in course.tolist()]
        # Start: short modules on a Monday from two weeks to a year ahead; programmes in September or February.
        start = today + rng.integers(14, 366, count) * DAY
        weekday = (start.astype("datetime64[D]").astype(np.int64) - 4) % 7  # 0 = Monday (1970-01-01 was a Thursday)
        start = start + ((7 - weekday) % 7) * DAY
        terms = _terms(today)
        start = np.where(full, terms[rng.integers(0, len(terms), count)], start)
        # Runs of one course in date order, so "the first run" means the next one.
        order = np.lexsort((start, course))
        start = start[order]
        modality_index = np.empty(count, dtype=np.int64)
        for source in MODALITY_P:
            if source == "full":
                rows = np.flatnonzero(full)
            else:
                rows = np.flatnonzero(~full & np.array([(k if k not in public_kinds else "public") == source for k in kinds]))
            modality_index[rows] = rng.choice(3, len(rows), p=MODALITY_P[source])
        modality = np.array(MODALITY)[modality_index]
        hours = courses["study_hours"][course]
        per_week = np.array([HOURS_PER_WEEK[m] for m in modality.tolist()])
        weeks = np.ceil(hours / per_week).astype(np.int64)
        days = np.where(full, np.round(hours / HOURS_PER_YEAR * 365).astype(np.int64) - 60, np.maximum(weeks * 7 - 3, 0))
        days = np.where((~full) & (hours <= 8), 0, days)  # a one-day course
        end = start + np.maximum(days, 0) * DAY
        enrol_start = start - rng.integers(60, 181, count) * DAY
        enrol_end = start - rng.integers(0, 15, count) * DAY
        provider = courses["provider"][course]
        municipality = np.empty(count, dtype=np.int64)
        at_home = rng.random(count) < AT_PROVIDER_SHARE
        nearby = {}
        for row, (p, home) in enumerate(zip(provider.tolist(), at_home.tolist())):
            locations = providers.locations[p]
            if home or len(locations) == 1 and rng.random() < 0.5:
                municipality[row] = locations[int(rng.integers(len(locations)))]
            else:
                region = int(geography.region_of[providers.municipality[p]])
                if region not in nearby:
                    members = self.region_members[region]
                    nearby[region] = members, _cdf(geography.jobs[members])
                members, cdf = nearby[region]
                municipality[row] = members[_pick(rng, cdf)]
        online = modality == "online"
        municipality[online] = -1
        base = courses["price_eur"][course] * np.where(online, ONLINE_DISCOUNT, 1.0)
        price_cents = np.maximum(np.round(base / 5).astype(np.int64) * 500, 500)
        seats = np.where(full, rng.integers(20, 121, count), rng.integers(8, 31, count))
        seats = np.ma.masked_array(seats, mask=rng.random(count) < NO_SEATS_GIVEN_SHARE)
        location = [
            "Online" if m < 0 else f"{providers.name[p]}, {geography.names[m]}"
            for p, m in zip(provider.tolist(), municipality.tolist())
        ]
        return {
            "course": course,
            "start_date": start,
            "end_date": end,
            "enrol_start": enrol_start,
            "enrol_end": enrol_end,
            "price_cents": price_cents,
            "modality": modality.tolist(),
            "municipality": municipality,
            "location": location,
            "seats": seats,
            "cancelled": rng.random(count) < CANCELLED_SHARE,
        }


def _terms(today):
    """The programme starts (1 September and 1 February) in the coming year."""
    starts = []
    year = int(str(today.astype("datetime64[Y]")))
    for y in (year, year + 1):
        for month in ("02", "09"):
            day = np.datetime64(f"{y}-{month}-01", "D")
            if today + 14 * DAY <= day <= today + 365 * DAY:
                starts.append(day)
    return np.array(starts or [today + 30 * DAY], dtype="datetime64[D]")


def draw_catalogue(taxonomy, facts, geography, rng, offerings, today):
    """Providers, courses and ``offerings`` runs; the same seed and inputs give the same catalogue."""
    sampler = CatalogueSampler(taxonomy, facts, geography, rng, today)
    expected_courses = max(1, int(offerings / 2.2))
    providers = draw_providers(rng, geography, private_provider_count(expected_courses), sampler.specialty_weights())
    return sampler.draw(providers, offerings)
