"""Generate and remove the synthetic population in the database.

Synthetic rows are recognisable without a column of their own: people have an
e-mail address at ``synthetisch.loket.nl``, employers a website under
``https://synthetisch.loket.nl/werkgevers/`` and a KvK number starting with 99,
vacancies an external id ``synthetisch-<id>``. ``clear`` removes exactly
those, with everything that hangs on them.
"""

import json
import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import Organisation, User
from loket.accounts.roles import Role
from loket.catalog.models import Course, CourseSkill, Offering, Provider
from loket.geography.models import Municipality, Region
from loket.passport.models import Education, Passport, PassportSkill, WorkExperience, default_findable_sections
from loket.taxonomy.models import (
    Broader,
    Collection,
    CollectionMembership,
    Concept,
    ConceptKind,
    Label,
    OccupationLevel,
    OccupationSkill,
    ReuseLevel,
)
from loket.vacancies.models import Placement, Vacancy, VacancySkill

from . import bulk, catalogue
from .columns import Categorical
from .profiles import build_geography, build_taxonomy
from .sampling import MOST_PER_PERSON, VACANCY_SKILLS, Sampler

SYNTHETIC_EMAIL_DOMAIN = "synthetisch.loket.nl"
SYNTHETIC_WEBSITE = "https://synthetisch.loket.nl/werkgevers/"
SYNTHETIC_EXTERNAL_ID = "synthetisch-"
# Synthetic providers have a website here; synthetic courses and offerings a code ``synthetisch-<id>``.
SYNTHETIC_PROVIDER_WEBSITE = "https://synthetisch.loket.nl/opleiders/"
SYNTHETIC_CODE = "synthetisch-"
# Without --offerings, a catalogue in proportion to the population: 1.5 million people, 20,000 offerings.
OFFERINGS_PER_PERSON = 20_000 / 1_500_000
# People or vacancies drawn at a time. Part of what a seed means (the draws
# follow each other chunk by chunk), so the same on every database; small
# enough that SQLite's rows as Python objects stay well under a gigabyte.
CHUNK = 10_000
SQLITE_CACHE_KIB = 512 * 1024


class NoTaxonomy(Exception):
    pass


class NoGeography(Exception):
    pass


class NullProgress:
    def start(self, label, total, unit="it"):
        pass

    def advance(self, amount=1):
        pass

    def finish(self):
        pass


@dataclass
class Result:
    seed: int
    persons: int = 0
    vacancies: int = 0
    employers: int = 0
    offerings: int = 0
    courses: int = 0
    providers: int = 0
    rows: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self):
        return sum(self.rows.values())

    def count(self, model, number):
        self.rows[model._meta.label] = self.rows.get(model._meta.label, 0) + number


def load_taxonomy(climate_groups=None):
    """The loaded ESCO release as arrays; raises ``NoTaxonomy`` when no occupation has essential skills."""
    occupations = list(
        Concept.objects.filter(kind=ConceptKind.OCCUPATION, status="released").values_list("id", "isco_group__code", "code")
    )
    labels = {}
    for concept_id, language, text in Label.objects.filter(
        concept__kind=ConceptKind.OCCUPATION, kind=Label.Kind.PREFERRED, language__in=["nl", "en"]
    ).values_list("concept_id", "language", "text"):
        if language == "nl" or concept_id not in labels:
            labels[concept_id] = text
    levels = dict(OccupationLevel.objects.values_list("occupation_id", "nlqf"))
    rows = [(oid, isco, code, labels.get(oid, code), levels.get(oid)) for oid, isco, code in occupations]
    links = OccupationSkill.objects.filter(skill__status="released").values_list("occupation_id", "skill_id", "relation")
    members = CollectionMembership.objects.filter(concept__status="released", concept__kind=ConceptKind.SKILL)
    green = members.filter(collection=Collection.GREEN).values_list("concept_id", flat=True)
    language_ids = set(members.filter(collection=Collection.LANGUAGE).values_list("concept_id", flat=True))
    english = dict(
        Label.objects.filter(concept_id__in=language_ids, kind=Label.Kind.PREFERRED, language="en").values_list("concept_id", "text")
    )
    skills = Concept.objects.filter(kind=ConceptKind.SKILL, status="released")
    transversal = set(members.filter(collection=Collection.TRANSVERSAL).values_list("concept_id", flat=True))
    transversal |= set(skills.filter(reuse_level=ReuseLevel.TRANSVERSAL).values_list("id", flat=True))
    if not transversal - language_ids:
        # A partial release (such as the sample) may lack the transversal
        # collection; skills used across sectors are the nearest thing.
        transversal = set(skills.filter(reuse_level=ReuseLevel.CROSS_SECTOR).values_list("id", flat=True))
    taxonomy = build_taxonomy(
        rows,
        list(links),
        green_skills=list(green),
        language_skills=[(skill_id, english.get(skill_id, "")) for skill_id in language_ids],
        transversal_skills=transversal,
        climate_groups=settings.LOKET_CLIMATE_ISCO_GROUPS if climate_groups is None else climate_groups,
    )
    if not len(taxonomy):
        raise NoTaxonomy()
    return taxonomy


