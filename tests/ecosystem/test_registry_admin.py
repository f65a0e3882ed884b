"""The ecosystem in the Django admin: every model is there for administrators, and for nobody else."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from loket.accounts.roles import Role

from .registry_world import world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_every_ecosystem_model_is_in_the_admin():
    assert set(apps.get_app_config("ecosystem").get_models()) <= set(admin.site._registry)


def test_administrators_open_every_list_and_an_initiative(client, world, make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    for model in apps.get_app_config("ecosystem").get_models():
        url = reverse(f"admin:ecosystem_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:ecosystem_initiative_change", args=[world.tech_connect.pk])).content.decode()
    assert "Tech@Connect" in page and "ROC Kop van Noord-Holland" in page  # with its partners inline
    client.force_login(make_user(email="iemand@example.nl"))
    assert client.get(reverse("admin:ecosystem_initiative_changelist")).status_code == 302  # to the log-in page


def test_the_admin_does_not_tie_a_survey_answer_to_the_moment_it_was_given(client, world, make_user, settings):
    import datetime

    from loket.ecosystem.models import Survey, SurveyResponse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    survey = Survey.objects.create(
        initiative=world.tech_connect, title="Waardering", questions=["Wat kan beter?"],
        opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 2, 1),
    )  # fmt: skip
    late = SurveyResponse.objects.create(survey=survey, score=9, answers=["Meer praktijk"])
    early = SurveyResponse.objects.create(survey=survey, score=4, answers=["Minder vergaderen"])
    SurveyResponse.objects.filter(pk=late.pk).update(submitted_on=datetime.date(2026, 1, 20))
    SurveyResponse.objects.filter(pk=early.pk).update(submitted_on=datetime.date(2026, 1, 5))
    client.force_login(make_user(Role.ADMIN, email="beheer@example.nl"))
    pages = [
        client.get(reverse("admin:ecosystem_survey_change", args=[survey.pk])).content.decode(),
        client.get(reverse("admin:ecosystem_surveyresponse_changelist")).content.decode(),
        client.get(reverse("admin:ecosystem_surveyresponse_change", args=[late.pk])).content.decode(),
    ]
    for page in pages:
        assert "14:37" not in page and "20 januari 2026" not in page and "2026-01-20" not in page
    # The inline lists the answers by mark, not in the order they came in.
    inline = pages[0]
    assert inline.index("Minder vergaderen") < inline.index("Meer praktijk")


@pytest.mark.parametrize(
    "links, message",
    [
        ('[{"label": "Klik", "url": "javascript:alert(1)"}]', "Link 1: “javascript:alert(1)” is geen webadres dat met http:// of https:// begint."),
        ('["https://techconnect.example.nl"]', "Link 1: geef een omschrijving (label) en een webadres (url)."),
        ('{"url": "https://techconnect.example.nl"}', "Geef de links als een lijst van {\"label\": …, \"url\": …}."),
    ],
)
def test_the_admin_keeps_links_to_web_addresses_as_the_pages_do(client, world, make_user, links, message):
    """The registry's page links every entry and its API reads label and url: the admin may not store anything else."""
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    from loket.ecosystem.models import Initiative

    initiative = world.tech_connect
    request = RequestFactory().get("/")
    request.user = make_user(Role.ADMIN, email="beheer@example.nl")
    form_class = admin.site._registry[Initiative].get_form(request, initiative)
    data = model_to_dict(initiative)
    data |= {"classifications": [c.pk for c in data["classifications"]], "editors": [u.pk for u in data["editors"]], "source": ""}
    data = {name: value for name, value in data.items() if value is not None}
    form = form_class(data | {"links": links}, instance=initiative)
    assert not form.is_valid()
    assert form.errors["links"] == [message]
    assert form_class(data | {"links": '[{"url": "https://techconnect.example.nl"}]'}, instance=initiative).is_valid()
    # Links stored before this check (or by hand in the database) do not break the API: what is no link is left out.
    Initiative.objects.filter(pk=initiative.pk).update(links=["https://oud.example.nl", {"label": "Site", "url": "https://techconnect.example.nl"}])
    response = client.get(f"/api/v1/ecosystem/initiatives/{initiative.slug}")
    assert response.status_code == 200
    assert response.json()["links"] == [{"label": "Site", "url": "https://techconnect.example.nl"}]
    client.force_login(request.user)
    edit = client.get(f"/ecosysteem/initiatieven/{initiative.slug}/bewerken/")
    assert edit.status_code == 200 and "Site | https://techconnect.example.nl" in edit.content.decode()
