"""The good-practice library: search and filters, reading, adding and editing, the documents' practices."""

import datetime
import importlib
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.accounts.roles import Role
from loket.ecosystem.models import Classification, GoodPractice, Initiative, Source
from loket.ecosystem.vocabulary import InitiativeKind, Scheme

pytestmark = pytest.mark.django_db

seed = importlib.import_module("loket.ecosystem.migrations.0004_good_practices")


def load_seeds():
    return seed.load_good_practices(GoodPractice, Source, Classification)


def classify(practice, **codes):
    practice.classifications.set([Classification.objects.get(scheme=scheme, code=code) for scheme, values in codes.items() for code in values])


@pytest.fixture
def library(db):
    """Three practices of our own, and none of the documents', so counts are ours."""
    GoodPractice.objects.all().delete()
    hub = Initiative.objects.create(slug="techhub-zaanstad", name="Techhub Zaanstad", kind=InitiativeKind.TECHNOHUB, description_nl="Een hub.")
    first = GoodPractice.objects.create(
        slug="waterstof-praktijklab", title="Praktijklab waterstof", summary="Studenten en monteurs leren samen aan een elektrolyser.",
        what_works="Bedrijven leveren de apparatuur.", what_does_not="Roosters van school en bedrijf botsen.",
        initiative=hub, published_on=datetime.date(2026, 5, 1),
    )  # fmt: skip
    classify(first, theme=["innovation"], programme_line=["innoveren"], topsector=["energie"])
    second = GoodPractice.objects.create(
        slug="zij-instroom-installatietechniek", title="Zij-instroom in de installatietechniek",
        summary="Werkzoekenden uit de luchtvaart stappen over naar installatiewerk.", what_works="Een baangarantie vooraf.",
        published_on=datetime.date(2026, 6, 1),
    )  # fmt: skip
    classify(second, theme=["work_to_work", "inclusion"], programme_line=["werken"])
    third = GoodPractice.objects.create(
        slug="gastlessen-basisschool", title="Gastlessen techniek op de basisschool", summary="Monteurs geven gastlessen.",
        what_does_not="Eenmalige gastlessen zonder vervolg beklijven niet.", published_on=datetime.date(2025, 11, 1),
    )  # fmt: skip
    classify(third, theme=["inflow"], programme_line=["kiezen"], topsector=["htsm"])
    return {"hub": hub, "first": first, "second": second, "third": third}


def titles(page):
    return [title for title in ("Praktijklab waterstof", "Zij-instroom in de installatietechniek", "Gastlessen techniek op de basisschool") if title in page]


def search(client, **params):
    return client.get(reverse("ecosystem:practices"), params).content.decode()


# --- Reading and searching ------------------------------------------------------------------------------------------------


def test_the_library_is_public_newest_first(client, library):
    page = search(client)
    assert "3 goede voorbeelden" in page
    assert page.index("Zij-instroom") < page.index("Praktijklab waterstof") < page.index("Gastlessen techniek")
    assert "Goed voorbeeld toevoegen" not in page


def test_search_by_words_finds_every_word_anywhere_in_the_text(client, library):
    assert titles(search(client, q="elektrolyser")) == ["Praktijklab waterstof"]
    assert titles(search(client, q="ROOSTERS botsen")) == ["Praktijklab waterstof"]  # in "wat niet werkt", any case
    assert titles(search(client, q="monteurs")) == ["Praktijklab waterstof", "Gastlessen techniek op de basisschool"]
    assert titles(search(client, q="monteurs gastlessen")) == ["Gastlessen techniek op de basisschool"]
    assert "Geen goede voorbeelden met deze keuze" in search(client, q="kernfusie")


def test_search_ignores_accents_and_punctuation_as_the_registry_does(client, library):
    assert titles(search(client, q="zij instroom")) == ["Zij-instroom in de installatietechniek"]
    assert titles(search(client, q="Elektrolysér")) == ["Praktijklab waterstof"]


