"""The taxonomy as a visitor and an API client meet it."""

import pytest
from django.urls import reverse

from loket.taxonomy.models import Occupation, Skill

pytestmark = pytest.mark.django_db


def electrician():
    return Occupation.objects.get(labels__language="en", labels__kind="preferred", labels__text="electrician")


def test_search_page_lists_results_and_htmx_gets_only_the_list(client, sample_taxonomy):
    page = client.get(reverse("taxonomy:search"), {"q": "elektricien"})
    assert page.status_code == 200
    assert "monteur elektrische installaties" in page.text and "<html" in page.text
    partial = client.get(reverse("taxonomy:search"), {"q": "elektricien"}, headers={"HX-Request": "true"})
    assert "monteur elektrische installaties" in partial.text and "<html" not in partial.text


def test_occupation_page_shows_skills_and_isco_place(client, sample_taxonomy):
    occupation = electrician()
    page = client.get(reverse("taxonomy:concept", args=[occupation.pk]))
    assert page.status_code == 200
    assert "Essentiële vaardigheden" in page.text
    assert occupation.isco_group.label("nl") in page.text
    essential_skill = occupation.skill_links.filter(relation="essential").first().skill
    assert essential_skill.label("nl") in page.text


def test_skill_page_marks_an_english_fallback_label(client, db, tmp_path):
    import shutil

    from loket.taxonomy.services.importer import import_release
    from loket.taxonomy.services.sample import SAMPLE_DIR

    shutil.copytree(SAMPLE_DIR, tmp_path / "release")
    (tmp_path / "release" / "nl" / "skills_nl.csv").unlink()
    import_release([tmp_path / "release" / "en", tmp_path / "release" / "nl"])
    skill = Skill.objects.filter(occupation_links__isnull=False).first()
    page = client.get(reverse("taxonomy:concept", args=[skill.pk]))
    assert f'<span lang="en">{skill.label("en")}</span> <span class="loket-other-language">(Engels)</span>' in page.text
    assert "Essentieel voor" in page.text


def test_pages_switch_to_english(client, sample_taxonomy):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("taxonomy:concept", args=[electrician().pk]))
    assert "Essential skills" in page.text
    assert page["Content-Language"] == "en"


def test_an_unknown_concept_is_a_dutch_404(client, sample_taxonomy):
    page = client.get(reverse("taxonomy:concept", args=[999999]))
    assert page.status_code == 404 and "Pagina niet gevonden" in page.text


def test_extraction_page_highlights_what_it_found(client, sample_taxonomy):
    page = client.post(reverse("taxonomy:extract"), {"text": "Je installeert warmtepompen en onderhoudt windturbines."})
    assert page.status_code == 200
    assert "<mark>installeert warmtepompen</mark>" in page.text


def test_extraction_page_refuses_empty_text_with_a_message(client, sample_taxonomy):
    page = client.post(reverse("taxonomy:extract"), {"text": "   "})
    assert page.status_code == 400 and "Plak eerst een tekst" in page.text


def test_api_search_with_language_and_kind(client, sample_taxonomy):
    response = client.get("/api/v1/taxonomy/search", {"q": "warmtepomp installeren", "kind": "skill", "lang": "nl"})
    assert response.status_code == 200
    first = response.json()[0]
    assert first["label"] == "warmtepompen installeren" and first["label_language"] == "nl"
    assert first["uri"].startswith("http://data.europa.eu/esco/skill/")


def test_api_concept_by_id_and_by_uri_agree(client, sample_taxonomy):
    occupation = electrician()
    by_id = client.get(f"/api/v1/taxonomy/concepts/{occupation.pk}", {"lang": "en"}).json()
    by_uri = client.get("/api/v1/taxonomy/lookup", {"uri": occupation.uri, "lang": "en"}).json()
    assert by_id == by_uri
    assert by_id["label"] == "electrician"
    assert len(by_id["essential_skills"]) == occupation.skill_links.filter(relation="essential").count()
    assert by_id["broader"][0]["code"] == occupation.isco_group.code


def test_api_extract_returns_spans(client, sample_taxonomy):
    text = "Ervaring met warmtepompen installeren."
    response = client.post("/api/v1/taxonomy/extract", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    found = response.json()
    assert any(text[item["start"] : item["end"]] == item["text"] for item in found)


def test_api_invalid_input_gets_a_json_message_in_dutch(client, sample_taxonomy):
    response = client.get("/api/v1/taxonomy/search", {"q": "", "limit": 500})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Ongeldige invoer")
    assert {error["field"] for error in body["errors"]} == {"q", "limit"}
    empty = client.post("/api/v1/taxonomy/extract", {"text": ""}, content_type="application/json")
    assert empty.status_code == 422


def test_api_unknown_concept_is_json_404(client, sample_taxonomy):
    response = client.get("/api/v1/taxonomy/concepts/999999")
    assert response.status_code == 404 and response.json() == {"detail": "Niet gevonden."}


def test_openapi_description_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/taxonomy/search" in spec["paths"]
    assert "/api/v1/taxonomy/extract" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_api_a_body_that_is_not_json_gets_a_message_in_the_users_language(client, sample_taxonomy):
    response = client.post("/api/v1/taxonomy/extract", "{bad json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "De inhoud van het verzoek is geen geldige JSON; er is niets gewijzigd."}
    client.post("/i18n/setlang/", {"language": "en"})
    english = client.post("/api/v1/taxonomy/extract", "{bad json", content_type="application/json")
    assert english.json() == {"detail": "The request body is not valid JSON; nothing has been changed."}
