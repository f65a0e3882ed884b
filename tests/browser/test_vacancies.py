"""An employer in a real browser: a vacancy from an occupation, its skills edited,
an outflow announcement, and a JobPosting file imported."""

import json

import pytest

from loket.accounts.models import Membership, Organisation
from loket.taxonomy.models import Concept
from loket.vacancies.models import OutflowAnnouncement, Vacancy

from .conftest import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def employer(live_taxonomy, make_user):
    organisation = Organisation.objects.create(name="Installatiebedrijf Alkmaar", kind=Organisation.Kind.EMPLOYER, kvk_number="12345678")
    user = make_user(role="employer", email="hr@installatie.nl", full_name="Ilse Jansen")
    Membership.objects.create(user=user, organisation=organisation, is_manager=True)
    return organisation


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_employer_creates_a_vacancy_from_an_occupation_and_edits_the_proposed_skills(page, employer):
    log_in(page, "hr@installatie.nl")
    page.goto(page.base + "/vacatures/nieuw/")
    page.get_by_label("Titel").fill("Elektromonteur utiliteitsbouw")
    page.get_by_label("Zoek een beroep").press_sequentially("elektricien", delay=30)
    choice = page.locator("#occupation-results button", has_text="monteur elektrische installaties").first
    choice.wait_for()
    assert serious_violations(page) == []
    choice.click()
    page.get_by_text("Beroep gekozen: monteur elektrische installaties").wait_for()
    rows = page.locator("#skill-list li")
    proposed = rows.count()
    assert proposed > 10
    assert page.locator("#occupation_q").count() == 0  # the choice replaced the search

    first_skill = rows.first.locator(".loket-skill-name").inner_text()
    page.get_by_label(f"Belang van {first_skill}").select_option("optional")
    second_skill = rows.nth(1).locator(".loket-skill-name").inner_text()
    page.get_by_role("button", name=f"{second_skill} verwijderen").click()
    page.get_by_text("Skill verwijderd.").wait_for()
    assert rows.count() == proposed - 1
    assert page.get_by_label(f"Belang van {first_skill}").input_value() == "optional"  # kept across the step

    page.get_by_label("Zoek een skill").press_sequentially("lassen", delay=30)
    added = page.locator("#skill-results button").first
    added.wait_for()
    added_label = added.inner_text()
    added.click()
    page.get_by_text(f"Toegevoegd als noodzakelijk: {added_label}").wait_for()

    page.get_by_label("Gemeente").select_option(label="Alkmaar")
    page.get_by_label("Sector").select_option("F")
    page.get_by_label("Dit werk draagt bij aan de klimaattransitie").check()
    page.get_by_label("Minimaal uur per week").fill("32")
    page.get_by_label("Maximaal uur per week").fill("70")
    page.get_by_role("button", name="Vacature opslaan").click()
    page.get_by_text("Maximaal 60 uur per week.").wait_for()
    assert not Vacancy.objects.exists()
    assert serious_violations(page) == []
    assert fits_the_phone(page)

    page.get_by_label("Maximaal uur per week").fill("38")
    page.get_by_role("button", name="Vacature opslaan").click()
    page.get_by_role("heading", name="Elektromonteur utiliteitsbouw").wait_for()
    vacancy = Vacancy.objects.get()
    skills = dict(vacancy.skills.values_list("skill__labels__text", "importance").filter(skill__labels__language="nl", skill__labels__kind="preferred"))
    assert vacancy.skills.count() == proposed
    assert skills[first_skill] == "optional" and second_skill not in skills and skills[added_label] == "essential"
    assert vacancy.municipality.region.code == "AM15" and vacancy.climate_transition
    assert page.get_by_role("link", name="Kandidaten").is_visible()
    assert serious_violations(page) == []


