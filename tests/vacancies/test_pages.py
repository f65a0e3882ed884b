"""The employer's pages, and the coach's placement page, as a browser without JavaScript meets them."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from loket.accounts.models import Membership
from loket.geography.models import Region
from loket.passport.models import Consent, Passport
from loket.vacancies import services
from loket.vacancies.models import OutflowAnnouncement, Placement, Vacancy

from .conftest import concept

pytestmark = pytest.mark.django_db
CREATE = reverse("vacancies:create")


def form_fields(**extra):
    return {
        "title": "Elektromonteur",
        "kind": "job",
        "description": "",
        "nlqf_level": "3",
        "hours_min": "32",
        "hours_max": "40",
        "municipality": "",
        "sector": "F",
        "opened_on": "2026-11-01",
        "valid_through": "",
        "external_id": "",
    } | extra


def test_pages_are_for_employers_only(client, make_user):
    assert client.get(reverse("vacancies:list")).status_code == 302
    client.force_login(make_user(role="person", email="p@example.nl"))
    response = client.get(reverse("vacancies:list"))
    assert response.status_code == 403 and "Werkgever" in response.text


def test_an_employer_without_an_organisation_is_told_what_to_do(client, make_user):
    client.force_login(make_user(role="employer", email="los@example.nl"))
    response = client.get(CREATE)
    assert response.status_code == 403 and "geen lid van een werkgever" in response.text


def test_choosing_an_occupation_proposes_its_skills_then_the_employer_edits_and_saves(client, employer, electrician, alkmaar):
    client.force_login(employer)
    page = client.post(CREATE, form_fields(occupation_q="elektricien", action="search:occupation"))
    assert page.status_code == 200 and "monteur elektrische installaties" in page.text
    assert f'value="choose:occupation:{electrician.pk}"' in page.text

    page = client.post(CREATE, form_fields(action=f"choose:occupation:{electrician.pk}"))
    proposal = services.propose_skills(electrician)
    essential = [s for s, i in proposal if i == "essential"]
    optional = [s for s, i in proposal if i == "optional"]
    assert f"Voorgesteld: {len(essential)} noodzakelijke en {len(optional)} gewenste skills" in page.text
    assert page.text.count('name="skill"') == len(proposal)

    # Keep three skills: drop one, make one optional, add one found by search.
    kept = [essential[0], essential[1], optional[0]]
    extra = services.propose_skills(concept("welder"))[0][0]
    state = form_fields(occupation=electrician.pk, municipality=alkmaar.pk, skill=[s.pk for s in kept + [essential[2]]])
    state |= {f"importance_{essential[0].pk}": "essential", f"importance_{essential[1].pk}": "optional", f"importance_{optional[0].pk}": "optional"}
    page = client.post(CREATE, state | {"action": f"remove:skill:{essential[2].pk}"})
    assert page.text.count('name="skill"') == 3
    assert '<option value="optional" selected>' in page.text.split(f'name="importance_{essential[1].pk}"')[1].split("</select>")[0]

    state["skill"] = [s.pk for s in kept]
    page = client.post(CREATE, state | {"skill_q": extra.label("nl"), "action": "search:skill"})
    assert f'value="add:skill:{extra.pk}"' in page.text
    page = client.post(CREATE, state | {"action": f"add:skill:{extra.pk}"})
    assert f"Toegevoegd als noodzakelijk: {extra.label()}" in page.text

    state["skill"] = [s.pk for s in kept + [extra]]
    response = client.post(CREATE, state | {"action": "save"})
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response.url == reverse("vacancies:detail", args=[vacancy.pk])
    assert dict(vacancy.skills.values_list("skill_id", "importance")) == {
        essential[0].pk: "essential", essential[1].pk: "optional", optional[0].pk: "optional", extra.pk: "essential"
    }
    assert vacancy.municipality == alkmaar and vacancy.region.code == "AM15" and vacancy.employer.name == "Scheepswerf Den Helder"
    detail = client.get(response.url)
    assert "De vacature “Elektromonteur” is opgeslagen." in detail.text and "Noodzakelijke skills" in detail.text


def test_a_new_vacancy_can_start_from_an_occupation_link(client, employer, electrician):
    client.force_login(employer)
    page = client.get(CREATE, {"beroep": electrician.pk})
    assert "Beroep gekozen: monteur elektrische installaties" in page.text
    assert page.text.count('name="skill"') == len(services.propose_skills(electrician))


def test_htmx_gets_the_same_steps_and_a_redirect_header_after_saving(client, employer, electrician, alkmaar):
    client.force_login(employer)
    htmx = {"HX-Request": "true"}
    page = client.post(CREATE, form_fields(occupation_q="lasser", action="search:occupation"), headers=htmx)
    assert page.status_code == 200 and 'id="occupation-results"' in page.text
    skill = services.propose_skills(electrician)[0][0]
    invalid = client.post(CREATE, form_fields(occupation=electrician.pk, skill=[skill.pk], action="save"), headers=htmx)
    assert invalid.status_code == 200 and "Kies de gemeente" not in invalid.text  # the form's own required message comes first
    assert "Dit veld is verplicht." in invalid.text
    saved = client.post(CREATE, form_fields(occupation=electrician.pk, skill=[skill.pk], municipality=alkmaar.pk, action="save"), headers=htmx)
    assert saved.status_code == 204 and saved["HX-Redirect"] == reverse("vacancies:detail", args=[Vacancy.objects.get().pk])


def test_invalid_input_shows_every_message_in_dutch_and_saves_nothing(client, employer, electrician, alkmaar):
    client.force_login(employer)
    skill = services.propose_skills(electrician)[0][0]
    response = client.post(
        CREATE,
        form_fields(title="", hours_min="40", hours_max="32", municipality=alkmaar.pk, skill=[], opened_on="2026-11-01", valid_through="2026-10-01", action="save"),
    )
    assert response.status_code == 400
    text = response.text
    for message in (
        "Er is niets opgeslagen.",
        "Dit veld is verplicht.",
        "Kies een beroep.",
        "Kies minstens één skill. Alleen bij open hiring mag de lijst leeg zijn.",
        "Het minimum aantal uren is groter dan het maximum.",
        "Reageren kan niet eindigen vóór de vacature opengaat",
    ):
        assert message in text, message
    response = client.post(CREATE, form_fields(occupation=skill.pk, hours_max="61", municipality=alkmaar.pk, skill=[skill.pk], action="save"))
    assert "Maximaal 60 uur per week." in response.text
    assert not Vacancy.objects.exists()


def test_someone_in_several_employers_chooses_one(client, employer, other_org, electrician, alkmaar):
    Membership.objects.create(user=employer, organisation=other_org)
    client.force_login(employer)
    skill = services.propose_skills(electrician)[0][0]
    fields = form_fields(occupation=electrician.pk, skill=[skill.pk], municipality=alkmaar.pk, action="save")
    response = client.post(CREATE, fields)
    assert response.status_code == 400 and "Werkgever" in response.text and not Vacancy.objects.exists()
    client.post(CREATE, fields | {"employer": other_org.pk})
    assert Vacancy.objects.get().employer == other_org


def test_the_list_filters_by_status_and_kind(client, employer, make_vacancy):
    open_job = make_vacancy(title="Open baan")
    filled = make_vacancy(title="Vervulde baan")
    services.mark_filled(filled, datetime.date(2026, 11, 10))
    make_vacancy(title="Open hiring", kind="open_hiring", skills=[])
    client.force_login(employer)
    listing = client.get(reverse("vacancies:list"))
    assert "Open baan" in listing.text and "Open hiring" in listing.text and "Vervulde baan" not in listing.text
    listing = client.get(reverse("vacancies:list"), {"status": "filled"})
    assert "Vervulde baan" in listing.text and "Open baan" not in listing.text
    listing = client.get(reverse("vacancies:list"), {"status": "all", "soort": "open_hiring"})
    assert "Open hiring" in listing.text and "Open baan" not in listing.text
    assert open_job.title in client.get(reverse("vacancies:browse")).text


def test_employers_see_only_their_own_vacancies(client, make_vacancy, other_employer, employer):
    vacancy = make_vacancy(title="Geheime functie")
    filled = make_vacancy(title="Al vervuld")
    services.mark_filled(filled, datetime.date(2026, 11, 10))
    client.force_login(other_employer)
    assert "Geheime functie" not in client.get(reverse("vacancies:list"), {"status": "all"}).text
    assert client.get(reverse("vacancies:edit", args=[vacancy.pk])).status_code == 404
    assert client.post(reverse("vacancies:close", args=[vacancy.pk]), {"on": "2026-11-22"}).status_code == 404
    assert client.get(reverse("vacancies:detail", args=[filled.pk])).status_code == 404
    assert client.get(reverse("vacancies:export_one", args=[filled.pk])).status_code == 404
    public = client.get(reverse("vacancies:detail", args=[vacancy.pk]))  # open vacancies are public
    assert public.status_code == 200 and "Bewerken" not in public.text and "Plaatsing vastleggen" not in public.text
    vacancy.refresh_from_db()
    assert vacancy.closed_on is None


def test_editing_keeps_the_vacancy_with_its_employer(client, employer, make_vacancy):
    vacancy = make_vacancy()
    client.force_login(employer)
    page = client.get(reverse("vacancies:edit", args=[vacancy.pk]))
    assert 'value="Elektromonteur utiliteit"' in page.text and page.text.count('name="skill"') == 5
    fields = form_fields(title="Nieuwe titel", occupation=vacancy.occupation_id, municipality=vacancy.municipality_id,
                         skill=[vs.skill_id for vs in vacancy.skills.all()], action="save")
    assert client.post(reverse("vacancies:edit", args=[vacancy.pk]), fields).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "Nieuwe titel" and vacancy.skills.count() == 5


def test_fill_and_close_from_the_detail_page(client, employer, make_vacancy):
    vacancy = make_vacancy()
    client.force_login(employer)
    response = client.post(reverse("vacancies:fill", args=[vacancy.pk]), {"on": "2026-10-01"}, follow=True)
    assert "vóór de datum waarop de vacature openging" in response.text
    vacancy.refresh_from_db()
    assert vacancy.filled_on is None
    client.post(reverse("vacancies:close", args=[vacancy.pk]), {"on": "2026-11-21"})
    vacancy.refresh_from_db()
    assert vacancy.closed_on == datetime.date(2026, 11, 21)
    client.post(reverse("vacancies:reopen", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.is_open


def test_the_candidates_link_appears_only_once_matching_has_that_page(client, employer, make_vacancy):
    client.force_login(employer)
    page = client.get(reverse("vacancies:detail", args=[make_vacancy().pk]))
    try:
        url = reverse("matching:vacancy_candidates", args=[1])
    except NoReverseMatch:
        assert "Kandidaten" not in page.text
    else:
        assert "Kandidaten" in page.text and url


def test_a_person_can_share_their_passport_from_the_vacancy(client, employer, make_vacancy, make_user):
    vacancy = make_vacancy()
    url = reverse("vacancies:detail", args=[vacancy.pk])
    share = f'href="{reverse("passport:consent_add")}?vacature={vacancy.pk}"'
    assert share not in client.get(url).text  # not for visitors who are not logged in
    client.force_login(employer)
    assert "Mijn paspoort delen voor deze vacature" not in client.get(url).text
    person = make_user(role="person", email="sanne@example.nl")
    client.force_login(person)
    page = client.get(url)
    assert share in page.text and "Mijn paspoort delen voor deze vacature" in page.text
    form = client.get(f"{reverse('passport:consent_add')}?vacature={vacancy.pk}")
    assert form.status_code == 200 and vacancy.title in form.text
    Consent.objects.create(passport=Passport.objects.get_or_create(user=person)[0], organisation=vacancy.employer,
                           purpose=Consent.Purpose.VACANCY, vacancy=vacancy, sections=["skills"])
    page = client.get(url)
    assert "U deelt uw paspoort al voor deze vacature" in page.text and share not in page.text


# --- Placements -------------------------------------------------------------


def placement_fields(**extra):
    return {"person_email": "", "previous_situation": "employed", "previous_sector": "H", "started_on": "2026-12-01",
            "outflow": "", "action": "save"} | extra


def test_the_employer_records_a_placement_from_an_outflow_and_the_vacancy_is_filled(client, employer, make_vacancy, other_org, other_employer, make_user):
    vacancy = make_vacancy()
    aircraft = concept("aircraft maintenance technician")
    outflow = services.save_outflow(employer.organisations.get(), {"occupation": aircraft, "people": 20, "expected_on": "2027-01-01", "region": "AM18"}, user=employer)
    theirs = services.save_outflow(other_org, {"occupation": aircraft, "people": 7, "expected_on": "2027-02-01", "region": "AM18"}, user=other_employer)
    person = make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    Consent.objects.create(passport=Passport.objects.create(user=person), organisation=employer.organisations.get(),
                           purpose=Consent.Purpose.VACANCY, vacancy=vacancy, sections=["skills", "contact"])
    client.force_login(employer)
    url = reverse("vacancies:placement", args=[vacancy.pk])
    page = client.get(url)
    assert "Scheepswerf Den Helder — onderhoudstechnicus vliegtuigen (20, 01-01-2027)" in page.text
    assert "Luchtvaarttechniek Schiphol" not in page.text  # another employer's outflow is not for us to see
    refused = client.post(url, placement_fields(outflow=theirs.pk))
    assert refused.status_code == 400 and not Placement.objects.exists()
    page = client.post(url, placement_fields(previous_occupation_q="vliegtuig", action="search:previous_occupation"))
    assert f'value="choose:previous_occupation:{aircraft.pk}"' in page.text
    response = client.post(url, placement_fields(person_email="SANNE@example.nl", previous_occupation=aircraft.pk, outflow=outflow.pk))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.person, placement.previous_occupation, placement.outflow) == (person, aircraft, outflow)
    vacancy.refresh_from_db()
    assert vacancy.filled_on == datetime.date(2026, 12, 1)
    detail = client.get(reverse("vacancies:detail", args=[vacancy.pk]))
    assert "Sanne de Vries" in detail.text and "Werkend" in detail.text


NOT_LINKED = "Wij kunnen deze persoon niet aan de plaatsing koppelen."


def test_an_unknown_email_and_a_person_without_consent_get_the_same_answer(client, employer, make_vacancy, make_user):
    vacancy = make_vacancy()
    make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    client.force_login(employer)
    url = reverse("vacancies:placement", args=[vacancy.pk])
    unknown = client.post(url, placement_fields(person_email="niemand@example.nl"))
    existing = client.post(url, placement_fields(person_email="sanne@example.nl"))
    assert unknown.status_code == existing.status_code == 400
    assert NOT_LINKED in unknown.text and NOT_LINKED in existing.text
    without_token = lambda page: re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.text)  # noqa: E731
    assert without_token(unknown).replace("niemand@example.nl", "sanne@example.nl") == without_token(existing)
    assert not Placement.objects.exists()


def test_a_placed_person_is_named_only_with_consent_to_their_contact_details(client, employer, make_vacancy, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    granted = Consent.objects.create(passport=Passport.objects.create(user=person), organisation=employer.organisations.get(),
                                     purpose=Consent.Purpose.VACANCY, sections=["skills"])
    client.force_login(employer)
    assert client.post(reverse("vacancies:placement", args=[vacancy.pk]), placement_fields(person_email="sanne@example.nl")).status_code == 302
    detail = client.get(reverse("vacancies:detail", args=[vacancy.pk]))
    assert "Persoon in het loket" in detail.text and "Sanne" not in detail.text and "sanne@example.nl" not in detail.text
    granted.revoked_at = granted.granted_at
    granted.save()
    assert "Sanne" not in client.get(reverse("vacancies:detail", args=[vacancy.pk])).text


def test_a_coach_chooses_from_every_open_outflow(client, coach, employer, make_vacancy, other_org, other_employer):
    vacancy = make_vacancy()
    aircraft = concept("aircraft maintenance technician")
    for organisation, user in ((employer.organisations.get(), employer), (other_org, other_employer)):
        services.save_outflow(organisation, {"occupation": aircraft, "people": 5, "expected_on": "2027-01-01", "region": "AM18"}, user=user)
    client.force_login(coach)
    page = client.get(reverse("vacancies:placement", args=[vacancy.pk]))
    assert "Scheepswerf Den Helder — onderhoudstechnicus" in page.text and "Luchtvaarttechniek Schiphol — onderhoudstechnicus" in page.text


def test_a_coach_needs_the_persons_coaching_consent(client, coach, coach_org, make_vacancy, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="jan@example.nl", full_name="Jan Smit")
    client.force_login(coach)
    url = reverse("vacancies:placement", args=[vacancy.pk])
    response = client.post(url, placement_fields(person_email="jan@example.nl"))
    assert response.status_code == 400 and NOT_LINKED in response.text
    assert not Placement.objects.exists()
    Consent.objects.create(passport=Passport.objects.create(user=person), organisation=coach_org, purpose=Consent.Purpose.COACHING,
                           sections=["contact"])
    assert client.post(url, placement_fields(person_email="jan@example.nl", keep_open="on")).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.is_open and Placement.objects.get().person == person
    assert "Jan Smit" in client.get(reverse("vacancies:detail", args=[vacancy.pk])).text


def test_placements_are_not_shown_to_the_public(client, employer, make_vacancy, make_user):
    vacancy = make_vacancy()
    person = make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    Consent.objects.create(passport=Passport.objects.create(user=person), organisation=vacancy.employer, purpose=Consent.Purpose.VACANCY,
                           sections=["contact"])
    services.record_placement(vacancy, person=person, previous_situation="employed", previous_occupation=None, previous_sector="",
                              started_on=datetime.date(2026, 12, 1), recorded_by=employer, keep_open=True)
    page = client.get(reverse("vacancies:detail", args=[vacancy.pk]))
    assert page.status_code == 200 and "Sanne" not in page.text and "Plaatsingen" not in page.text


# --- Outflow ----------------------------------------------------------------


def test_announce_list_and_close_an_outflow(client, employer, electrician):
    client.force_login(employer)
    url = reverse("vacancies:outflow_create")
    fields = {"people": "12", "expected_on": "2027-02-01", "region": "", "note": "Einde onderhoudscontract"}
    page = client.post(url, fields | {"occupation_q": "elektricien", "action": "search:occupation"})
    assert f'value="choose:occupation:{electrician.pk}"' in page.text
    invalid = client.post(url, fields | {"people": "0", "action": "save"})
    assert invalid.status_code == 400
    for message in ("Kies het beroep van de mensen die uitstromen.", "Het aantal mensen ligt tussen 1 en", "Dit veld is verplicht."):
        assert message in invalid.text
    assert not OutflowAnnouncement.objects.exists()
    region = Region.objects.get(code="AM15")
    response = client.post(url, fields | {"occupation": electrician.pk, "region": region.pk, "action": "save"})
    outflow = OutflowAnnouncement.objects.get()
    assert response.url == reverse("vacancies:outflow_detail", args=[outflow.pk])
    assert outflow.people == 12 and outflow.region == region and outflow.created_by == employer
    assert "monteur elektrische installaties" in client.get(reverse("vacancies:outflow_list")).text
    today = timezone.localdate()  # the day it was announced: it cannot close before that
    client.post(reverse("vacancies:outflow_close", args=[outflow.pk]), {"on": today.isoformat()})
    outflow.refresh_from_db()
    assert outflow.closed_on == today


def test_another_employers_outflow_is_not_found(client, employer, other_employer, electrician):
    outflow = services.save_outflow(employer.organisations.get(), {"occupation": electrician, "people": 3, "expected_on": "2027-01-01", "region": "AM12"}, user=employer)
    client.force_login(other_employer)
    assert client.get(reverse("vacancies:outflow_detail", args=[outflow.pk])).status_code == 404
    assert client.post(reverse("vacancies:outflow_close", args=[outflow.pk]), {"on": "2026-11-22"}).status_code == 404


# --- Import and export ------------------------------------------------------


def test_import_page_lists_errors_per_field_and_saves_nothing_then_imports(client, employer, make_vacancy, other_employer):
    document = services.export_jobpostings(Vacancy.objects.filter(pk=make_vacancy().pk))
    Vacancy.objects.all().delete()
    broken = json.loads(json.dumps(document))
    broken["itemListElement"][0]["item"]["datePosted"] = "gisteren"
    client.force_login(other_employer)
    url = reverse("vacancies:import")
    response = client.post(url, {"file": SimpleUploadedFile("vacatures.json", json.dumps(broken).encode(), "application/json")})
    assert response.status_code == 400
    assert "De import is geweigerd." in response.text and "$.itemListElement[0].item.datePosted" in response.text
    assert "Geen geldige datum: “gisteren”" in response.text and not Vacancy.objects.exists()
    response = client.post(url, {"text": json.dumps(document)})
    assert response.status_code == 302
    assert Vacancy.objects.get().employer.name == "Luchtvaarttechniek Schiphol"


def test_import_page_needs_something_to_import(client, employer):
    client.force_login(employer)
    response = client.post(reverse("vacancies:import"), {"text": "  "})
    assert response.status_code == 400 and "Kies een bestand of plak de JSON-LD." in response.text


def test_download_one_and_all_vacancies_as_json_ld(client, employer, make_vacancy, other_employer):
    vacancy = make_vacancy()
    client.force_login(employer)
    one = client.get(reverse("vacancies:export_one", args=[vacancy.pk]))
    assert one["Content-Type"].startswith("application/ld+json") and "attachment" in one["Content-Disposition"]
    assert json.loads(one.content)["title"] == vacancy.title
    everything = json.loads(client.get(reverse("vacancies:export")).content)
    assert everything["numberOfItems"] == 1
    client.force_login(other_employer)
    assert json.loads(client.get(reverse("vacancies:export")).content)["numberOfItems"] == 0
