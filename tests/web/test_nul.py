"""A NUL character anywhere in a request is refused in the visitor's language, before PostgreSQL would fail on it."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    ["/ecosysteem/?region=%00", "/ecosysteem/goede-voorbeelden/?q=a%00b", "/opleidingen/?q=%00", "/ecosysteem/id/gemeente/%00"],
)
def test_a_page_address_with_nul_is_refused_in_dutch(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()


def test_the_api_refuses_nul_as_json_and_changes_nothing(client, make_user):
    from loket.ecosystem.models import Initiative

    assert client.get("/api/v1/ecosystem/initiatives/%00").json()["detail"].startswith("Het verzoek bevat een ongeldig teken")
    user = make_user(role="admin")
    client.force_login(user)
    initiative = Initiative.objects.order_by("pk").first()
    response = client.patch(
        f"/api/v1/ecosystem/initiatives/{initiative.slug}", data=json.dumps({"name": "a\u0000b"}), content_type="application/json"
    )
    assert response.status_code == 400 and "ongeldig teken" in response.json()["detail"]
    initiative.refresh_from_db()
    assert "\x00" not in initiative.name


def test_a_form_with_nul_is_refused_and_english_visitors_read_english(client):
    client.cookies["django_language"] = "en"
    response = client.post("/account/inloggen/", {"username": "a\x00@example.nl", "password": "x"})  # multipart
    assert response.status_code == 400
    assert "invalid character" in response.content.decode()
    response = client.post("/account/inloggen/", "username=a%00%40example.nl&password=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_ordinary_requests_pass(client):
    assert client.get("/ecosysteem/?q=techport").status_code == 200
    assert client.get("/api/v1/ecosystem/initiatives?q=techport").status_code == 200
