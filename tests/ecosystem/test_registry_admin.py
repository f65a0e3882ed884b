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
