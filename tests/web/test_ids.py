"""Ids from URLs, forms and files: a number no bigint can hold is "not found", never a server error."""

import pytest

from loket.accounts.roles import Role
from loket.ids import MAX_ROW_ID, row_id

TOO_BIG = "9" * 25


def test_row_id_takes_only_plain_digits_within_a_bigint():
    assert row_id("42") == 42 and row_id(" 7 ") == 7 and row_id(str(MAX_ROW_ID)) == MAX_ROW_ID
    for raw in ("0", "-3", "4.2", "١٢", "", "abc", str(MAX_ROW_ID + 1), TOO_BIG):
        assert row_id(raw) is None, raw


def test_a_huge_occupation_id_is_not_found_in_the_api(client, sample_taxonomy):
    response = client.get("/api/v1/vacancies/proposed-skills", {"occupation": TOO_BIG})
    assert response.status_code == 404
    assert "skills-taal" in response.json()["detail"]


def test_a_huge_goal_id_in_the_route_planner_is_answered_in_dutch(client, sample_taxonomy, make_user):
    client.force_login(make_user(Role.PERSON))
    response = client.get("/opleidingen/route/", {"occupation": TOO_BIG})
    assert response.status_code == 400
    assert "beroep" in response.content.decode()


@pytest.mark.django_db
def test_a_huge_vacancy_id_on_the_consent_page_is_ignored(client, make_user):
    client.force_login(make_user(Role.PERSON))
    response = client.get("/paspoort/toestemmingen/nieuw/", {"vacature": TOO_BIG})
    assert response.status_code == 200