def test_filters_by_theme_programme_line_and_topsector(client, library):
    assert titles(search(client, theme="inclusion")) == ["Zij-instroom in de installatietechniek"]
    assert titles(search(client, programme_line="kiezen")) == ["Gastlessen techniek op de basisschool"]
    assert titles(search(client, topsector="energie")) == ["Praktijklab waterstof"]
    assert titles(search(client, theme="innovation", topsector="htsm")) == []
    assert titles(search(client, q="monteurs", theme="inflow")) == ["Gastlessen techniek op de basisschool"]


def test_an_unknown_filter_is_reported_in_dutch(client, library):
    response = client.get(reverse("ecosystem:practices"), {"theme": "ruimtevaart"})
    assert response.status_code == 400 and "Onbekende keuze: ruimtevaart." in response.content.decode()


def test_a_practice_page_shows_its_lessons_labels_and_initiative(client, library):
    page = client.get(reverse("ecosystem:practice", args=["waterstof-praktijklab"])).content.decode()
    for text in ("Praktijklab waterstof", "Wat werkt", "Bedrijven leveren de apparatuur.", "Wat niet werkt", "Roosters van school",
                 "Innovatie", "Innoveren", "Energie", "Techhub Zaanstad", "1 mei 2026"):  # fmt: skip
        assert text in page
    assert f'href="{reverse("ecosystem:initiative", args=["techhub-zaanstad"])}"' in page
    assert "Bewerken" not in page
    assert client.get(reverse("ecosystem:practice", args=["bestaat-niet"])).status_code == 404


# --- Adding and editing -------------------------------------------------------------------------------------------------------


def practice_data(**overrides):
    data = {
        "title": "Leerwerkplaats warmtepompen", "summary": "Installateurs en het mbo bouwen samen een leerwerkplaats.",
        "what_works": "Een vaste praktijkbegeleider per bedrijf.", "what_does_not": "", "initiative": "",
        "themes": ["lifelong_learning"], "programme_lines": ["leren"], "topsectors": ["energie"], "source_reference": "Eigen evaluatie 2026",
    }  # fmt: skip
    return data | overrides


def test_only_editors_of_an_initiative_and_administrators_may_add(client, make_user, library):
    url = reverse("ecosystem:practice_new")
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(make_user(Role.PERSON, email="inwoner@example.nl"))
    assert client.get(url).status_code == 403
    assert client.post(url, practice_data()).status_code == 403
    assert not GoodPractice.objects.filter(title="Leerwerkplaats warmtepompen").exists()
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    assert client.get(url).status_code == 200
    assert "Goed voorbeeld toevoegen" in search(client)


def test_an_editor_adds_a_practice_for_their_initiative(client, make_user, library):
    editor = make_user(email="redacteur@example.nl")
    library["hub"].editors.add(editor)
    other = Initiative.objects.create(slug="ander-lab", name="Ander lab", kind=InitiativeKind.FIELDLAB, description_nl="x")
    client.force_login(editor)
    form = client.get(reverse("ecosystem:practice_new")).content.decode()
    assert "Techhub Zaanstad" in form and "Ander lab" not in form
    response = client.post(reverse("ecosystem:practice_new"), practice_data(initiative=other.slug))
    assert response.status_code == 400 and "Kies een initiatief dat u mag bewerken." in response.content.decode()
    response = client.post(reverse("ecosystem:practice_new"), practice_data(initiative="techhub-zaanstad"))
    assert response.status_code == 302
    practice = GoodPractice.objects.get(title="Leerwerkplaats warmtepompen")
    assert response["Location"] == reverse("ecosystem:practice", args=[practice.slug])
    assert practice.slug == "leerwerkplaats-warmtepompen" and practice.author == editor
    assert practice.published_on == timezone.localdate() and practice.initiative == library["hub"]
    assert {(c.scheme, c.code) for c in practice.classifications.all()} == {
        (Scheme.THEME, "lifelong_learning"), (Scheme.PROGRAMME_LINE, "leren"), (Scheme.TOPSECTOR, "energie"),
    }  # fmt: skip
    assert titles(search(client, theme="lifelong_learning")) == [] and "Leerwerkplaats warmtepompen" in search(client, theme="lifelong_learning")


