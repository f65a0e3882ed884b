"""A person fills a skills passport in a real browser: quick start from an
occupation and from a CV, wishes, consent given and revoked, the export."""

import datetime
import json

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from loket.accounts.models import Organisation
from loket.accounts.roles import Role
from loket.passport.models import Consent, Passport, PassportSkill, WorkExperience

from .conftest import no_serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def signed_in(page, live_taxonomy, django_user_model):
    user = django_user_model.objects.create_user(email="sanne@example.nl", full_name="Sanne de Vries", password=PASSWORD)
    user.grant_role(Role.PERSON)
    page.goto(page.base + "/account/inloggen/?next=/paspoort/")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn skillspaspoort").wait_for()
    return user


def test_quick_start_from_an_occupation_and_a_cv(page, signed_in):
    no_serious_violations(page)
    page.get_by_role("link", name="Snel beginnen met een beroep of cv").click()
    page.get_by_role("heading", name="Snel beginnen", exact=True).wait_for()
    page.get_by_label("Zoek een beroep dat u hebt gehad").press_sequentially("elektricien", delay=30)
    page.get_by_label("monteur elektrische installaties", exact=True).check()
    no_serious_violations(page)
    page.get_by_role("button", name="Toon de vaardigheden van dit beroep").click()
    page.get_by_role("heading", name="Voorgestelde vaardigheden").wait_for()
    assert PassportSkill.objects.count() == 0  # proposed, not stored
    no_serious_violations(page)
    page.get_by_label("stopcontacten installeren").check()
    page.get_by_label("kabels splitsen").check()
    page.get_by_label("Zet monteur elektrische installaties ook in mijn werkervaring").check()
    page.get_by_role("button", name="Aangevinkte vaardigheden toevoegen").click()
    page.get_by_text("2 vaardigheden toegevoegd aan uw paspoort.").wait_for()
    assert page.get_by_role("list", name="Vaardigheden").get_by_role("listitem").count() == 2
    assert WorkExperience.objects.get().occupation.label("nl") == "monteur elektrische installaties"

    page.goto(page.base + "/paspoort/snelstart/")
    page.get_by_label("Tekst van uw cv").fill("Monteur sinds 2015. Ik installeer warmtepompen en splits kabels.")
    page.get_by_role("button", name="Zoek vaardigheden in mijn cv").click()
    page.get_by_role("heading", name="Voorgestelde vaardigheden").wait_for()
    no_serious_violations(page)
    page.get_by_label("warmtepompen installeren").check()
    page.get_by_role("button", name="Aangevinkte vaardigheden toevoegen").click()
    page.get_by_text("1 vaardigheid toegevoegd aan uw paspoort.").wait_for()
    assert sorted(PassportSkill.objects.values_list("source", flat=True)) == ["cv", "occupation", "occupation"]
    no_serious_violations(page)


def test_add_a_skill_with_autocomplete_and_edit_it(page, signed_in):
    page.get_by_role("link", name="Vaardigheid toevoegen").click()
    page.get_by_label("Zoek een vaardigheid").press_sequentially("warmtepomp", delay=30)
    page.get_by_label("warmtepompen installeren", exact=True).check()
    page.get_by_label("Niveau").select_option(label="Gevorderd")
    page.get_by_label("Bewijs", exact=True).select_option(label="Certificaat")
    page.get_by_label("Datum van het bewijs").fill("2024-05-01")
    no_serious_violations(page)
    page.get_by_role("button", name="Toevoegen aan mijn paspoort").click()
    page.get_by_text("warmtepompen installeren staat nu in uw paspoort.").wait_for()
    assert PassportSkill.objects.get().proficiency == 3
    page.get_by_role("link", name="Wijzigen: warmtepompen installeren").click()
    page.get_by_label("Niveau").select_option(label="Expert")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("warmtepompen installeren is bijgewerkt.").wait_for()
    assert PassportSkill.objects.get().proficiency == 4


