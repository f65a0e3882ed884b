"""The matching pages as each role sees them."""

from django.urls import reverse

from loket.matching.models import ContactRequest, Trajectory
from loket.passport.models import AccessLogEntry, Consent

from .conftest import profile


def test_the_person_sees_matches_with_the_coverage_chart_and_the_explanation(client, world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic)[:-2])
    client.force_login(passport.user)
    page = client.get(reverse("matching:person_matches")).content.decode()
    assert "Monteur vliegtuigonderhoud" in page and "loket-coverage__bar" in page
    assert "ontbreken" in page
    detail = client.get(reverse("matching:match_detail", args=[vacancy.pk])).content.decode()
    assert "Ontbreekt" in detail and "Aanwezig" in detail


def test_the_employer_asks_contact_and_the_person_accepts(client, world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    client.force_login(world.recruiter)
    page = client.get(reverse("matching:vacancy_candidates", args=[vacancy.pk])).content.decode()
    assert "Kandidaat " in page and "Sanne" not in page
    token = page.split('name="kandidaat" value="')[1].split('"')[0]
    client.post(reverse("matching:request_contact", args=[vacancy.pk]), {"kandidaat": token, "bericht": "Kom langs!"})
    contact = ContactRequest.objects.get()

    client.force_login(passport.user)
    assert "Kom langs!" in client.get(reverse("matching:person_matches")).content.decode()
    client.post(reverse("matching:answer_contact", args=[contact.pk]), {"antwoord": "ja"})

    client.force_login(world.recruiter)
    page = client.get(reverse("matching:vacancy_candidates", args=[vacancy.pk])).content.decode()
    assert "Sanne" in page and "sanne@example.nl" in page
    assert AccessLogEntry.objects.filter(passport=passport, purpose=Consent.Purpose.VACANCY).exists()


def test_a_forged_candidate_is_refused_with_a_message_and_nothing_is_stored(client, world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    client.force_login(world.recruiter)
    response = client.post(reverse("matching:request_contact", args=[vacancy.pk]), {"kandidaat": "123"}, follow=True)
    assert "niet (meer) te vinden" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_another_employer_cannot_see_the_candidates(client, world, make_user):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    world.person("sanne@example.nl", profile(world.mechanic))
    client.force_login(make_user(role="employer", email="concurrent@example.nl"))
    assert client.get(reverse("matching:vacancy_candidates", args=[vacancy.pk])).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_a_person_cannot_open_employer_or_coach_pages(client, world):
    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    client.force_login(passport.user)
    assert client.get(reverse("matching:vacancy_candidates", args=[vacancy.pk])).status_code == 403
    assert client.get(reverse("matching:coach_home")).status_code == 403


def test_the_coach_follows_a_consenting_person_and_loses_them_when_consent_is_revoked(client, world, make_user):
    from loket.accounts.models import Membership, Organisation

    world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    servicepunt = Organisation.objects.create(name="ServicePunt Techniek", kind=Organisation.Kind.GOVERNMENT)
    coach = make_user(role="coach", email="coach@example.nl")
    Membership.objects.create(user=coach, organisation=servicepunt)
    client.force_login(coach)
    assert "Sanne" not in client.get(reverse("matching:coach_home")).content.decode()
    assert client.get(reverse("matching:coach_person", args=[passport.pk])).status_code == 403

    consent = Consent.objects.create(passport=passport, organisation=servicepunt, purpose=Consent.Purpose.COACHING, sections=["skills", "work_history", "contact"])
    assert "Sanne" in client.get(reverse("matching:coach_home")).content.decode()
    page = client.get(reverse("matching:coach_person", args=[passport.pk])).content.decode()
    assert "Monteur vliegtuigonderhoud" in page
    # The list showed the name (contact details), the page the consented passport: both logged.
    assert AccessLogEntry.objects.filter(passport=passport, organisation=servicepunt).count() == 2

    client.post(reverse("matching:coach_person", args=[passport.pk]), {"status": "orientation", "next_step": "Gesprek bij Tennet", "next_step_on": "2026-12-01"})
    client.post(reverse("matching:coach_person", args=[passport.pk]), {"notitie": "1", "text": "Wil graag naar de energiesector."})
    trajectory = Trajectory.objects.get()
    assert trajectory.status == "orientation" and trajectory.notes.count() == 1

    # Placed without a placement is refused with a message, and nothing changes.
    response = client.post(reverse("matching:coach_person", args=[passport.pk]), {"status": "placed"})
    assert "Kies de plaatsing" in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.status == "orientation"

    consent.revoked_at = "2026-01-01T00:00:00Z"
    consent.save()
    assert client.get(reverse("matching:coach_person", args=[passport.pk])).status_code == 403


def test_a_recorded_placement_closes_the_trajectory_as_placed(world, make_user):
    import datetime

    from loket.accounts.models import Organisation
    from loket.vacancies.services import record_placement

    vacancy = world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    servicepunt = Organisation.objects.create(name="ServicePunt Techniek", kind=Organisation.Kind.GOVERNMENT)
    trajectory = Trajectory.objects.create(passport=passport, organisation=servicepunt, status="applying")
    stopped = Trajectory.objects.create(passport=passport, organisation=world.employer, status="stopped")
    # An employer links a person to a placement only with their consent (here: accepted contact).
    Consent.objects.create(passport=passport, organisation=world.employer, purpose="vacancy", vacancy=vacancy, sections=["skills", "contact"])
    placement = record_placement(
        vacancy, person=passport.user, previous_situation="employed", previous_occupation=world.mechanic,
        previous_sector="H", started_on=datetime.date(2026, 12, 1), recorded_by=world.recruiter,
    )
    trajectory.refresh_from_db()
    stopped.refresh_from_db()
    assert trajectory.status == "placed" and trajectory.placement == placement
    assert stopped.status == "stopped" and stopped.placement is None


def test_a_person_cannot_read_an_unpublished_vacancy_through_the_match_page(client, world):
    import datetime

    planned = world.vacancy(world.mechanic, "Geheime vacature", opened_on=datetime.date(2030, 1, 1))
    passport = world.person("sanne@example.nl", profile(world.mechanic))
    client.force_login(passport.user)
    assert client.get(reverse("matching:match_detail", args=[planned.pk])).status_code == 404
    open_one = world.vacancy(world.mechanic, "Open vacature")
    page = client.get(reverse("matching:match_detail", args=[open_one.pk])).content.decode()
    assert f"?vacature={open_one.pk}" in page  # the way to share the passport for it


def test_the_coach_sees_transitions_only_when_the_person_shares_their_skills(client, world, make_user):
    from loket.accounts.models import Membership, Organisation
    from loket.transitions.services import destinations_for_passport

    passport = world.person("sanne@example.nl", profile(world.mechanic))
    servicepunt = Organisation.objects.create(name="ServicePunt Techniek", kind=Organisation.Kind.GOVERNMENT)
    coach = make_user(role="coach", email="coach@example.nl")
    Membership.objects.create(user=coach, organisation=servicepunt)
    client.force_login(coach)
    consent = Consent.objects.create(passport=passport, organisation=servicepunt, purpose=Consent.Purpose.COACHING, sections=["contact"])
    page = client.get(reverse("matching:coach_person", args=[passport.pk])).content.decode()
    best = destinations_for_passport(passport, limit=1)[0].label
    assert "deelt de skills niet" in page and best not in page

    consent.sections = ["skills", "contact"]
    consent.save()
    page = client.get(reverse("matching:coach_person", args=[passport.pk])).content.decode()
    assert "Overstapmogelijkheden" in page and best in page