def test_invalid_input_gets_dutch_messages_and_saves_nothing(client, make_user, library):
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    before = GoodPractice.objects.count()
    response = client.post(reverse("ecosystem:practice_new"), practice_data(title="", summary="", what_works="", what_does_not="", themes=["x"]))
    page = response.content.decode()
    assert response.status_code == 400
    for message in ("Geef het goede voorbeeld een titel.", "Schrijf een korte samenvatting.", "Onbekend thema: x.", "Er is niets opgeslagen"):
        assert message in page
    response = client.post(reverse("ecosystem:practice_new"), practice_data(what_works=" ", what_does_not=""))
    assert "Beschrijf wat werkt of wat niet werkt, of allebei." in response.content.decode()
    assert GoodPractice.objects.count() == before


def test_titles_that_would_clash_get_their_own_address(client, make_user, library):
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    client.post(reverse("ecosystem:practice_new"), practice_data(title="Praktijklab waterstof"))
    client.post(reverse("ecosystem:practice_new"), practice_data(title="Praktijklab waterstof"))
    client.post(reverse("ecosystem:practice_new"), practice_data(title="Nieuw"))
    assert set(GoodPractice.objects.filter(title="Praktijklab waterstof").values_list("slug", flat=True)) == {
        "waterstof-praktijklab", "praktijklab-waterstof", "praktijklab-waterstof-2",
    }  # fmt: skip
    assert GoodPractice.objects.filter(slug="nieuw-2", title="Nieuw").exists()


