"""The explorer pages and the API, as a visitor and as a person."""

import json

import pytest
from django.urls import reverse

from loket.passport.models import PassportSkill
from loket.passport.services import passport_for
from loket.transitions import services


def test_a_visitor_searches_an_occupation_and_sees_ranked_destinations(client, aircraft, wind):
    response = client.get(reverse("transitions:explorer"), {"q": "aircraft maintenance"})
    assert f"?beroep={aircraft.pk}".encode() in response.content
    response = client.get(reverse("transitions:explorer"), {"beroep": aircraft.pk, "klimaat": "1"})
    assert response.status_code == 200
    assert reverse("transitions:transition", args=[aircraft.pk, wind.pk]).encode() in response.content
    assert "Klimaattransitie" in response.content.decode()


def test_a_bad_filter_shows_a_dutch_message_and_no_results(client, aircraft):
    response = client.get(reverse("transitions:explorer"), {"beroep": aircraft.pk, "hoofdgroep": "77"})
    assert response.status_code == 200
    assert "Kies een ISCO-hoofdgroep als één cijfer" in response.content.decode()
    assert b"utrecht-table__body" not in response.content


def test_an_unknown_occupation_is_404(client, sample_taxonomy, electrician):
    assert client.get(reverse("transitions:explorer"), {"beroep": 10**9}).status_code == 404
    assert client.get(reverse("transitions:transition", args=[electrician.pk, 10**9])).status_code == 404