def load_geography(year=None):
    municipalities = list(Municipality.objects.current(year).values_list("id", "code", "name", "region_id"))
    if not municipalities:
        raise NoGeography()
    regions = list(Region.objects.filter(id__in={row[3] for row in municipalities}).values_list("id", "code"))
    return build_geography(municipalities, regions)


def synthetic_people():
    return User.objects.filter(email__iendswith="@" + SYNTHETIC_EMAIL_DOMAIN)


def synthetic_employers():
    return Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER, website__startswith=SYNTHETIC_WEBSITE)


def default_offerings(persons):
    return int(round(persons * OFFERINGS_PER_PERSON))


def generate(
    persons=0, vacancies=0, history=0, seed=None, progress=None, chunk=CHUNK, today=None, climate_groups=None, offerings=0
):
    """Add ``persons`` people with passports and ``vacancies`` open vacancies (plus ``history``
    filled or closed ones) to whatever is in the database, and a training catalogue of
    ``offerings`` runs of courses; returns a ``Result``.

    People are one transaction and vacancies another, drawn and written in
    chunks of ``chunk`` to keep memory flat: an interrupted run leaves nothing
    half. A second thread draws and encodes the next chunk while this one
    sends the last to the database.
    """
    started = time.perf_counter()
    progress = progress or NullProgress()
    seed = int(np.random.SeedSequence().entropy % 2**63) if seed is None else int(seed)
    taxonomy = load_taxonomy(climate_groups)
    geography = load_geography()
    today = today or timezone.localdate()
    now = timezone.now()
    sampler = Sampler(taxonomy, geography, np.random.default_rng(seed), today=today, now=np.datetime64(now.replace(tzinfo=None), "us"))
    result = Result(seed=seed)
    with _sqlite_cache():
        if persons:
            tables = _PeopleTables(taxonomy, geography, now)
            bounds = {model: persons * most for model, most in tables.most_per_person().items()}
            expected = {model: int(persons * rows) for model, rows in ROWS_PER_PERSON.items()}
            with transaction.atomic(), bulk.key_checks_skipped(connection):
                ids = bulk.IdBlocks(connection, bounds)
                deferred = bulk.indexes_deferred(connection, _worth_deferring(expected))
                with deferred:
                    progress.start(_("Personen met een skillspaspoort"), persons, "personen")
                    batches = (tables.rows(sampler.people(min(chunk, persons - start)), ids) for start in range(0, persons, chunk))
                    result.persons = _pipeline(batches, progress, result, now)
                    _announce_indexes(progress, deferred)
                ids.release(connection)
            progress.finish()
        if vacancies or history:
            drawn = sampler.vacancies(vacancies, history)
            count = drawn.count
            bounds = {Vacancy: count, VacancySkill: count * MOST_PER_VACANCY}
            expected = {Vacancy: count, VacancySkill: count * ROWS_PER_VACANCY}
            with transaction.atomic(), bulk.key_checks_skipped(connection):
                employer_ids = _write_employers(drawn.employers, geography, result, now)
                ids = bulk.IdBlocks(connection, bounds)
                deferred = bulk.indexes_deferred(connection, _worth_deferring(expected))
                with deferred:
                    progress.start(_("Vacatures"), count, "vacatures")
                    batches = (
                        _vacancy_rows(sampler, drawn, slice(start, min(start + chunk, count)), employer_ids, ids)
                        for start in range(0, count, chunk)
                    )
                    result.vacancies = _pipeline(batches, progress, result, now)
                    _announce_indexes(progress, deferred)
                ids.release(connection)
            progress.finish()
        if offerings:
            # Its own random stream: adding a catalogue leaves the population of a seed as it was.
            _write_catalogue(taxonomy, geography, np.random.default_rng([seed, 1]), offerings, today, now, result, progress)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, so the planner knows the tables grew by millions.
        _analyze([User, Passport, PassportSkill, WorkExperience, Education, Organisation, Vacancy, VacancySkill])
        if offerings:
            _analyze([Provider, Course, CourseSkill, Offering])
    result.seconds = time.perf_counter() - started
    return result


