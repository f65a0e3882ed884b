"""A school signs a skill claim, the person takes it into the passport and
downloads it, anyone verifies it on the public page, and after revocation the
same page says so."""

import pytest

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role
from loket.credentials.models import IssuedCredential
from loket.passport.models import PassportSkill

from .conftest import no_serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "een-lang-wachtwoord-42"


def sign_in(page, email, next_url):
    page.goto(f"{page.base}/account/inloggen/?next={next_url}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def sign_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen").wait_for()


@pytest.fixture
def people(live_taxonomy, django_user_model):
    school = Organisation.objects.create(name="ROC Kop van Noord-Holland", kind=Organisation.Kind.PROVIDER)
    teacher = django_user_model.objects.create_user(email="docent@roc.example", full_name="Ingrid Visser", password=PASSWORD)
    teacher.grant_role(Role.PROVIDER)
    Membership.objects.create(user=teacher, organisation=school)
    person = django_user_model.objects.create_user(email="sanne@example.nl", full_name="Sanne de Vries", password=PASSWORD)
    person.grant_role(Role.PERSON)
    return teacher, person


def verify_on_the_public_page(page, text):
    page.goto(page.base + "/verklaringen/controleren/")
    page.get_by_label("Verklaring", exact=True).fill(text)
    page.get_by_role("button", name="Controleer", exact=True).click()
    page.locator("#uitkomst").wait_for()
    return page.locator("section[aria-labelledby=uitkomst]").inner_text(), page.locator("[data-reason]").get_attribute("data-reason")


def test_issue_see_verify_revoke(page, people, tmp_path):
    sign_in(page, "docent@roc.example", "/verklaringen/uitgeven/")
    page.get_by_role("heading", name="Nieuwe verklaring").wait_for()
    no_serious_violations(page)
    page.get_by_label("E-mailadres van de persoon").fill("sanne@example.nl")
    page.get_by_label("Vaardigheid", exact=True).press_sequentially("warmtepomp", delay=30)
    page.get_by_label("warmtepompen installeren", exact=True).check()
    no_serious_violations(page)
    page.get_by_label("Diploma", exact=True).check()
    page.get_by_label("Datum van het bewijs").fill("2026-06-30")
    page.get_by_label("Toelichting").fill("MBO Monteur duurzame energie")
    page.get_by_role("button", name="Onderteken de verklaring").click()
    page.get_by_text("is ondertekend en aangeboden aan sanne@example.nl").wait_for()
    assert "Sanne de Vries" not in page.content()
    no_serious_violations(page)
    sign_out(page)

    # The person finds it offered, takes it into the passport and downloads it.
    assert not PassportSkill.objects.exists()
    sign_in(page, "sanne@example.nl", "/verklaringen/mijn/")
    page.get_by_role("heading", name="Nieuwe verklaringen").wait_for()
    assert page.get_by_role("heading", name="warmtepompen installeren").is_visible()
    no_serious_violations(page)
    page.get_by_role("button", name="Opnemen in mijn paspoort").click()
    page.get_by_text("warmtepompen installeren staat nu in uw paspoort").wait_for()
    assert page.get_by_role("button", name="Niet opnemen").count() == 0
    no_serious_violations(page)
    entry = PassportSkill.objects.get(passport__user__email="sanne@example.nl")
    assert entry.source == "credential" and entry.evidence == "diploma"
    page.get_by_role("link", name="Naar mijn paspoort").click()
    page.get_by_text("warmtepompen installeren").first.wait_for()
    page.goto(page.base + "/verklaringen/mijn/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download JSON van warmtepompen installeren").click()
    saved = tmp_path / "verklaring.json"
    download.value.save_as(saved)
    sign_out(page)

    # Anyone verifies it, without logging in.
    outcome, reason = verify_on_the_public_page(page, saved.read_text())
    assert reason == "valid" and "Deze verklaring is echt" in outcome
    assert page.get_by_text("bekend bij het loket").is_visible()
    no_serious_violations(page)

    # The school revokes it; the same check now says so.
    credential = IssuedCredential.objects.get()
    sign_in(page, "docent@roc.example", f"/verklaringen/uitgegeven/{credential.uuid}/")
    page.get_by_label("Reden van intrekking").fill("Vergissing bij het invoeren")
    page.get_by_role("button", name="Verklaring intrekken").click()
    page.get_by_text("De verklaring is ingetrokken.").wait_for()
    entry.refresh_from_db()
    assert entry.evidence == "self"  # the passport no longer claims the diploma
    no_serious_violations(page)
    sign_out(page)
    outcome, reason = verify_on_the_public_page(page, saved.read_text())
    assert reason == "revoked" and "De uitgever heeft deze verklaring ingetrokken." in outcome
    no_serious_violations(page)


def test_the_verify_page_explains_unreadable_input(page, live_taxonomy):
    outcome, reason = verify_on_the_public_page(page, "dit is geen verklaring")
    assert reason == "malformed" and "geen geldige JSON en geen JWT" in outcome
    no_serious_violations(page)
