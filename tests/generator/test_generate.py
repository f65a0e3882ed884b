"""loket generate on the sample taxonomy: what lands in the database, on SQLite and PostgreSQL."""

import io
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Upper

from loket.accounts.models import Organisation, User
from loket.generator import bulk, services
from loket.geography.models import Municipality
from loket.passport.models import Education, Passport, PassportSkill, WorkExperience
from loket.taxonomy.models import Concept, OccupationSkill
from loket.vacancies.models import Placement, Vacancy, VacancySkill

pytestmark = pytest.mark.django_db
DOMAIN = "@" + services.SYNTHETIC_EMAIL_DOMAIN


def generate(*args):
    out = io.StringIO()
    call_command("generate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def synthetic_passports():
    return Passport.objects.filter(user__email__endswith=DOMAIN)


def synthetic_vacancies():
    return Vacancy.objects.filter(external_id__startswith=services.SYNTHETIC_EXTERNAL_ID)


def snapshot():
    """The population as a person would see it, without ids (they depend on what was there)."""
    people = []
    for passport in synthetic_passports().select_related("user", "home_municipality").order_by("id"):
        people.append(
            (
                passport.user.full_name,
                passport.home_municipality.code,
                passport.findable,
                tuple(passport.work_history.order_by("id").values_list("occupation_id", "employer_name", "started_on")),
                tuple(passport.skills.order_by("id").values_list("skill_id", "proficiency", "evidence")),
            )
        )
    vacancies = list(
        synthetic_vacancies().order_by("id").values_list("title", "kind", "occupation_id", "municipality__code", "opened_on")
    )
    return people, vacancies


def test_generates_the_numbers_asked_for(sample_taxonomy):
    output = generate("--persons", "300", "--vacancies", "120", "--history", "30", "--seed", "1")
    assert "300 personen en 150 vacatures" in output and "Seed: 1" in output
    assert User.objects.filter(email__endswith=DOMAIN).count() == 300
    assert synthetic_passports().count() == 300
    assert synthetic_vacancies().open().count() == 120
    assert synthetic_vacancies().count() == 150
    assert not synthetic_passports().filter(work_history__isnull=True).exists()
    assert not synthetic_passports().filter(education__isnull=True).exists()
    current = WorkExperience.objects.filter(passport__in=synthetic_passports(), ended_on__isnull=True)
    assert current.values("passport").distinct().count() > 250
    person = User.objects.filter(email__endswith=DOMAIN).first()
    assert not person.has_usable_password() and person.has_role("person")


def test_every_row_points_at_something_that_exists(sample_taxonomy):
    # PostgreSQL's key checks are skipped during the load, so the keys are checked here.
    generate("--persons", "200", "--vacancies", "100", "--seed", "2")
    passports, concepts = Passport.objects.values("id"), Concept.objects.values("id")
    assert not PassportSkill.objects.exclude(passport_id__in=passports).exists()
    assert not PassportSkill.objects.exclude(skill_id__in=concepts).exists()
    assert not WorkExperience.objects.exclude(passport_id__in=passports).exists()
    assert not Education.objects.exclude(passport_id__in=passports).exists()
    assert not Passport.objects.exclude(user_id__in=User.objects.values("id")).exists()
    assert not Vacancy.objects.exclude(employer_id__in=Organisation.objects.values("id")).exists()
    assert not VacancySkill.objects.exclude(vacancy_id__in=Vacancy.objects.values("id")).exists()
    assert not Vacancy.objects.exclude(municipality_id__in=Municipality.objects.values("id")).exists()


def test_skills_come_from_the_occupations_in_the_work_history(sample_taxonomy):
    generate("--persons", "250", "--seed", "3")
    profile = defaultdict(set)
    for occupation, skill in OccupationSkill.objects.values_list("occupation_id", "skill_id"):
        profile[occupation].add(skill)
    allowed = defaultdict(set)
    for passport, occupation in WorkExperience.objects.values_list("passport_id", "occupation_id"):
        allowed[passport] |= profile[occupation]
    extras = set(services.load_taxonomy().extra_skill_ids.tolist())
    counts = Counter()
    for passport, skill in PassportSkill.objects.filter(passport__in=synthetic_passports()).values_list("passport_id", "skill_id"):
        assert skill in allowed[passport] or skill in extras
        counts[passport] += 1
    assert len(counts) == 250
    assert min(counts.values()) >= 14 and max(counts.values()) <= 35


def test_all_five_regions_with_groot_amsterdam_largest(sample_taxonomy):
    generate("--persons", "600", "--vacancies", "300", "--seed", "4")
    people = Counter(synthetic_passports().values_list("home_municipality__region__code", flat=True))
    places = Counter(synthetic_vacancies().values_list("municipality__region__code", flat=True))
    for counts in (people, places):
        assert set(counts) == {"AM12", "AM15", "AM17", "AM18", "AM37"}
        assert counts.most_common(1)[0][0] == "AM18"
    employers = Counter(Organisation.objects.filter(website__startswith=services.SYNTHETIC_WEBSITE).values_list("municipality", flat=True))
    assert employers.most_common(1)[0][0] == "Amsterdam"


def test_vacancy_kinds_mix_like_the_labour_market(sample_taxonomy):
    generate("--vacancies", "1000", "--seed", "5")
    kinds = Counter(synthetic_vacancies().values_list("kind", flat=True))
    assert 0.8 < kinds["job"] / 1000 < 0.9
    assert kinds["internship"] and kinds["bbl"] and kinds["open_hiring"]
    assert not synthetic_vacancies().filter(kind="open_hiring", nlqf_level__isnull=False).exists()
    essential = VacancySkill.objects.filter(vacancy__in=synthetic_vacancies(), importance="essential").count()
    assert essential / VacancySkill.objects.filter(vacancy__in=synthetic_vacancies()).count() > 0.75


def test_climate_transition_follows_green_skills_and_the_chosen_isco_groups(sample_taxonomy):
    generate("--vacancies", "300", "--seed", "6", "--climate-isco", "2512")
    software = synthetic_vacancies().filter(occupation__code__startswith="2512")
    assert software.exists() and not software.filter(climate_transition=False).exists()
    green_skills = Count(
        "occupation__skill_links",
        filter=Q(occupation__skill_links__relation="essential", occupation__skill_links__skill__collections__collection="green"),
    )
    welders = synthetic_vacancies().filter(occupation__code__startswith="7212").annotate(green=green_skills)
    assert welders.exists()
    for welder in welders:
        assert welder.climate_transition == (welder.green >= 3)


def test_the_same_seed_gives_the_same_population(sample_taxonomy):
    generate("--persons", "80", "--vacancies", "40", "--history", "10", "--seed", "7")
    first = snapshot()
    generate("--clear", "--force", "--persons", "80", "--vacancies", "40", "--history", "10", "--seed", "7")
    assert snapshot() == first
    generate("--clear", "--force", "--persons", "80", "--vacancies", "40", "--seed", "8")
    assert snapshot()[0] != first[0]


def test_a_second_run_appends_and_the_database_goes_on_numbering(sample_taxonomy, make_user):
    make_user(role="person", email="echt@example.nl")
    generate("--persons", "100", "--vacancies", "50", "--seed", "9")
    generate("--persons", "100", "--vacancies", "50", "--seed", "9")
    emails = list(User.objects.filter(email__endswith=DOMAIN).values_list("email", flat=True))
    assert len(emails) == len(set(emails)) == 200
    assert synthetic_vacancies().count() == 100
    assert Organisation.objects.filter(kind="employer").values("name").distinct().count() == Organisation.objects.filter(kind="employer").count()
    # Rows made the ordinary way afterwards get fresh ids (the PostgreSQL sequences moved on).
    user = make_user(email="nieuw@example.nl")
    passport = Passport.objects.create(user=user)
    skill = Concept.objects.filter(kind="skill").first()
    assert PassportSkill.objects.create(passport=passport, skill=skill).pk > PassportSkill.objects.exclude(passport=passport).order_by("-pk")[0].pk
    employer = Organisation.objects.create(name="Echte Werkgever", kind="employer")
    vacancy = Vacancy.objects.create(employer=employer, title="Monteur", occupation=Concept.objects.filter(kind="occupation").first(), municipality=Municipality.objects.first(), sector="F")
    VacancySkill.objects.create(vacancy=vacancy, skill=skill)


def test_clear_removes_only_the_synthetic_population(sample_taxonomy, make_user):
    real = make_user(role="person", email="sanne@example.nl")
    real_passport = Passport.objects.create(user=real)
    PassportSkill.objects.create(passport=real_passport, skill=Concept.objects.filter(kind="skill").first())
    employer = Organisation.objects.create(name="Bakkerij Echt", kind="employer")
    real_vacancy = Vacancy.objects.create(employer=employer, title="Bakker", occupation=Concept.objects.filter(kind="occupation").first(), municipality=Municipality.objects.first(), sector="C")
    generate("--persons", "120", "--vacancies", "60", "--seed", "10")
    output = generate("--clear", "--force")
    assert "120 personen" in output and "60 vacatures" in output
    assert not User.objects.filter(email__endswith=DOMAIN).exists()
    assert not Organisation.objects.filter(website__startswith=services.SYNTHETIC_WEBSITE).exists()
    assert list(User.objects.values_list("email", flat=True)) == ["sanne@example.nl"]
    assert list(Passport.objects.all()) == [real_passport] and real_passport.skills.count() == 1
    assert list(Vacancy.objects.all()) == [real_vacancy]
    assert Organisation.objects.filter(name="Bakkerij Echt").exists()


def test_clear_refuses_while_a_placement_points_at_a_synthetic_vacancy(sample_taxonomy):
    generate("--persons", "20", "--vacancies", "10", "--seed", "11")
    Placement.objects.create(vacancy=synthetic_vacancies().first(), started_on="2026-11-01")
    with pytest.raises(CommandError, match="niet verwijderd: 1 rijen van plaatsingen"):
        generate("--clear", "--force")
    assert synthetic_passports().count() == 20 and synthetic_vacancies().count() == 10


def test_bad_input_is_refused_in_dutch_and_changes_nothing(sample_taxonomy):
    with pytest.raises(CommandError, match="Geef --persons, --vacancies en/of --offerings op"):
        generate()
    with pytest.raises(CommandError, match="-5 is geen aantal"):
        generate("--persons", "-5")
    with pytest.raises(CommandError, match="geen lijst van ISCO-codes"):
        generate("--vacancies", "5", "--climate-isco", "elektro")
    assert not User.objects.filter(email__endswith=DOMAIN).exists()


def test_without_a_taxonomy_nothing_is_made(db):
    with pytest.raises(CommandError, match="geen skills-taal met beroepen geladen"):
        generate("--persons", "5")
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_indexes_are_rebuilt_as_they_were_after_a_large_load(sample_taxonomy, monkeypatch):
    monkeypatch.setattr(services, "DEFER_INDEXES_MIN_ROWS", 0)
    tables = [PassportSkill, WorkExperience, VacancySkill, User]
    before = {model: sorted(bulk._secondary_indexes(connection, model._meta.db_table)) for model in tables}
    assert before[PassportSkill], "the passport skills have indexes to defer"
    generate("--persons", "50", "--vacancies", "20", "--seed", "12")
    assert {model: sorted(bulk._secondary_indexes(connection, model._meta.db_table)) for model in tables} == before
    assert synthetic_passports().count() == 50


def test_a_failed_load_leaves_the_indexes_and_the_rows_as_they_were(sample_taxonomy, monkeypatch):
    monkeypatch.setattr(services, "DEFER_INDEXES_MIN_ROWS", 0)
    before = sorted(bulk._secondary_indexes(connection, PassportSkill._meta.db_table))
    rows = services._PeopleTables.rows
    calls = []

    def fails_on_the_second_chunk(self, people, ids):
        calls.append(people.count)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return rows(self, people, ids)

    monkeypatch.setattr(services._PeopleTables, "rows", fails_on_the_second_chunk)
    with pytest.raises(RuntimeError, match="disk full"):
        services.generate(persons=10, seed=13, chunk=5)
    assert calls == [5, 5]
    assert sorted(bulk._secondary_indexes(connection, PassportSkill._meta.db_table)) == before
    assert not User.objects.filter(email__endswith=DOMAIN).exists()


def test_clear_needs_debug_or_force(sample_taxonomy, settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from loket.accounts.models import User

    call_command("generate", persons=3, vacancies=0, seed=1)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate", clear=True)
    assert User.objects.filter(email__iendswith="@synthetisch.loket.nl").count() == 3
    User.objects.filter(email__iendswith="@synthetisch.loket.nl").update(email=Upper("email"))
    call_command("generate", clear=True, force=True)
    assert not User.objects.filter(email__iendswith="@synthetisch.loket.nl").exists()