def _pipeline(batches, progress, result, now):
    """Write the batches (each: number of people or vacancies, [(model, columns)]) in this thread,
    while a second thread draws and encodes the next; returns how many were written.

    The second thread never touches the database connection, which belongs
    to this one; NumPy, the encoder and the database client release the GIL
    for most of their work, so the two overlap on two cores.
    """
    prepared = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce():
        try:
            for count, tables in batches:
                item = (count, [(model, bulk.prepare(connection, model, values, now)) for model, values in tables])
                while not stop.is_set():
                    try:
                        prepared.put(item, timeout=0.5)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            prepared.put(None)
        except BaseException as error:  # handed to the writing thread, which raises it
            prepared.put(error)

    producer = threading.Thread(target=produce, name="loket-generate", daemon=True)
    producer.start()
    written = 0
    try:
        while (item := prepared.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            count, tables = item
            for model, rows in tables:
                result.count(model, rows.send(connection))
            written += count
            progress.advance(count)
    finally:
        stop.set()
        producer.join()
    return written


def _announce_indexes(progress, deferred):
    progress.finish()
    if deferred.restore:
        progress.start(_("Indexen opnieuw opbouwen"), len(deferred.restore), "indexen")


# Roughly how many rows each person or vacancy adds per table, to decide
# whether rebuilding a table's indexes beats updating them.
ROWS_PER_PERSON = {
    User: 1,
    User.groups.through: 1,
    Passport: 1,
    WorkExperience: 1.5,
    Education: 1.25,
    PassportSkill: 25,
}
ROWS_PER_VACANCY = 22
MOST_PER_VACANCY = VACANCY_SKILLS[1]
DEFER_INDEXES_MIN_ROWS = 200_000


def _worth_deferring(expected):
    """The tables that will at least double, by a lot of rows."""
    return [
        model
        for model, rows in expected.items()
        if rows >= DEFER_INDEXES_MIN_ROWS and rows >= bulk.estimated_rows(connection, model)
    ]


class _sqlite_cache:
    """A big SQLite page cache for the duration: the indexes being written stay in memory."""

    def __enter__(self):
        self.previous = None
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.previous = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        return self

    def __exit__(self, *exc):
        if self.previous is not None and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.previous)}")


