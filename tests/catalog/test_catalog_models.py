"""Validation of courses and offerings, through the services the pages and the API use."""

import pytest
from django.core.exceptions import ValidationError

from loket.catalog import services
from loket.catalog.models import CourseLevel, Modality, Offering

from .conftest import in_days

pytestmark = pytest.mark.django_db


def course_values(**changes):
    return {"title_nl": "Elektrotechniek basis", "level": CourseLevel.MBO2, "nlqf_level": 2, "study_hours": 80} | changes


def offering_values(**changes):
    return {
        "start_date": in_days(30), "end_date": in_days(60), "price_cents": 50000, "modality": Modality.ON_SITE,
    } | changes  # fmt: skip


def test_course_saved_with_its_skills(provider, skills):
    course = services.save_course(provider, course_values(), [skills[0].uri, skills[1].pk])
    assert set(course.skills.all()) == {skills[0], skills[1]}


def test_nlqf_level_must_match_the_level(provider):
    with pytest.raises(ValidationError) as error:
        services.save_course(provider, course_values(level=CourseLevel.BACHELOR, nlqf_level=4), [])
    assert "NLQF-niveau 6" in error.value.message_dict["nlqf_level"][0]
    assert not provider.courses.exists()


def test_unknown_skill_refused_and_nothing_saved(provider, skills):
    with pytest.raises(ValidationError) as error:
        services.save_course(provider, course_values(), [skills[0].uri, "http://data.europa.eu/esco/skill/bestaat-niet"])
    assert "bestaat-niet" in error.value.message_dict["skills"][0]
    assert not provider.courses.exists()


def test_bad_codes_refused(provider):
    with pytest.raises(ValidationError) as error:
        services.save_course(provider, course_values(crebo="123", isced_f="07"), [])
    assert set(error.value.message_dict) == {"crebo", "isced_f"}


def test_course_of_another_provider_cannot_be_saved(other_provider, course):
    with pytest.raises(ValidationError):
        services.save_course(other_provider, course_values(), [], course=course)
    course.refresh_from_db()
    assert course.title_nl == "Monteur windturbines"


def test_on_site_offering_needs_a_municipality(course):
    with pytest.raises(ValidationError) as error:
        services.save_offering(course, offering_values())
    assert "gemeente" in error.value.message_dict["municipality"][0]
    assert not Offering.objects.exists()


def test_online_offering_needs_no_municipality(course):
    offering = services.save_offering(course, offering_values(modality=Modality.ONLINE))
    assert offering.municipality is None


def test_end_before_start_refused(course, municipalities):
    with pytest.raises(ValidationError) as error:
        services.save_offering(course, offering_values(end_date=in_days(10), municipality=municipalities["GM0363"]))
    assert "einddatum" in error.value.message_dict["end_date"][0]


def test_enrolment_must_close_by_the_start(course, municipalities):
    values = offering_values(enrol_end=in_days(31), municipality=municipalities["GM0363"])
    with pytest.raises(ValidationError) as error:
        services.save_offering(course, values)
    assert "startdatum" in error.value.message_dict["enrol_end"][0]


def test_enrolment_cannot_close_before_it_opens(course, municipalities):
    values = offering_values(enrol_start=in_days(20), enrol_end=in_days(10), municipality=municipalities["GM0363"])
    with pytest.raises(ValidationError) as error:
        services.save_offering(course, values)
    assert "enrol_end" in error.value.message_dict


def test_bookable_leaves_out_cancelled_started_and_closed(offerings, course):
    closed = services.save_offering(course, offering_values(modality=Modality.ONLINE, enrol_end=in_days(-1)))
    bookable = set(Offering.objects.bookable())
    assert bookable == {offerings["amsterdam"], offerings["alkmaar"], offerings["online"]}
    assert closed not in bookable