def test_work_history_and_education(page, signed_in):
    page.get_by_role("link", name="Werkervaring toevoegen").click()
    page.get_by_label("Zoek een beroep").press_sequentially("lasser", delay=30)
    page.get_by_label("lasser", exact=True).check()
    page.get_by_label("Werkgever").fill("Damen Shipyards")
    page.get_by_label("Sector").select_option(label="Industrie")
    page.get_by_label("Begonnen op").fill("2016-02-01")
    page.get_by_label("Gestopt op").fill("2015-01-01")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De einddatum ligt vóór de begindatum.").wait_for()
    no_serious_violations(page)
    page.get_by_label("lasser", exact=True).check()
    page.get_by_label("Gestopt op").fill("2024-12-31")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Uw werkervaring is opgeslagen.").wait_for()
    assert WorkExperience.objects.get().employer_name == "Damen Shipyards"

    page.get_by_role("link", name="Opleiding toevoegen").click()
    page.get_by_label("Opleiding", exact=True).fill("Lasser MIG/MAG")
    page.get_by_label("Niveau (NLQF/EQF)").select_option(label="NLQF 2")
    no_serious_violations(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Uw opleiding is opgeslagen.").wait_for()
    assert "Lasser MIG/MAG" in page.content()
    no_serious_violations(page)


def test_wishes_consent_and_export(page, signed_in):
    Organisation.objects.create(name="UWV Noord-Holland Noord", kind=Organisation.Kind.GOVERNMENT)
    page.goto(page.base + "/paspoort/wensen/")
    page.get_by_label("Woonplaats (gemeente)").select_option(label="Den Helder")
    page.get_by_label("Maximaal uur per week").fill("70")
    page.get_by_role("button", name="Wensen opslaan").click()
    page.get_by_text("Meer dan 60 uur per week kan niet.").wait_for()
    no_serious_violations(page)
    page.get_by_label("Maximaal uur per week").fill("36")
    page.get_by_label("Energievoorziening").check()
    page.get_by_label("Ik sta open voor een BBL-plaats (leren en werken)").check()
    page.get_by_label("Werkgevers mogen mij vinden").check()
    page.get_by_role("button", name="Wensen opslaan").click()
    page.get_by_text("Uw wensen zijn opgeslagen.").wait_for()
    passport = Passport.objects.get()
    assert (passport.home_municipality.name, passport.hours_max, passport.sectors, passport.findable) == ("Den Helder", 36, ["D"], True)

    page.get_by_role("link", name="Toestemmingen bekijken, geven of intrekken").click()
    page.get_by_role("link", name="Toestemming geven").click()
    page.get_by_label("Organisatie").select_option(label="UWV Noord-Holland Noord")
    page.get_by_label("Loopbaanbegeleiding").check()
    page.get_by_label("Naam en contactgegevens").check()
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Geldig tot en met").fill(last_day.isoformat())
    no_serious_violations(page)
    page.get_by_role("button", name="Toestemming geven").click()
    page.get_by_text("UWV Noord-Holland Noord heeft nu uw toestemming.").wait_for()
    assert Consent.objects.get().is_active()
    with translation.override("nl"):
        page.get_by_text(f"geldig tot en met {date_format(last_day, 'j F Y')}").wait_for()
    no_serious_violations(page)
    page.get_by_role("button", name="Intrekken: UWV Noord-Holland Noord").click()
    page.get_by_text("Geen enkele organisatie mag uw paspoort nu inzien.").wait_for()
    assert not Consent.objects.get().is_active()
    no_serious_violations(page)

    page.get_by_role("link", name="Wie heeft mijn paspoort bekeken").first.click()
    page.get_by_text("Niemand anders heeft uw paspoort bekeken.").wait_for()
    no_serious_violations(page)

    page.get_by_role("link", name="Overzicht").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download mijn gegevens (JSON)").click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == "sanne@example.nl" and data["wishes"]["home_municipality"]["code"] == "GM0400"
    assert data["consents"][0]["state"] == "revoked"


def test_delete_account(page, signed_in, django_user_model):
    page.get_by_role("link", name="Account verwijderen").click()
    no_serious_violations(page)
    page.get_by_label("Uw wachtwoord").fill("fout")
    page.get_by_role("button", name="Mijn account en gegevens voorgoed verwijderen").click()
    page.get_by_text("Dit wachtwoord klopt niet.").wait_for()
    no_serious_violations(page)
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Mijn account en gegevens voorgoed verwijderen").click()
    page.get_by_text("Uw account en al uw gegevens zijn verwijderd.").wait_for()
    assert not django_user_model.objects.filter(email="sanne@example.nl").exists()