class _PeopleTables:
    """A batch of people as rows per table, with ids from the reserved blocks (no database access)."""

    def __init__(self, taxonomy, geography, now):
        self.taxonomy, self.geography = taxonomy, geography
        self.password = make_password(None)
        self.person_group = Group.objects.filter(name=Role.PERSON.value).values_list("id", flat=True).first()
        self.findable_sections = json.dumps(default_findable_sections())

    def most_per_person(self):
        most = {
            User: 1,
            Passport: 1,
            Passport.regions.through: MOST_PER_PERSON["regions"],
            WorkExperience: MOST_PER_PERSON["work"],
            Education: MOST_PER_PERSON["education"],
            PassportSkill: MOST_PER_PERSON["skills"],
        }
        if self.person_group is not None:
            most[User.groups.through] = 1
        return most

    def rows(self, people, ids):
        n, taxonomy, geography = people.count, self.taxonomy, self.geography
        user_ids, passport_ids = ids.take(User, n), ids.take(Passport, n)
        tables = [
            (
                User,
                {
                    "id": user_ids,
                    "password": Categorical(np.zeros(n), [self.password]),
                    "is_superuser": np.zeros(n, dtype=bool),
                    "email": [f"{slug}.{uid}@{SYNTHETIC_EMAIL_DOMAIN}" for slug, uid in zip(people.name_slug, user_ids.tolist())],
                    "full_name": people.full_name,
                    "is_active": np.ones(n, dtype=bool),
                    "is_staff": np.zeros(n, dtype=bool),
                    "date_joined": people.joined,
                },
            )
        ]
        if self.person_group is not None:
            memberships = User.groups.through
            tables.append(
                (memberships, {"id": ids.take(memberships, n), "user_id": user_ids, "group_id": np.full(n, self.person_group)})
            )
        passport = people.passport
        tables.append(
            (
                Passport,
                {
                    "id": passport_ids,
                    "user_id": user_ids,
                    "headline": passport["headline"],
                    "home_municipality_id": geography.municipality_ids[passport["municipality"]],
                    "max_travel_km": passport["max_travel_km"],
                    "hours_min": passport["hours_min"],
                    "hours_max": passport["hours_max"],
                    "sectors": passport["sectors"],
                    "open_to_work_to_work": passport["open_to_work_to_work"],
                    "open_to_internship": passport["open_to_internship"],
                    "open_to_bbl": passport["open_to_bbl"],
                    "findable": passport["findable"],
                    "findable_sections": Categorical(np.zeros(n), [self.findable_sections]),
                    "created_at": passport["created_at"],
                    "updated_at": passport["created_at"],
                },
            )
        )
        regions, rows = Passport.regions.through, people.regions
        tables.append(
            (
                regions,
                {
                    "id": ids.take(regions, len(rows["person"])),
                    "passport_id": passport_ids[rows["person"]],
                    "region_id": geography.region_ids[rows["region"]],
                },
            )
        )
        work = people.work
        tables.append(
            (
                WorkExperience,
                {
                    "id": ids.take(WorkExperience, len(work["person"])),
                    "passport_id": passport_ids[work["person"]],
                    "occupation_id": taxonomy.occupation_ids[work["occupation"]],
                    "employer_name": work["employer_name"],
                    "sector": work["sector"],
                    "started_on": work["started_on"],
                    "ended_on": work["ended_on"],
                },
            )
        )
        education = people.education
        tables.append(
            (
                Education,
                {
                    "id": ids.take(Education, len(education["person"])),
                    "passport_id": passport_ids[education["person"]],
                    "title": education["title"],
                    "institution": education["institution"],
                    "nlqf_level": education["nlqf_level"],
                    "completed_on": education["completed_on"],
                },
            )
        )
        skills = people.skills
        columns = {"id": ids.take(PassportSkill, len(skills["person"])), "passport_id": passport_ids[skills["person"]]}
        columns.update((name, values) for name, values in skills.items() if name != "person")
        tables.append((PassportSkill, columns))
        return n, tables


def _unique_names(names, municipalities, taken):
    """Employer names are unique per kind: a taken name gets its place, then a number."""
    unique = []
    for name, place in zip(names, municipalities):
        candidate, number = name, 1
        if candidate in taken:
            candidate = f"{name} {place}"
        while candidate in taken:
            number += 1
            candidate = f"{name} {place} {number}"
        taken.add(candidate)
        unique.append(candidate)
    return unique


