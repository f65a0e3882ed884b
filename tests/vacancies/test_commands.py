"""loket import-vacancies and loket export-vacancies."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from loket.vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_into_another_employer(tmp_path, make_vacancy, employer_org, other_org):
    make_vacancy(title="Open")
    filled = make_vacancy(title="Vervuld")
    filled.filled_on = filled.opened_on
    filled.save()
    out, _err = run("export_vacancies", "--employer", str(employer_org.pk), "--open")
    document = json.loads(out)
    assert [item["item"]["title"] for item in document["itemListElement"]] == ["Open"]
    path = tmp_path / "vacatures.jsonld"
    run("export_vacancies", "--output", str(path))
    assert json.loads(path.read_text())["numberOfItems"] == 2
    out, _err = run("import_vacancies", str(path), "--employer", str(other_org.pk), "--dry-run")
    assert "Controle geslaagd: 2 vacatures" in out and Vacancy.objects.filter(employer=other_org).count() == 0
    out, _err = run("import_vacancies", str(path), "--employer", str(other_org.pk))
    assert out.strip() == "2 vacatures geïmporteerd bij Luchtvaarttechniek Schiphol: 2 nieuw, 0 bijgewerkt."
    assert sorted(Vacancy.objects.filter(employer=other_org).values_list("title", flat=True)) == ["Open", "Vervuld"]


def test_a_bad_file_is_refused_with_each_error_and_nothing_saved(tmp_path, make_vacancy, employer_org, other_org):
    make_vacancy()
    out, _err = run("export_vacancies")
    document = json.loads(out)
    document["itemListElement"][0]["item"]["jobLocation"]["identifier"]["value"] = "GM0000"
    document["itemListElement"][0]["item"]["title"] = ""
    path = tmp_path / "fout.jsonld"
    path.write_text(json.dumps(document))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Import geweigerd: 2 fouten; er is niets opgeslagen."):
        call_command("import_vacancies", str(path), "--employer", str(other_org.pk), stderr=err, stdout=io.StringIO())
    assert "vacature 1, $.itemListElement[0].item.title: De titel ontbreekt." in err.getvalue()
    assert "GM0000 is geen gemeente in Noord-Holland" in err.getvalue()
    assert not Vacancy.objects.filter(employer=other_org).exists()


def test_unknown_employer_or_file(tmp_path, db):
    with pytest.raises(CommandError, match="Er is geen werkgever met id 999."):
        run("import_vacancies", str(tmp_path / "x.json"), "--employer", "999")
    with pytest.raises(CommandError, match="Er is geen werkgever met id 999."):
        run("export_vacancies", "--employer", "999")


def test_the_loket_command_line_knows_the_commands(capsys):
    from loket.cli import OUR_COMMANDS

    if "import-vacancies" not in OUR_COMMANDS:
        pytest.skip("loket.cli.OUR_COMMANDS does not list import-vacancies and export-vacancies yet (the lead adds them)")
    from loket.cli import main

    assert main(["loket", "export-vacancies", "--open"]) == 0
    assert json.loads(capsys.readouterr().out)["@type"] == "ItemList"