def test_the_author_and_the_initiatives_editors_may_edit_others_may_not(client, make_user, library):
    practice = library["first"]
    url = reverse("ecosystem:practice_edit", args=[practice.slug])
    client.force_login(make_user(email="vreemde@example.nl"))
    assert client.get(url).status_code == 403
    assert client.post(url, practice_data()).status_code == 403
    editor = make_user(email="hub@example.nl")
    library["hub"].editors.add(editor)
    client.force_login(editor)
    assert "Bewerken" in client.get(reverse("ecosystem:practice", args=[practice.slug])).content.decode()
    form = client.get(url).content.decode()
    assert "Praktijklab waterstof" in form and 'value="innovation" checked' in form
    response = client.post(url, practice_data(title="Praktijklab waterstof, vernieuwd", initiative="techhub-zaanstad"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Praktijklab waterstof, vernieuwd" and practice.slug == "waterstof-praktijklab"
    assert practice.published_on == datetime.date(2026, 5, 1) and practice.author is None


# --- API ------------------------------------------------------------------------------------------------------------


def test_api_searches_practices(client, library):
    body = client.get("/api/v1/ecosystem/good-practices", {"q": "monteurs", "theme": "inflow"}).json()
    assert [item["slug"] for item in body] == ["gastlessen-basisschool"]
    assert body[0]["themes"] == ["inflow"] and body[0]["topsectors"] == ["htsm"] and body[0]["what_does_not"].startswith("Eenmalige")
    assert len(client.get("/api/v1/ecosystem/good-practices").json()) == 3
    response = client.get("/api/v1/ecosystem/good-practices", {"theme": "ruimtevaart"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "theme"
    assert client.get("/api/v1/ecosystem/good-practices/waterstof-praktijklab").json()["initiative"] == "techhub-zaanstad"


def api_post(client, body, slug=None):
    if slug:
        return client.put(f"/api/v1/ecosystem/good-practices/{slug}", json.dumps(body), content_type="application/json")
    return client.post("/api/v1/ecosystem/good-practices", json.dumps(body), content_type="application/json")


def test_api_adds_and_edits_practices_for_editors(client, make_user, library):
    body = practice_data(initiative="techhub-zaanstad")
    assert api_post(client, body).status_code == 401
    client.force_login(make_user(Role.PERSON, email="inwoner@example.nl"))
    assert api_post(client, body).status_code == 403
    editor = make_user(email="hub@example.nl")
    library["hub"].editors.add(editor)
    client.force_login(editor)
    response = api_post(client, body | {"summary": ""})
    assert response.status_code == 422
    assert {"field": "summary", "message": "Schrijf een korte samenvatting."} in response.json()["errors"]
    response = api_post(client, body)
    assert response.status_code == 201
    created = response.json()
    assert created["slug"] == "leerwerkplaats-warmtepompen" and created["initiative"] == "techhub-zaanstad"
    assert created["published_on"] == timezone.localdate().isoformat() and created["themes"] == ["lifelong_learning"]
    response = api_post(client, body | {"title": "Leerwerkplaats warmtepompen en zon", "themes": ["innovation"]}, slug=created["slug"])
    assert response.status_code == 200 and response.json()["themes"] == ["innovation"]
    client.force_login(make_user(email="vreemde@example.nl"))
    assert api_post(client, body, slug=created["slug"]).status_code == 403
    assert GoodPractice.objects.get(slug=created["slug"]).title == "Leerwerkplaats warmtepompen en zon"


# --- The documents' practices ----------------------------------------------------------------------------------------------


def test_the_documents_practices_load_with_source_and_reference_and_can_be_reloaded(db):
    GoodPractice.objects.all().delete()
    assert load_seeds() == (len(seed.PRACTICES), 0, 0)
    pps = GoodPractice.objects.get(slug="pps-analyse-noord-holland")
    assert pps.source.key == "manifest-2030" and "PPS" in pps.source_reference and pps.author is None
    assert "tijdelijke subsidieprojecten" in pps.what_does_not and pps.published_on == datetime.date(2021, 3, 1)
    assert GoodPractice.objects.get(slug="krachten-bundelen-en-focus-kiezen").source.title.startswith("Human Capital Actieagenda")
    assert {c.code for c in GoodPractice.objects.get(slug="fieldlab-met-skillslab").classifications.all()} >= {"htsm", "innovation"}
    for practice in GoodPractice.objects.all():
        assert practice.source_id and practice.source_reference and (practice.what_works or practice.what_does_not)
    pps.title = "Iets anders"
    pps.save()
    pps.classifications.clear()
    assert load_seeds() == (0, len(seed.PRACTICES), 0)
    pps.refresh_from_db()
    assert pps.title.startswith("PPS-analyse") and pps.classifications.count() == 5
    assert GoodPractice.objects.count() == len(seed.PRACTICES)
    assert Source.objects.filter(key="manifest-2030").count() == 1


def test_reloading_keeps_the_practices_users_wrote(db, make_user):
    GoodPractice.objects.all().delete()
    author = make_user(email="auteur@example.nl")
    mine = GoodPractice.objects.create(slug="mijn-les", title="Mijn les", summary="x", what_works="y", author=author, published_on=datetime.date(2026, 1, 1))
    same_slug = GoodPractice.objects.create(
        slug="durf-te-stoppen", title="Onze eigen les over stoppen", summary="x", what_works="y", author=author, published_on=datetime.date(2026, 1, 1)
    )  # fmt: skip
    created, updated, kept = load_seeds()
    assert (created, updated, kept) == (len(seed.PRACTICES) - 1, 0, 1)
    mine.refresh_from_db()
    same_slug.refresh_from_db()
    assert mine.title == "Mijn les" and same_slug.title == "Onze eigen les over stoppen"


def test_the_documents_practices_are_in_the_library_and_filter_by_theme(client, db):
    load_seeds()
    page = client.get(reverse("ecosystem:practices"), {"theme": "inflow"}).content.decode()
    assert "Technetkringen: bedrijven rond scholen" in page and "PPS-analyse" not in page
    page = client.get(reverse("ecosystem:practice", args=["technetkringen-bedrijven-rond-scholen"])).content.decode()
    assert "Techniekpact Noordvleugel" in page and "organiserend vermogen" in page and "Actielijn 1" in page
