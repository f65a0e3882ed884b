"""Another person cannot read or change my passport through any page or API address."""

import pytest
from django.urls import reverse

from loket.passport import services
from loket.passport.models import Consent, Education, PassportSkill, WorkExperience
from loket.passport.urls import urlpatterns

from .conftest import occupation, skill

pytestmark = pytest.mark.django_db
API = "/api/v1/passport"


@pytest.fixture
def my_rows(person, employer_org, sample_taxonomy):
    passport = services.passport_for(person)
    [my_skill] = services.add_skills(passport, [skill("install heat pump").pk], source="manual", evidence_note="mijn notitie")
    work = WorkExperience.objects.create(passport=passport, occupation=occupation("electrician"), employer_name="Mijn Werkgever BV")
    education = Education.objects.create(passport=passport, title="Mijn Opleiding", nlqf_level=3)
    consent = Consent.objects.create(passport=passport, organisation=employer_org, purpose="vacancy", sections=["skills"])
    return {"skill": my_skill, "work": work, "education": education, "consent": consent}


def snapshot():
    return (
        list(PassportSkill.objects.values()),
        list(WorkExperience.objects.values()),
        list(Education.objects.values()),
        list(Consent.objects.values()),
    )


def test_every_page_with_an_id_is_404_for_someone_else(client, other_person, my_rows):
    client.force_login(other_person)
    before = snapshot()
    pages_with_id = [p for p in urlpatterns if "<int:pk>" in str(p.pattern)]
    assert len(pages_with_id) == 7
    for pattern in pages_with_id:
        row = my_rows[pattern.name.split("_")[0]]
        url = reverse(f"passport:{pattern.name}", args=[row.pk])
        hijack = {"proficiency": 1, "evidence": "self", "title": "Gekaapt", "nlqf_level": 1, "occupation_id": occupation("welder").pk}
        assert client.post(url, hijack).status_code == 404, url
        # Removing and revoking take POST only; a GET is refused before any lookup.
        assert client.get(url).status_code == (405 if pattern.name.endswith(("_delete", "_revoke")) else 404), url
    assert snapshot() == before


def test_pages_without_an_id_show_only_my_own_passport(client, other_person, my_rows):
    client.force_login(other_person)
    for name in ("home", "consents", "access_log", "wishes"):
        text = client.get(reverse(f"passport:{name}")).text
        for mine in ("warmtepompen installeren", "Mijn Werkgever BV", "Mijn Opleiding", "Damen Den Helder", "mijn notitie"):
            assert mine not in text, (name, mine)
    exported = client.get(reverse("passport:export")).json()
    assert exported["account"]["email"] == "piet@example.nl"
    assert "warmtepompen" not in str(exported) and "Mijn Werkgever BV" not in str(exported)


def test_every_api_address_with_an_id_is_404_for_someone_else(client, other_person, my_rows):
    client.force_login(other_person)
    before = snapshot()
    calls = []
    for kind, prefix in (("skill", "skills"), ("work", "work"), ("education", "education")):
        url = f"{API}/{prefix}/{my_rows[kind].pk}"
        calls += [("get", url, None), ("put", url, {"proficiency": 1, "title": "Gekaapt", "employer_name": "Gekaapt"}), ("delete", url, None)]
    calls.append(("post", f"{API}/consents/{my_rows['consent'].pk}/revoke", {}))
    for method, url, data in calls:
        kwargs = {"data": data, "content_type": "application/json"} if data is not None else {}
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json() == {"detail": "Niet gevonden."}
    assert snapshot() == before
    for path in ("/", "/skills", "/work", "/education", "/consents", "/access-log", "/export"):
        assert "warmtepompen" not in client.get(API + path).text


def test_quick_start_adds_to_my_own_passport_only(client, person, other_person, my_rows):
    client.force_login(other_person)
    client.post(reverse("passport:quick_start_confirm"), {"skill_ids": [skill("install heat pump").pk], "source": "cv"})
    assert PassportSkill.objects.filter(passport__user=person).count() == 1
    assert PassportSkill.objects.filter(passport__user=other_person).count() == 1


def test_revoking_someone_elses_consent_leaves_it_active(client, other_person, my_rows):
    client.force_login(other_person)
    assert client.post(reverse("passport:consent_revoke", args=[my_rows["consent"].pk])).status_code == 404
    my_rows["consent"].refresh_from_db()
    assert my_rows["consent"].is_active()