def _write_employers(employers, geography, result, now):
    count = len(employers["name"])
    places = [geography.names[m] for m in employers["municipality"].tolist()]
    taken = set(Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER).values_list("name", flat=True))
    ids = bulk.reserve(connection, Organisation, count) + np.arange(count)
    result.employers += bulk.insert(
        connection,
        Organisation,
        {
            "id": ids,
            "name": _unique_names(employers["name"], places, taken),
            "kind": Categorical(np.zeros(count), [Organisation.Kind.EMPLOYER.value]),
            "kvk_number": [f"99{i % 1_000_000:06d}" for i in ids.tolist()],
            "municipality": places,
            "website": [f"{SYNTHETIC_WEBSITE}{i}" for i in ids.tolist()],
            "created_at": np.full(count, np.datetime64(now.replace(tzinfo=None), "us")),
        },
    )
    result.count(Organisation, count)
    return ids


def _vacancy_rows(sampler, drawn, rows, employer_ids, ids):
    taxonomy, geography = sampler.taxonomy, sampler.geography
    columns = {name: values[rows] for name, values in drawn.columns.items()}
    count = len(columns["employer"])
    vacancy_ids = ids.take(Vacancy, count)
    level = columns["nlqf_level"]
    vacancy = {
        "id": vacancy_ids,
        "employer_id": employer_ids[columns["employer"]],
        "title": columns["title"],
        "description": columns["description"],
        "kind": columns["kind"],
        "occupation_id": taxonomy.occupation_ids[columns["occupation"]],
        "nlqf_level": np.ma.masked_array(level, mask=level < 0),
        "hours_min": columns["hours_min"],
        "hours_max": columns["hours_max"],
        "municipality_id": geography.municipality_ids[columns["municipality"]],
        "sector": columns["sector"],
        "climate_transition": columns["climate_transition"],
        "opened_on": columns["opened_on"],
        "filled_on": columns["filled_on"],
        "closed_on": columns["closed_on"],
        "external_id": [f"{SYNTHETIC_EXTERNAL_ID}{i}" for i in vacancy_ids.tolist()],
        "created_at": columns["created_at"],
        "updated_at": columns["created_at"],
    }
    skills = sampler.vacancy_skills(drawn.occupation[rows], drawn.kind[rows])
    required = {
        "id": ids.take(VacancySkill, len(skills["vacancy"])),
        "vacancy_id": vacancy_ids[skills["vacancy"]],
        "skill_id": skills["skill_id"],
        "importance": skills["importance"],
    }
    return count, [(Vacancy, vacancy), (VacancySkill, required)]


def _analyze(models):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def clear():
    """Remove the synthetic people, employers and catalogue (with their passports, vacancies,
    courses and offerings); returns rows per model. Providers that are not synthetic keep
    their own courses."""
    quote = connection.ops.quote_name
    counts = {}
    # Dependent rows go first, by ``delete_where``, so the database's own
    # per-row key checks would only repeat that work, slowly.
    with transaction.atomic(), bulk.key_checks_skipped(connection):
        # Placements of synthetic people (the demo records some) belong to the synthetic world and go with it; any
        # other placement still protects its vacancy.
        placements, _by_model = Placement.objects.filter(person__in=synthetic_people()).delete()
        if placements:
            counts[Placement._meta.label] = placements
        for model, where, params in (
            (Course, f"{quote('code')} LIKE %s", [SYNTHETIC_CODE + "%"]),
            (
                Organisation,
                f"{quote('kind')} = %s AND {quote('website')} LIKE %s",
                [Organisation.Kind.PROVIDER.value, SYNTHETIC_PROVIDER_WEBSITE + "%"],
            ),
            # lower(): LIKE is case-sensitive on PostgreSQL, and an address may be typed in any case.
            (User, f"lower({quote('email')}) LIKE %s", ["%@" + SYNTHETIC_EMAIL_DOMAIN.lower()]),
            (
                Organisation,
                f"{quote('kind')} = %s AND {quote('website')} LIKE %s",
                [Organisation.Kind.EMPLOYER.value, SYNTHETIC_WEBSITE + "%"],
            ),
        ):
            for label, number in bulk.delete_where(connection, model, where, params).items():
                counts[label] = counts.get(label, 0) + number
    return counts



