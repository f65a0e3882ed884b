"""The volgsysteem's demo content: marked as demo, edited by the demo analyst, re-runnable without duplicates."""

import pytest
from django.urls import reverse

from loket.accounts.roles import Role
from loket.ecosystem.demo import DEMO_ANALYST, demo_tracking
from loket.ecosystem.models import Initiative, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def test_demo_tracking_twice_makes_the_same_rated_and_suppressed_communities(client, make_user):
    analyst = make_user(Role.ANALYST, email=DEMO_ANALYST)
    demo_tracking({DEMO_ANALYST: analyst})
    demo_tracking({DEMO_ANALYST: analyst})
    communities = Initiative.objects.filter(slug__startswith="demo-")
    assert communities.count() == 4 and all(c.name.startswith("[demo] ") for c in communities)
    assert all(analyst in c.editors.all() for c in communities)
    assert {c.region.code for c in communities} == {"AM15", "AM17", "AM18", "AM37"}
    assert sorted(SurveyResponse.objects.values_list("score", flat=True)) == sorted([8, 7, 8, 9, 7, 8, 7, 8, 6, 8, 7, 9, 8, 8, 7, 8, 6, 8, 7, 9])
    assert SurveyResponse.objects.count() == 20 and Survey.objects.count() == 3

    rows = {row["slug"]: row for row in client.get("/ecosysteem/volgsysteem/").context["rows"]}
    assert str(rows["demo-fieldlab-slimme-maakindustrie-zaanstreek"]["rating"].value) == "7.7"
    assert rows["demo-coe-waterstof-den-helder"]["rating"].reason == "too_few_answers"

    client.force_login(analyst)
    six = Survey.objects.get(initiative__slug="demo-coe-waterstof-den-helder")
    page = client.get(reverse("ecosystem:survey_results", args=[six.initiative.slug, six.pk])).content.decode()
    assert "Nog geen resultaten: minder dan 10 antwoorden" in page
    open_survey = Survey.objects.get(initiative__slug="demo-learning-community-fotonica-amsterdam")
    assert 'name="score"' in client.get(reverse("ecosystem:survey_answer", args=[open_survey.token])).content.decode()


def test_demo_tracking_without_the_analyst_still_fills_the_volgsysteem():
    demo_tracking({})
    assert Initiative.objects.filter(slug__startswith="demo-", editors__isnull=True).count() == 4
    assert SurveyResponse.objects.count() == 20
