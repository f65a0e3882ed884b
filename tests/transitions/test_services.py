"""Ranked destinations and transitions over the sample taxonomy."""

import pytest
from django.core.exceptions import ValidationError

from loket.passport.models import PassportSkill, WorkExperience
from loket.passport.services import passport_for
from loket.transitions import services
from loket.transitions.models import Calibration


def test_destinations_are_ranked_best_first_and_never_the_origin(aircraft):
    destinations = services.destinations_for_occupation(aircraft, limit=20)
    assert len(destinations) == 14  # every other occupation of the sample
    assert aircraft.pk not in [d.occupation_id for d in destinations]
    scores = [d.score for d in destinations]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= d.coverage <= 1 and 0 <= d.activity <= 1 for d in destinations)


def test_the_gap_lists_the_destinations_skills_the_origin_lacks(aircraft, wind):
    essential, optional = services.occupation_skills(wind)
    held = set().union(*services.occupation_skills(aircraft))
    (destination,) = [d for d in services.destinations_for_occupation(aircraft, limit=20) if d.occupation_id == wind.pk]
    assert set(destination.gap.missing_essential) == essential - held
    assert set(destination.gap.shared_essential) == essential & held
    assert destination.missing_essential_count == len(essential - held) > 0


def test_moving_is_asymmetric(electrician, wind):
    there = services.transition(electrician, wind).destination.score
    back = services.transition(wind, electrician).destination.score
    assert there != pytest.approx(back)


def test_climate_filter_keeps_only_climate_transition_work(aircraft, wind):
    destinations = services.destinations_for_occupation(aircraft, climate_only=True)
    assert destinations and all(d.climate for d in destinations)
    assert wind.pk in [d.occupation_id for d in destinations]
    assert len(destinations) < len(services.destinations_for_occupation(aircraft))


def test_isco_major_filter_keeps_only_that_major_group(aircraft):
    destinations = services.destinations_for_occupation(aircraft, isco_major="7")
    assert destinations and all(d.isco_code.startswith("7") for d in destinations)


def test_viable_only_drops_the_big_steps(aircraft):
    everything = services.destinations_for_occupation(aircraft)
    viable = services.destinations_for_occupation(aircraft, viable_only=True)
    assert viable and len(viable) < len(everything)
    assert all(d.classification in ("viable", "highly_viable") for d in viable)


@pytest.mark.parametrize("bad", ["12", "x", "-1"])
def test_a_bad_major_group_is_refused_in_dutch(aircraft, bad):
    with pytest.raises(ValidationError, match="ISCO-hoofdgroep"):
        services.destinations_for_occupation(aircraft, isco_major=bad)


def test_an_unknown_occupation_is_refused(sample_taxonomy, electrician):
    with pytest.raises(services.UnknownOccupation):
        services.destinations_for_occupation(10**9)
    with pytest.raises(services.UnknownOccupation):
        services.transition(electrician, 10**9)


def test_the_calibration_is_computed_once_when_missing_and_classifies(sample_taxonomy, aircraft):
    assert not Calibration.objects.exists()
    destinations = services.destinations_for_occupation(aircraft)
    calibration = Calibration.objects.get()
    assert calibration.release == sample_taxonomy
    assert 0 < calibration.viable < calibration.highly_viable <= 1
    assert calibration.examples
    for destination in destinations:
        expected = "highly_viable" if destination.score >= calibration.highly_viable else "viable" if destination.score >= calibration.viable else ""
        assert destination.classification == expected
    services.destinations_for_occupation(aircraft)
    assert Calibration.objects.count() == 1


def test_a_person_is_ranked_from_the_skills_in_their_passport(make_user, electrician, wind):
    passport = passport_for(make_user("person"))
    essential, optional = services.occupation_skills(electrician)
    PassportSkill.objects.bulk_create(PassportSkill(passport=passport, skill_id=s) for s in essential | optional)
    best = services.destinations_for_passport(passport, limit=3)[0]
    assert best.occupation_id == electrician.pk
    assert best.coverage == pytest.approx(1.0)
    assert best.gap.missing_essential == ()
    detail = services.transition_for_passport(passport, wind)
    assert detail.origin_id is None
    assert set(detail.destination.gap.shared_essential) <= essential | optional