# --- The training catalogue ---------------------------------------------------


def synthetic_providers():
    return Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, website__startswith=SYNTHETIC_PROVIDER_WEBSITE)


def synthetic_courses():
    return Course.objects.filter(code__startswith=SYNTHETIC_CODE)


def synthetic_offerings():
    return Offering.objects.filter(code__startswith=SYNTHETIC_CODE)


def load_skill_facts(taxonomy, today=None):
    """Labels and skill groups of the skills, English occupation labels, and what open vacancies ask for."""
    skills = Concept.objects.filter(kind=ConceptKind.SKILL, status="released")
    label_nl, label_en = {}, {}
    for concept_id, language, text in Label.objects.filter(
        concept__in=skills, kind=Label.Kind.PREFERRED, language__in=["nl", "en"]
    ).values_list("concept_id", "language", "text"):
        (label_nl if language == "nl" else label_en)[concept_id] = text
    group, parent = {}, {}
    for narrower, broader, kind in Broader.objects.filter(
        narrower__kind__in=[ConceptKind.SKILL, ConceptKind.SKILL_GROUP], broader__kind=ConceptKind.SKILL_GROUP
    ).order_by("narrower_id", "broader_id").values_list("narrower_id", "broader_id", "narrower__kind"):
        # The first broader group (by id) stands for the skill's place in the hierarchy.
        (group if kind == ConceptKind.SKILL else parent).setdefault(narrower, broader)
    occupation_en = dict(
        Label.objects.filter(
            concept_id__in=taxonomy.occupation_ids.tolist(), kind=Label.Kind.PREFERRED, language="en"
        ).values_list("concept_id", "text")
    )
    open_vacancies = Vacancy.objects.open(today)
    asked = dict(
        VacancySkill.objects.filter(vacancy__in=open_vacancies)
        .values("skill_id")
        .annotate(n=models.Count("id"))
        .values_list("skill_id", "n")
    )
    by_occupation = {}
    for occupation_id, number in (
        open_vacancies.exclude(occupation=None).values("occupation_id").annotate(n=models.Count("id")).values_list("occupation_id", "n")
    ):
        position = int(np.searchsorted(taxonomy.occupation_ids, occupation_id))
        if position < len(taxonomy) and taxonomy.occupation_ids[position] == occupation_id:
            by_occupation[position] = number
    labels = taxonomy.labels
    return catalogue.SkillFacts(
        label_nl={s: label_nl.get(s) or label_en.get(s, "") for s in set(label_nl) | set(label_en)},
        label_en={s: label_en.get(s) or label_nl.get(s, "") for s in set(label_nl) | set(label_en)},
        group=group,
        parent=parent,
        occupation_label_en=[occupation_en.get(oid, labels[i]) for i, oid in enumerate(taxonomy.occupation_ids.tolist())],
        vacancy_skill_demand=asked,
        vacancy_occupation_demand=by_occupation,
    )