def test_employer_announces_outflow_and_imports_a_jobposting_file(page, employer, tmp_path):
    welder = Concept.objects.get(labels__text="welder", labels__language="en", labels__kind="preferred")
    skill = welder.skill_links.filter(relation="essential").first().skill
    log_in(page, "hr@installatie.nl")

    page.goto(page.base + "/vacatures/uitstroom/nieuw/")
    page.get_by_label("Zoek een beroep").press_sequentially("lasser", delay=30)
    page.locator("#occupation-results button", has_text="lasser").first.click()
    page.get_by_text("Beroep gekozen: lasser").wait_for()
    page.get_by_label("Aantal mensen").fill("14")
    page.get_by_label("Verwacht op").fill("2027-03-01")
    page.get_by_label("Arbeidsmarktregio").select_option(label="Zuid-Kennemerland en IJmond")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Uitstroom aankondigen").click()
    page.get_by_text("De uitstroom is aangekondigd.").wait_for()
    assert OutflowAnnouncement.objects.get().people == 14
    assert page.get_by_role("link", name="Ontvangende vacatures").is_visible()
    assert serious_violations(page) == []

    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Constructielasser",
        "datePosted": "2026-11-01",
        "occupationalCategory": {"@type": "CategoryCode", "url": welder.uri},
        "skills": [{"@type": "DefinedTerm", "url": skill.uri}],
        "workHours": "40",
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Velsen"}},
        "industry": "C",
    }
    bad = tmp_path / "fout.jsonld"
    bad.write_text(json.dumps([posting, posting | {"industry": "Z", "datePosted": "morgen"}]))
    page.goto(page.base + "/vacatures/importeren/")
    page.get_by_label("JSON-LD-bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("De import is geweigerd.").wait_for()
    assert page.locator("#importfouten tbody tr").count() == 2
    assert "$[1].industry" in page.locator("#importfouten").inner_text()
    assert not Vacancy.objects.exists()
    assert serious_violations(page) == []

    good = tmp_path / "vacature.jsonld"
    good.write_text(json.dumps(posting))
    page.get_by_label("JSON-LD-bestand").set_input_files(str(good))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Import gelukt: 1 nieuwe en 0 bijgewerkte vacatures.").wait_for()
    assert page.get_by_role("link", name="Constructielasser").is_visible()
    assert Vacancy.objects.get().municipality.name == "Velsen"
    assert serious_violations(page) == []
    assert fits_the_phone(page)


def test_lists_and_a_coach_recording_a_placement(page, employer, make_user):
    import datetime

    from loket.geography.models import Municipality
    from loket.vacancies import services

    electrician = Concept.objects.get(labels__text="electrician", labels__language="en", labels__kind="preferred")
    recruiter = employer.members.get()
    vacancy = services.save_vacancy(
        employer,
        {"title": "Monteur zonnepanelen", "occupation": electrician, "municipality": Municipality.objects.get(code="GM0361"),
         "sector": "F", "opened_on": datetime.date(2026, 11, 1)},
        [(s.pk, i) for s, i in services.propose_skills(electrician)[:4]],
        user=recruiter,
    )
    services.save_outflow(employer, {"occupation": electrician, "people": 5, "expected_on": "2027-01-01", "region": "AM15"}, user=recruiter)
    log_in(page, "hr@installatie.nl")
    page.goto(page.base + "/vacatures/")
    page.get_by_label("Soort").select_option("job")
    page.get_by_role("button", name="Filteren").click()
    page.get_by_role("link", name="Monteur zonnepanelen").wait_for()
    assert serious_violations(page) == [] and fits_the_phone(page)
    page.get_by_role("link", name="Aangekondigde uitstroom").click()
    page.get_by_role("link", name="monteur elektrische installaties").wait_for()
    assert serious_violations(page) == [] and fits_the_phone(page)

    page.context.clear_cookies()
    make_user(role="coach", email="coach@wsp.nl", full_name="Peter")
    make_user(role="person", email="jan@example.nl", full_name="Jan Smit")
    log_in(page, "coach@wsp.nl")
    page.goto(page.base + "/vacatures/aanbod/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Monteur zonnepanelen").click()
    page.get_by_role("link", name="Plaatsing vastleggen").click()
    page.get_by_label("E-mailadres van de persoon in het loket").fill("jan@example.nl")
    page.get_by_label("Begonnen op").fill("2026-12-01")
    page.get_by_label("Werkzoekend").check()
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    page.get_by_text("Wij kunnen deze persoon niet aan de plaatsing koppelen.").wait_for()
    assert serious_violations(page) == [] and fits_the_phone(page)
    page.get_by_label("E-mailadres van de persoon in het loket").fill("")
    page.get_by_label("Zoek het vorige beroep").press_sequentially("vliegtuig", delay=30)
    page.locator("#previous_occupation-results button").first.click()
    page.get_by_text("Vorig beroep gekozen").wait_for()
    page.get_by_label("Vorige sector").select_option("H")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    page.get_by_text("De plaatsing is vastgelegd.").wait_for()
    assert page.get_by_text("Buiten het loket").is_visible()
    assert serious_violations(page) == [] and fits_the_phone(page)
    vacancy.refresh_from_db()
    assert vacancy.filled_on == datetime.date(2026, 12, 1) and vacancy.placements.get().previous_sector == "H"


def test_a_person_shares_their_passport_from_an_open_vacancy(page, employer, make_user):
    import datetime

    from loket.geography.models import Municipality
    from loket.vacancies import services

    electrician = Concept.objects.get(labels__text="electrician", labels__language="en", labels__kind="preferred")
    vacancy = services.save_vacancy(
        employer,
        {"title": "Monteur warmtepompen", "occupation": electrician, "municipality": Municipality.objects.get(code="GM0361"),
         "sector": "F", "opened_on": datetime.date(2026, 11, 1)},
        [(s.pk, i) for s, i in services.propose_skills(electrician)[:4]],
        user=employer.members.get(),
    )
    make_user(role="person", email="sanne@example.nl", full_name="Sanne de Vries")
    log_in(page, "sanne@example.nl")
    page.goto(page.base + "/vacatures/aanbod/")
    page.get_by_role("link", name="Monteur warmtepompen").click()
    share = page.get_by_role("link", name="Mijn paspoort delen voor deze vacature")
    share.wait_for()
    assert serious_violations(page) == [] and fits_the_phone(page)
    share.click()
    page.wait_for_url(f"**/paspoort/toestemmingen/nieuw/?vacature={vacancy.pk}")
    assert page.get_by_text("Monteur warmtepompen").first.is_visible()
