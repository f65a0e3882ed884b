"""Catalogue pages: public search and course pages, the provider's editor, import and export."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.accounts.models import Membership, Organisation
from loket.accounts.roles import Role
from loket.catalog import csv_io
from loket.catalog.models import Course, Offering, Provider

from .conftest import in_days

pytestmark = pytest.mark.django_db


def test_search_page_public_with_filters(client, offerings, skills):
    page = client.get(reverse("catalog:search")).content.decode()
    assert page.count("Monteur windturbines") == 2 and "Zonnepanelen ontwerpen" in page
    assert "telt in elke regio" in page  # online offerings say they count everywhere
    page = client.get(reverse("catalog:search"), {"region": "AM15"}).content.decode()
    assert "Op locatie, Amsterdam" not in page and "Hybride, Alkmaar" in page and "Zonnepanelen ontwerpen" in page
    page = client.get(reverse("catalog:search"), {"skill": skills[2].pk}).content.decode()
    assert "Monteur windturbines" not in page and "Zonnepanelen ontwerpen" in page
    assert "€ 1.500,00" in client.get(reverse("catalog:search"), {"modality": "on_site"}).content.decode()


def test_search_page_reports_bad_filters(client, offerings):
    response = client.get(reverse("catalog:search"), {"max_price": "veel"})
    assert response.status_code == 400
    assert "Geen bedrag" in response.content.decode()


def test_course_page_shows_all_offerings(client, course, offerings):
    page = client.get(reverse("catalog:course", args=[course.pk])).content.decode()
    assert "25191" in page and "inschrijven kan niet meer" in page
    assert client.get(reverse("catalog:course", args=[999999])).status_code == 404


def test_provider_registers_on_first_visit(client, make_user):
    user = make_user(Role.PROVIDER)
    organisation = Organisation.objects.create(name="Campus Den Helder", kind=Organisation.Kind.PROVIDER)
    Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)
    url = reverse("catalog:provider_home")
    assert "aanmelden als opleider" in client.get(url).content.decode()
    assert client.post(url, {"kind": "campus", "brin": "x"}).status_code == 400
    assert not Provider.objects.exists()
    assert client.post(url, {"kind": "campus", "recognitions": ["nrto"], "brin": "12AB"}).status_code == 302
    assert Provider.objects.get().recognitions == ["nrto"]


def test_someone_without_a_provider_is_told_so(client, make_user):
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(reverse("catalog:provider_home")).status_code == 403


def test_provider_creates_a_course_with_skills_and_an_offering(client, provider_user, provider, skills):
    client.force_login(provider_user)
    url = reverse("catalog:course_create")
    fields = {"title_nl": "Veilig werken op hoogte", "teaching_language": "nld", "level": "secondary vocational education 2",
              "nlqf_level": "2", "study_hours": "16", "skill": [skills[0].pk]}  # fmt: skip
    # adding a skill is a step that does not save
    step = client.post(url, fields | {"action": f"add:skill:{skills[1].pk}"})
    assert step.status_code == 200 and not Course.objects.exists()
    assert f'name="skill" value="{skills[1].pk}"' in step.content.decode()
    assert client.post(url, fields | {"skill": [skills[0].pk, skills[1].pk], "action": "save"}).status_code == 302
    course = Course.objects.get()
    assert set(course.skills.all()) == {skills[0], skills[1]}
    offering_url = reverse("catalog:offering_create", args=[course.pk])
    data = {"start_date": in_days(10).isoformat(), "end_date": in_days(11).isoformat(), "price_eur": "249,50", "modality": "online"}
    assert client.post(offering_url, data).status_code == 302
    assert Offering.objects.get().price_cents == 24950
    assert "Veilig werken op hoogte" in client.get(reverse("catalog:provider_home")).content.decode()


def test_bad_course_and_offering_forms_save_nothing(client, provider_user, provider, course):
    client.force_login(provider_user)
    response = client.post(reverse("catalog:course_create"), {
        "title_nl": "X", "teaching_language": "nld", "level": "bachelor", "nlqf_level": "3", "study_hours": "5", "action": "save"})  # fmt: skip
    assert response.status_code == 400 and "NLQF-niveau 6" in response.content.decode()
    response = client.post(reverse("catalog:offering_create", args=[course.pk]), {
        "start_date": in_days(10).isoformat(), "end_date": in_days(5).isoformat(), "price_eur": "10", "modality": "on_site"})  # fmt: skip
    assert response.status_code == 400
    assert "De einddatum ligt voor de startdatum." in response.content.decode()
    assert Course.objects.count() == 1 and not Offering.objects.exists()


def test_another_providers_course_is_a_404(client, other_provider, course, offerings):
    client.force_login(other_provider.organisation.members.get())
    assert client.get(reverse("catalog:course_edit", args=[course.pk])).status_code == 404
    assert client.post(reverse("catalog:course_delete", args=[course.pk])).status_code == 404
    assert client.get(reverse("catalog:offering_edit", args=[offerings["amsterdam"].pk])).status_code == 404
    assert client.post(reverse("catalog:offering_delete", args=[offerings["amsterdam"].pk])).status_code == 404
    assert Offering.objects.count() == 5


def test_import_page_lists_problems_and_stores_nothing(client, provider_user, provider):
    client.force_login(provider_user)
    text = ",".join(csv_io.HEADER) + "\n" + ",".join({"title_nl": "Lassen", "study_hours": "veel"}.get(n, "") for n in csv_io.HEADER)
    response = client.post(reverse("catalog:import"), {"format": "csv", "file": SimpleUploadedFile("a.csv", text.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "regel 2" in page and "study_hours" in page and "Er is niets opgeslagen" in page
    assert not Course.objects.exists()


def test_export_then_import_on_the_page(client, provider_user, provider, offerings):
    client.force_login(provider_user)
    exported = client.get(reverse("catalog:export", args=["ooapi"]))
    assert exported.status_code == 200
    response = client.post(reverse("catalog:import"), {"format": "ooapi", "file": SimpleUploadedFile("c.json", exported.content)})
    assert response.status_code == 302
    assert Course.objects.count() == 2 and Offering.objects.count() == 5


def test_editing_keeps_skills_and_shows_the_price_in_euros(client, provider_user, course, offerings, skills):
    client.force_login(provider_user)
    editor = client.get(reverse("catalog:course_edit", args=[course.pk])).content.decode()
    assert f'name="skill" value="{skills[0].pk}"' in editor and f'name="skill" value="{skills[1].pk}"' in editor
    offering = offerings["amsterdam"]
    form = client.get(reverse("catalog:offering_edit", args=[offering.pk])).content.decode()
    assert 'value="1500,00"' in form
    data = {"start_date": offering.start_date.isoformat(), "end_date": offering.end_date.isoformat(), "price_eur": "1450,5",
            "modality": "on_site", "municipality": offering.municipality_id, "location": "Campus Zuid"}  # fmt: skip
    assert client.post(reverse("catalog:offering_edit", args=[offering.pk]), data).status_code == 302
    offering.refresh_from_db()
    assert (offering.price_cents, offering.location) == (145050, "Campus Zuid")
    # removing a skill is a step; saving stores the shorter list
    fields = {"title_nl": course.title_nl, "teaching_language": "nld", "level": course.level, "nlqf_level": "3", "study_hours": "400",
              "crebo": "25191", "recognised": "on", "recognised_by": "OCW", "skill": [skills[0].pk]}  # fmt: skip
    assert client.post(reverse("catalog:course_edit", args=[course.pk]), fields | {"action": "save"}).status_code == 302
    assert list(course.skills.all()) == [skills[0]]


def test_search_page_can_include_offerings_one_cannot_book(client, offerings):
    default = client.get(reverse("catalog:search"), {"q": "zonnepanelen"}).content.decode()
    everything = client.get(reverse("catalog:search"), {"q": "zonnepanelen", "all": "true"}).content.decode()
    assert "geannuleerd</strong>" not in default and "geannuleerd</strong>" in everything


def test_search_page_refuses_a_skill_id_no_database_can_hold(client, offerings):
    response = client.get(reverse("catalog:search"), {"skill": "9999999999999999999999999"})
    assert response.status_code == 400
    assert "Onbekende ESCO-vaardigheid: 9999999999999999999999999." in response.content.decode()


def test_course_editor_ignores_a_skill_id_no_database_can_hold(client, provider_user, course, skills):
    client.force_login(provider_user)
    fields = {"title_nl": course.title_nl, "teaching_language": "nld", "level": course.level, "nlqf_level": "3", "study_hours": "400",
              "skill": [skills[0].pk, "99999999999999999999999"]}  # fmt: skip
    step = client.post(reverse("catalog:course_edit", args=[course.pk]), fields | {"action": "add:skill:99999999999999999999999"})
    assert step.status_code == 200 and f'name="skill" value="{skills[0].pk}"' in step.content.decode()
    assert client.post(reverse("catalog:course_edit", args=[course.pk]), fields | {"action": "save"}).status_code == 302
    assert list(course.skills.all()) == [skills[0]]


def test_english_pages_show_the_english_title_and_description(client, provider_user, course, second_course, offerings):
    Course.objects.filter(pk=course.pk).update(description_nl="Je leert turbines onderhouden.", description_en="You learn to service turbines.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    search = client.get(reverse("catalog:search")).content.decode()
    assert '<strong lang="en">Wind turbine technician</strong>' in search and "Monteur windturbines" not in search
    # a course without an English title shows its Dutch one, marked as Dutch
    assert '<strong lang="nl">Zonnepanelen ontwerpen</strong>' in search
    detail = client.get(reverse("catalog:course", args=[course.pk])).content.decode()
    assert '<h1 class="utrecht-heading-1" lang="en">Wind turbine technician</h1>' in detail
    assert "You learn to service turbines." in detail and "Je leert" not in detail
    assert '<p class="utrecht-paragraph loket-muted" lang="nl">Monteur windturbines</p>' in detail
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get(reverse("catalog:course", args=[course.pk])).content.decode()
    assert '<h1 class="utrecht-heading-1" lang="nl">Monteur windturbines</h1>' in dutch and "Je leert turbines onderhouden." in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(provider_user)
    home = client.get(reverse("catalog:provider_home")).content.decode()
    assert ">Wind turbine technician" in home


def test_import_page_tells_new_updated_and_unchanged_apart(client, provider_user, provider, offerings):
    client.force_login(provider_user)
    exported = client.get(reverse("catalog:export", args=["csv"])).content
    changed = exported.replace(b"Monteur windturbines", b"Monteur windparken")
    response = client.post(reverse("catalog:import"), {"format": "csv", "file": SimpleUploadedFile("c.csv", changed)}, follow=True)
    page = response.content.decode()
    assert "0 nieuwe, 1 bijgewerkte en 1 ongewijzigde opleidingen; 0 nieuw, 0 bijgewerkt en 5 ongewijzigd aanbod." in page