def _write_catalogue(taxonomy, geography, rng, offerings, today, now, result, progress):
    facts = load_skill_facts(taxonomy, today)
    drawn = catalogue.draw_catalogue(taxonomy, facts, geography, rng, offerings, np.datetime64(today, "D"))
    progress.start(_("Opleidingsaanbod"), len(drawn.offerings["course"]), "aanbod")
    with transaction.atomic(), bulk.key_checks_skipped(connection):
        provider_ids = _write_providers(drawn.providers, geography, result)
        courses, course_skills, runs = drawn.courses, drawn.course_skills, drawn.offerings
        count, skill_rows, run_count = len(courses["provider"]), len(course_skills["course"]), len(runs["course"])
        ids = bulk.IdBlocks(connection, {Course: count, CourseSkill: skill_rows, Offering: run_count})
        course_ids = ids.take(Course, count)
        moment = np.full(count, np.datetime64(now.replace(tzinfo=None), "us"))
        columns = {
            "id": course_ids,
            "provider_id": provider_ids[courses["provider"]],
            "ooapi_id": bulk.random_uuids(count),
            "code": [f"{SYNTHETIC_CODE}{i}" for i in course_ids.tolist()],
            "created_at": moment,
            "updated_at": moment,
            "funds": [json.dumps(funds) for funds in courses["funds"]],
        }
        for name in (
            "title_nl", "title_en", "description_nl", "description_en", "teaching_language", "level", "nlqf_level",
            "crebo", "croho", "isced_f", "study_hours", "recognised", "recognised_by",
        ):  # fmt: skip
            columns[name] = courses[name]
        result.count(Course, bulk.insert(connection, Course, columns))
        result.count(
            CourseSkill,
            bulk.insert(
                connection,
                CourseSkill,
                {
                    "id": ids.take(CourseSkill, skill_rows),
                    "course_id": course_ids[course_skills["course"]],
                    "skill_id": course_skills["skill_id"],
                },
            ),
        )
        offering_ids = ids.take(Offering, run_count)
        municipality = runs["municipality"]
        moment = np.full(run_count, np.datetime64(now.replace(tzinfo=None), "us"))
        result.count(
            Offering,
            bulk.insert(
                connection,
                Offering,
                {
                    "id": offering_ids,
                    "course_id": course_ids[runs["course"]],
                    "ooapi_id": bulk.random_uuids(run_count),
                    "code": [f"{SYNTHETIC_CODE}{i}" for i in offering_ids.tolist()],
                    "start_date": runs["start_date"],
                    "end_date": runs["end_date"],
                    "enrol_start": runs["enrol_start"],
                    "enrol_end": runs["enrol_end"],
                    "price_cents": runs["price_cents"],
                    "modality": Categorical(
                        [catalogue.MODALITY.index(m) for m in runs["modality"]], catalogue.MODALITY
                    ),
                    "municipality_id": np.ma.masked_array(
                        geography.municipality_ids[np.maximum(municipality, 0)], mask=municipality < 0
                    ),
                    "location": runs["location"],
                    "seats": runs["seats"],
                    "cancelled": runs["cancelled"],
                    "created_at": moment,
                    "updated_at": moment,
                },
            ),
        )
        ids.release(connection)
    result.courses += count
    result.offerings += run_count
    progress.advance(run_count)
    progress.finish()


def _write_providers(providers, geography, result):
    """Provider ids per drawn provider: the public ones found by name (or made), the private ones made."""
    ids = np.zeros(len(providers), dtype=np.int64)
    existing = {org.name: org for org in Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, name__in=providers.name)}
    taken = set(Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).values_list("name", flat=True))
    municipality_ids = geography.municipality_ids
    for index, name in enumerate(providers.name):
        place = int(providers.municipality[index])
        organisation = existing.get(name) if providers.public[index] else None
        if organisation is None:
            if not providers.public[index]:
                name = _unique_names([name], [geography.names[place]], taken)[0]
            organisation = Organisation.objects.create(
                name=name, kind=Organisation.Kind.PROVIDER, municipality=geography.names[place], website=""
            )
            organisation.website = f"{SYNTHETIC_PROVIDER_WEBSITE}{organisation.id}"
            if not providers.public[index]:
                organisation.kvk_number = f"99{organisation.id % 1_000_000:06d}"
            organisation.save(update_fields=["website", "kvk_number"])
            result.count(Organisation, 1)
        provider, created = Provider.objects.get_or_create(
            organisation=organisation,
            defaults={
                "kind": providers.kind[index],
                "recognitions": providers.recognitions[index],
                "municipality_id": int(municipality_ids[place]),
                "description": providers.description[index],
            },
        )
        if created:
            result.providers += 1
            result.count(Provider, 1)
        ids[index] = provider.id
    return ids
