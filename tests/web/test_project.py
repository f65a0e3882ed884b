"""The two commands' promises: configuration from the environment, a
production configuration that passes Django's deployment check, the
``loket`` command with help in Dutch and English, and the start page."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from loket.accounts.roles import Role

LOKET = [sys.executable, "-m", "loket.cli"]


def run(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "LANG", "LANGUAGE", "LC_ALL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env)
    return subprocess.run(LOKET + args, capture_output=True, text=True, env=environment, timeout=120)


def test_production_settings_pass_the_deployment_check():
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="x7#Kq2!vLm9@pR4$wT6^yZ1&bN3*cF8(hJ5)dG0-sA2+eU7=iO4",
        ALLOWED_HOSTS="loket.noord-holland.nl",
        DATABASE_URL="sqlite:////tmp/loket-check.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_secret_key_production_refuses_to_start_with_a_clear_message():
    result = run(["check"])
    assert result.returncode == 2
    assert "SECRET_KEY ontbreekt" in result.stderr


@pytest.mark.parametrize(
    "env, args, expected",
    [
        ({}, ["--help"], "Importeer een officiële ESCO-release"),
        ({"LANG": "en_GB.UTF-8"}, ["--help"], "Import an official ESCO release"),
        ({}, ["--lang", "en", "--help"], "Import an official ESCO release"),
        ({"DEBUG": "1", "LANG": "en_GB.UTF-8"}, ["import-esco", "--help"], "Import an official ESCO release"),
        ({"DEBUG": "1"}, ["extract-skills", "--help"], "Herken ESCO-vaardigheden"),
    ],
)
def test_the_loket_command_helps_in_dutch_and_english(env, args, expected):
    result = run(args, **env)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.django_db
def test_the_start_page_explains_the_loket_to_every_role(client):
    page = client.get(reverse("web:home"))
    assert page.status_code == 200
    for role in Role:
        assert str(role.label) in page.text
    assert f'{reverse("accounts:register")}?rol=employer' in page.text


@pytest.mark.django_db
def test_the_start_page_leads_anyone_to_the_ecosystem(client):
    page = client.get(reverse("web:home"))
    for name in ("ecosystem:initiatives", "ecosystem:map", "ecosystem:agenda", "ecosystem:tracking"):
        assert f'href="{reverse(name)}"' in page.text
        assert client.get(reverse(name)).status_code == 200  # public: no log-in


@pytest.mark.django_db
def test_the_start_page_is_dutch_whatever_the_browser_asks(client):
    page = client.get(reverse("web:home"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Wat kunt u hier doen?" in page.text


@pytest.mark.django_db
def test_a_signed_in_user_sees_their_roles(client, make_user):
    client.force_login(make_user(role=Role.FUND_ADMIN, full_name="Anouk Visser"))
    page = client.get(reverse("web:home"))
    assert "Welkom terug, Anouk Visser" in page.text and "Fondsbeheerder" in page.text


@pytest.mark.django_db
def test_demo_command_is_repeatable_and_refuses_production(settings, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from loket.accounts.models import User

    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    output = capsys.readouterr().out
    assert output.count("beheer@demo.loket.nl") == 2
    from loket.monitor.models import Snapshot

    # The dashboard has its 0-meting after the first run; the second run adds no snapshot and no placements.
    assert Snapshot.objects.filter(status="done", is_baseline=True).count() == Snapshot.objects.count() == 1
    from loket.monitor.services import cells
    from loket.vacancies.models import Placement
    from loket.web.management.commands.demo import DEMO_PLACEMENTS

    assert Placement.objects.count() == DEMO_PLACEMENTS
    snapshot = Snapshot.objects.get()
    for kpi in ("w2w_placements", "side_entry_technical", "job_seeker_placements", "internships_filled"):
        total = cells(snapshot, kpi)[0]
        assert total["value"] or total["suppressed"], kpi  # the placement KPIs count something on the demo
    from loket.web.management.commands.demo import DEMO_USERS

    logins = {email for _role, email, _name, _organisation in DEMO_USERS}
    assert User.objects.filter(email__in=logins).count() == len(logins)
    for role in Role:
        assert User.objects.filter(email__in=logins, groups__name=role.value).first().has_role(role)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="bekend wachtwoord"):
        call_command("demo")