def test_a_person_is_not_sent_to_the_occupation_they_already_have(make_user, electrician):
    passport = passport_for(make_user("person"))
    essential, optional = services.occupation_skills(electrician)
    PassportSkill.objects.bulk_create(PassportSkill(passport=passport, skill_id=s) for s in essential | optional)
    assert services.destinations_for_passport(passport, limit=3)[0].occupation_id == electrician.pk
    WorkExperience.objects.create(passport=passport, occupation=electrician)
    destinations = services.destinations_for_passport(passport, limit=20)
    assert destinations and electrician.pk not in {d.occupation_id for d in destinations}


def test_adding_a_skill_to_a_passport_never_lowers_a_destinations_score(make_user, electrician, wind):
    passport = passport_for(make_user("person"))
    essential, _optional = services.occupation_skills(wind)
    before = services.transition_for_passport(passport, wind).destination
    PassportSkill.objects.create(passport=passport, skill_id=sorted(essential)[0])
    after = services.transition_for_passport(passport, wind).destination
    assert after.coverage > before.coverage
    assert len(after.gap.missing_essential) == len(before.gap.missing_essential) - 1


def test_the_transition_names_its_skills_in_the_current_language(aircraft, wind):
    from django.utils import translation

    with translation.override("en"):
        detail = services.transition(aircraft, wind)
        assert detail.origin_label == "aircraft maintenance technician"
        assert detail.destination.label == "onshore wind farm technician"
    named = detail.named(detail.destination.gap.missing_essential)
    assert named and all(label for _id, label in named)


def test_a_new_release_rebuilds_the_data_and_gets_its_own_calibration(sample_taxonomy, aircraft):
    from loket.taxonomy.services.importer import import_release
    from loket.taxonomy.services.sample import SAMPLE_PATHS, SAMPLE_VERSION

    services.destinations_for_occupation(aircraft)
    before = services.current_data()
    newer = import_release(SAMPLE_PATHS, version=SAMPLE_VERSION)
    services.destinations_for_occupation(aircraft)
    assert services.current_data() is not before
    assert Calibration.objects.filter(release=newer).exists()


def test_without_a_taxonomy_the_explorer_still_opens(client, db):
    response = client.get("/overstappen/")
    assert response.status_code == 200
    assert client.get("/overstappen/", {"beroep": 1}).status_code == 404


def test_an_import_calibrates_its_release_once_committed_so_no_request_has_to(sample_taxonomy, django_capture_on_commit_callbacks):
    from loket.taxonomy.services.importer import import_release
    from loket.taxonomy.services.sample import SAMPLE_PATHS, SAMPLE_VERSION

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        newer = import_release(SAMPLE_PATHS, version=SAMPLE_VERSION)
    assert not Calibration.objects.filter(release=newer).exists()  # nothing before the import commits
    for callback in callbacks:
        callback()
    calibration = Calibration.objects.get(release=newer)
    assert 0 < calibration.viable < calibration.highly_viable


def test_two_first_requests_calibrating_at_once_both_get_the_stored_calibration(sample_taxonomy, monkeypatch):
    from django.db import IntegrityError

    stored = services.calibrate(release=sample_taxonomy)

    def as_if_another_process_won(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Calibration.objects, "update_or_create", as_if_another_process_won)
    again = services.calibrate(release=sample_taxonomy)
    assert again.pk == stored.pk and Calibration.objects.count() == 1


def test_the_calibration_can_be_computed_without_storing_it(sample_taxonomy):
    calibration = services.calibrate(save=False)
    assert calibration.pk is None and 0 < calibration.viable < calibration.highly_viable
    assert not Calibration.objects.exists()


def test_labels_are_in_the_page_language_else_english(aircraft, wind):
    from loket.taxonomy.models import Label
    from loket.taxonomy.services.lookup import preferred_labels

    Label.objects.filter(concept=wind, language="nl").delete()  # a concept the Dutch translation misses
    labels = preferred_labels([aircraft.pk, wind.pk], "nl")
    assert labels[aircraft.pk] == aircraft.label("nl") != aircraft.label("en")
    assert labels[wind.pk] == "onshore wind farm technician"
    assert preferred_labels([aircraft.pk], "en") == {aircraft.pk: "aircraft maintenance technician"}
    data = services.current_data()
    data.labels.clear()
    assert services.occupation_labels(data, "nl")[wind.pk] == "onshore wind farm technician"