def test_the_transition_page_has_the_chart_spec_the_table_and_the_route_link(client, aircraft, wind):
    response = client.get(reverse("transitions:transition", args=[aircraft.pk, wind.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "vendor/vega-lite/vega-lite.min.js" in html and "cdn" not in html.lower()
    spec = json.loads(html.split('id="overstap-spec" type="application/json">')[1].split("</script>")[0])
    detail = services.transition(aircraft, wind)
    counts = {(row["kind"], row["status"]): row["count"] for row in spec["vconcat"][1]["data"]["values"]}
    assert sum(counts.values()) == sum(len(getattr(detail.destination.gap, n)) for n in ("shared_essential", "shared_optional", "missing_essential", "missing_optional"))
    assert "utrecht-table" in html


def test_only_a_person_is_offered_a_route_and_it_says_it_starts_from_their_passport(client, make_user, aircraft, wind):
    page = reverse("transitions:transition", args=[aircraft.pk, wind.pk])
    route_link = f"{reverse('catalog:route_planner')}?occupation={wind.pk}"
    assert route_link not in client.get(page).content.decode()  # a visitor has no passport to plan from
    client.force_login(make_user("employer", email="werkgever@example.nl"))
    assert route_link not in client.get(page).content.decode()
    client.force_login(make_user("person"))
    html = client.get(page).content.decode()
    assert route_link in html and "Plan een leerroute vanuit mijn paspoort" in html


def test_the_transition_page_speaks_of_the_origin_not_of_you_unless_from_the_passport(client, make_user, aircraft, wind):
    html = client.get(reverse("transitions:transition", args=[aircraft.pk, wind.pk])).content.decode()
    origin = services.occupation_labels(services.current_data())[aircraft.pk]
    assert f"Skills die {origin} al heeft" in html and "Skills die u al heeft" not in html
    client.force_login(make_user("person"))
    html = client.get(reverse("transitions:passport_transition", args=[wind.pk])).content.decode()
    assert "Skills die u al heeft" in html


def test_back_to_the_destinations_keeps_the_filters(client, aircraft, wind):
    major = wind.isco_group.code[0]
    listing = client.get(reverse("transitions:explorer"), {"beroep": aircraft.pk, "klimaat": "1", "hoofdgroep": major}).content.decode()
    detail_link = f"{reverse('transitions:transition', args=[aircraft.pk, wind.pk])}?klimaat=1&amp;hoofdgroep={major}"
    assert detail_link in listing  # the list hands its filters to the transition page
    html = client.get(reverse("transitions:transition", args=[aircraft.pk, wind.pk]), {"klimaat": "1", "hoofdgroep": major, "haalbaar": "1"}).content.decode()
    assert f'href="{reverse("transitions:explorer")}?beroep={aircraft.pk}&amp;klimaat=1&amp;hoofdgroep={major}&amp;haalbaar=1"' in html
    unfiltered = client.get(reverse("transitions:transition", args=[aircraft.pk, wind.pk])).content.decode()
    assert f'href="{reverse("transitions:explorer")}?beroep={aircraft.pk}"' in unfiltered



def test_passport_mode_needs_a_log_in(client, sample_taxonomy, wind):
    response = client.get(reverse("transitions:explorer"), {"bron": "paspoort"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = client.get(reverse("transitions:passport_transition", args=[wind.pk]))
    assert response.status_code == 302


def test_a_person_explores_from_their_own_passport(client, make_user, electrician, wind):
    user = make_user("person")
    passport = passport_for(user)
    essential, _optional = services.occupation_skills(electrician)
    PassportSkill.objects.bulk_create(PassportSkill(passport=passport, skill_id=s) for s in essential)
    client.force_login(user)
    response = client.get(reverse("transitions:explorer"), {"bron": "paspoort"})
    assert reverse("transitions:passport_transition", args=[electrician.pk]).encode() in response.content
    assert client.get(reverse("transitions:passport_transition", args=[wind.pk])).status_code == 200


def test_an_employer_has_no_passport_to_start_from(client, make_user, sample_taxonomy):
    client.force_login(make_user("employer"))
    assert client.get(reverse("transitions:explorer"), {"bron": "paspoort"}).status_code == 403


# --------------------------------------------------------------------------- API

API = "/api/v1/transitions"


def test_api_destinations_with_filters(client, aircraft):
    response = client.get(f"{API}/occupations/{aircraft.pk}/destinations", {"limit": 5, "climate_only": "true"})
    assert response.status_code == 200
    body = response.json()
    assert 0 < len(body) <= 5 and all(d["climate"] for d in body)
    assert [d["score"] for d in body] == sorted((d["score"] for d in body), reverse=True)
    assert set(body[0]["gap"]) == {"shared_essential", "shared_optional", "missing_essential", "missing_optional"}


@pytest.mark.parametrize("params", [{"isco_major": "99"}, {"limit": 0}, {"limit": "veel"}])
def test_api_bad_filters_are_422_in_dutch(client, aircraft, params):
    response = client.get(f"{API}/occupations/{aircraft.pk}/destinations", params)
    assert response.status_code == 422
    assert "Ongeldige invoer" in response.json()["detail"] or "ISCO-hoofdgroep" in response.json()["detail"]


def test_api_unknown_occupations_are_404(client, sample_taxonomy, electrician):
    assert client.get(f"{API}/occupations/{10**9}/destinations").status_code == 404
    response = client.get(f"{API}/occupations/{electrician.pk}/to/{10**9}")
    assert response.status_code == 404 and "bestaat niet" in response.json()["detail"]


def test_api_transition_detail_and_calibration(client, aircraft, wind):
    body = client.get(f"{API}/occupations/{aircraft.pk}/to/{wind.pk}").json()
    assert body["origin_id"] == aircraft.pk and body["destination"]["occupation_id"] == wind.pk
    assert len(body["missing_essential"]) == len(body["destination"]["gap"]["missing_essential"]) > 0
    assert all(skill["label"] for skill in body["missing_essential"])
    calibration = client.get(f"{API}/calibration").json()
    assert calibration["viable"] == pytest.approx(body["viable_threshold"])
    assert calibration["examples"]


def test_api_person_mode_needs_a_log_in_and_uses_only_their_own_passport(client, make_user, electrician, wind):
    assert client.get(f"{API}/me/destinations").status_code == 401
    user = make_user("person")
    PassportSkill.objects.bulk_create(
        PassportSkill(passport=passport_for(user), skill_id=s) for s in services.occupation_skills(electrician)[0]
    )
    client.force_login(user)
    body = client.get(f"{API}/me/destinations", {"limit": 3}).json()
    assert body[0]["occupation_id"] == electrician.pk
    assert client.get(f"{API}/me/to/{wind.pk}").json()["origin_id"] is None
