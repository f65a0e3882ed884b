"""loket generate --offerings: a plausible training catalogue on the sample taxonomy (SQLite and PostgreSQL)."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from loket.accounts.models import Organisation
from loket.catalog.models import NLQF_OF_LEVEL, Course, CourseLevel, CourseSkill, Offering, Provider, ProviderKind
from loket.generator import services
from loket.taxonomy.models import Concept, OccupationSkill

pytestmark = pytest.mark.django_db
MBO = {CourseLevel.MBO1, CourseLevel.MBO2, CourseLevel.MBO3, CourseLevel.MBO4}


def generate(*args):
    out = io.StringIO()
    call_command("generate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    """The catalogue as a visitor would see it, without ids or anything made from them."""
    courses = []
    for course in services.synthetic_courses().select_related("provider__organisation").order_by("id"):
        courses.append(
            (
                course.provider.organisation.name,
                course.title_nl,
                course.level,
                course.study_hours,
                tuple(sorted(course.course_skills.values_list("skill_id", flat=True))),
                tuple(
                    course.offerings.order_by("id").values_list(
                        "start_date", "end_date", "price_cents", "modality", "municipality__code", "cancelled"
                    )
                ),
            )
        )
    return courses


def test_the_same_seed_gives_the_same_catalogue(sample_taxonomy, settings):
    settings.DEBUG = True
    output = generate("--offerings", "300", "--seed", "5")
    assert "300 aanbiedingen" in output
    first = snapshot()
    generate("--clear")
    assert not services.synthetic_courses().exists()
    generate("--offerings", "300", "--seed", "5")
    assert snapshot() == first
    generate("--clear", "--offerings", "300", "--seed", "6")
    assert snapshot() != first


def test_sizes_and_providers_as_asked(sample_taxonomy):
    generate("--offerings", "500", "--seed", "1")
    assert services.synthetic_offerings().count() == 500
    courses = services.synthetic_courses().count()
    assert 500 / 4 <= courses <= 500 / 1.5  # one to four runs each
    providers = Provider.objects.select_related("organisation")
    names = {p.organisation.name: p for p in providers}
    for name, kind in (
        ("ROC Nova College", ProviderKind.ROC),
        ("ROC van Amsterdam", ProviderKind.ROC),
        ("Clusius College", ProviderKind.ROC),
        ("Hogeschool van Amsterdam", ProviderKind.HOGESCHOOL),
        ("Universiteit van Amsterdam", ProviderKind.UNIVERSITY),
        ("Techport", ProviderKind.CAMPUS),
        ("TerraTechnica", ProviderKind.FIELDLAB),
    ):
        assert names[name].kind == kind and names[name].municipality is not None
    private = [p for p in providers if p.kind == ProviderKind.PRIVATE]
    assert len(private) >= 3
    assert all(p.municipality is not None for p in providers)
    assert {r for p in private for r in p.recognitions} <= {"nrto", "cedeo", "crkbo", "nlqf"}
    # Synthetic providers are recognisable, and their KvK numbers are not real ones.
    assert all(p.organisation.kvk_number.startswith("99") for p in private)


def test_every_course_and_offering_is_valid(sample_taxonomy):
    generate("--offerings", "400", "--seed", "3")
    today = timezone.localdate()
    skills = set(Concept.objects.filter(kind="skill").values_list("id", flat=True))
    profiles = {}
    for occupation_id, skill_id in OccupationSkill.objects.values_list("occupation_id", "skill_id"):
        profiles.setdefault(occupation_id, set()).add(skill_id)
    courses = services.synthetic_courses().select_related("provider")
    assert courses.exists()
    for course in courses:
        course.full_clean()  # the model's own validators: codes, choices, hours
        taught = set(course.course_skills.values_list("skill_id", flat=True))
        assert 2 <= len(taught) <= 8 and taught <= skills
        # A coherent handful: all from one occupation's profile.
        assert any(taught <= profile for profile in profiles.values()), course.title_nl
        assert course.nlqf_level == NLQF_OF_LEVEL[CourseLevel(course.level)]
        assert len(course.isced_f) == 4 and course.isced_f.isdigit()
        full = bool(course.crebo or course.croho)
        if course.crebo:
            assert course.level in MBO and course.provider.kind == ProviderKind.ROC and len(course.crebo) == 5
        if course.croho:
            assert course.level not in MBO and course.provider.kind in (ProviderKind.HOGESCHOOL, ProviderKind.UNIVERSITY)
            assert len(course.croho) == 5 and course.croho.isdigit()
        if course.provider.kind in (ProviderKind.ROC, ProviderKind.HOGESCHOOL, ProviderKind.UNIVERSITY):
            assert course.recognised
        if course.provider.kind == ProviderKind.PRIVATE:
            assert course.recognised == bool({"nrto", "cedeo"} & set(course.provider.recognitions))
            assert not full
        assert ("development_account" in course.funds) == course.recognised and "employer" in course.funds
        for offering in course.offerings.all():
            offering.full_clean()
            assert offering.enrol_start <= offering.enrol_end <= offering.start_date <= offering.end_date
            assert today < offering.start_date <= today + datetime.timedelta(days=372)
            assert offering.price_cents > 0
            if not full:
                assert 200_00 * 0.9 <= offering.price_cents <= 3_000_00
            assert (offering.municipality is None) == (offering.modality == "online")
            assert offering.location
    cancelled = services.synthetic_offerings().filter(cancelled=True).count()
    assert 0 < cancelled < 40
    modalities = Counter(services.synthetic_offerings().values_list("modality", flat=True))
    assert set(modalities) == {"online", "hybrid", "on_site"}


def test_demand_decides_what_is_taught_and_some_skills_stay_untaught(sample_taxonomy):
    generate("--offerings", "3000", "--seed", "4")
    essential = Counter(OccupationSkill.objects.filter(relation="essential").values_list("skill_id", flat=True))
    taught = Counter(CourseSkill.objects.values_list("skill_id", flat=True))
    untaught = [skill for skill in essential if not taught[skill]]
    assert len(untaught) >= 5  # the shortage page has a signal at any size
    shared = [taught[s] for s, n in essential.items() if n >= 3]
    single = [taught[s] for s, n in essential.items() if n == 1]
    assert sum(shared) / len(shared) > 2 * sum(single) / len(single)


def test_persons_alone_bring_a_catalogue_in_proportion(sample_taxonomy):
    generate("--persons", "600", "--seed", "1")
    assert services.synthetic_offerings().count() == 8  # 1.5 million people: 20,000 offerings
    generate("--persons", "600", "--offerings", "0", "--seed", "2")
    assert services.synthetic_offerings().count() == 8


def test_a_bad_number_of_offerings_is_refused(sample_taxonomy):
    with pytest.raises(CommandError, match="geen aantal"):
        generate("--offerings", "-5")
    assert not Course.objects.exists()


def test_clear_removes_only_the_synthetic_catalogue(sample_taxonomy, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    demo_courses = set(Course.objects.values_list("id", flat=True))
    demo_offerings = Offering.objects.count()
    nova = Provider.objects.get(organisation__name="ROC Nova College")
    generate("--offerings", "400", "--seed", "8")
    # The generator adds to the real providers rather than making a second ROC Nova College.
    assert Organisation.objects.filter(name="ROC Nova College").count() == 1
    assert services.synthetic_courses().filter(provider=nova).exists()
    assert Provider.objects.count() > 10

    output = generate("--clear")
    assert "opleidingen met 400 aanbiedingen" in output
    assert set(Course.objects.values_list("id", flat=True)) == demo_courses
    assert Offering.objects.count() == demo_offerings
    assert not services.synthetic_providers().exists()
    assert Provider.objects.filter(organisation__name__in=["ROC Nova College", "Techport", "VeiligWerk Trainingen"]).count() == 3
    assert nova.organisation.memberships.filter(user__email="opleider@demo.loket.nl").exists()
