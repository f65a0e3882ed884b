"""Exports of the ecosystem registry as CSV: the plain module alone, then the public downloads with the registry's filters."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from loket.ecosystem import exports
from loket.ecosystem.models import Classification, Initiative, Organisation, Partner, Source
from loket.geography.models import Municipality, Region

INITIATIVES_CSV = "/ecosysteem/export/initiatieven.csv"
ORGANISATIONS_CSV = "/ecosysteem/export/organisaties.csv"


def classify(initiative, **codes):
    for scheme, values in codes.items():
        for code in values:
            initiative.classifications.add(Classification.objects.get(scheme=scheme, code=code))


@pytest.fixture
def world(db):
    """A small registry made by hand: three initiatives in three kinds of place, four organisations.

    The documents' content a data migration may load is removed first, so every row is one of these.
    """
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()
    alkmaar = Municipality.objects.get(code="GM0361")
    amsterdam = Municipality.objects.get(code="GM0363")
    source = Source.objects.create(
        key="manifest-test", title="Manifest Talentinfrastructuur", publisher="Provincie Noord-Holland",
        published=datetime.date(2021, 3, 1), url="https://example.nl/manifest.pdf",
    )  # fmt: skip
    school = Organisation.objects.create(
        slug="roc-kop", name="ROC Kop van Noord-Holland", short_name="ROC Kop", kind="school", municipality=alkmaar,
        website="https://roc.example.nl", description_nl="Mbo-school.", description_en="Vocational school.",
        source=source, source_reference="p. 3",
    )  # fmt: skip
    company = Organisation.objects.create(slug="techbedrijf", name="Techbedrijf Alkmaar", kind="company", municipality=alkmaar)
    fund = Organisation.objects.create(slug="oo-fonds-metaal", name="O&O-fonds Metaal", kind="oo_fund")
    Organisation.objects.create(slug="gemeente-zaanstad", name="Gemeente Zaanstad", kind="government")
    fieldlab = Initiative.objects.create(
        slug="fieldlab-smart-maintenance", name="Fieldlab Smart Maintenance", short_name="FSM", number="5a", kind="fieldlab",
        lifecycle="running", description_nl="Samen leren onderhouden.", description_en="Learning maintenance together.",
        goal="Vijftig vakmensen per jaar", intended_output="Twee leerlijnen", intended_impact="Minder stilstand",
        region=Region.objects.get(code="AM15"), municipality=alkmaar, latitude=52.64, longitude=4.75, started_year=2021,
        contact_name="Jan Jansen", contact_email="jan@example.nl", contact_phone="+31 72 123 4567",
        website="https://fieldlab.example.nl", links=[{"label": "Jaarverslag", "url": "https://fieldlab.example.nl/jaarverslag"}],
        source=source, source_reference="p. 12",
    )  # fmt: skip
    classify(
        fieldlab, theme=["innovation"], programme_line=["leren", "innoveren"], topsector=["htsm"], challenge=["energietransitie"],
        sdg=["13", "4", "9"],
    )  # fmt: skip
    Partner.objects.create(initiative=fieldlab, organisation=school, role="lead")
    Partner.objects.create(initiative=fieldlab, organisation=company, role="partner")
    Partner.objects.create(initiative=fieldlab, organisation=fund, role="funder", note="Betaalt de eerste drie jaar")
    campus = Initiative.objects.create(
        slug="techniekcampus-amsterdam", name="Techniekcampus Amsterdam", kind="campus", lifecycle="durable",
        description_nl="Een campus.", municipality=amsterdam, started_year=2018,
    )  # fmt: skip
    classify(campus, theme=["inclusion"], programme_line=["werken"], topsector=["logistiek"], challenge=["gezondheid"], sdg=["8"])
    Partner.objects.create(initiative=campus, organisation=company, role="participant")
    coalition = Initiative.objects.create(
        slug="startcoalitie-llo", name="Startcoalitie Leven Lang Ontwikkelen", kind="startcoalitie", lifecycle="stopped",
        description_nl="Een coalitie in heel Noord-Holland.", started_year=2020, stopped_year=2023,
    )  # fmt: skip
    for initiative in (fieldlab, campus, coalition):
        initiative.refresh_from_db()
    return {"fieldlab": fieldlab, "campus": campus, "coalition": coalition, "school": school, "company": company, "fund": fund, "source": source}


def read_csv(response):
    """(header, rows as dicts) of a CSV download, after checking it is one."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    header, *rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- The plain module ----------------------------------------------------------------------------------------


@pytest.fixture
def dutch():
    """The headers these tests read are Dutch; a request earlier in the run may have left English active."""
    with translation.override("nl"):
        yield


def test_text_that_would_be_a_formula_stays_text_in_every_list_and_column(dutch):
    record = {
        "slug": "x", "name": "=HYPERLINK(\"http://evil.example\",\"klik\")", "kind": "fieldlab", "lifecycle": "idea",
        "partners": [{"slug": "a", "name": "@SUM(1+1)", "role": "lead"}], "contact_phone": "+31 20 123 4567",
        "links": [{"label": "-2+3", "url": "https://example.nl"}],
    }  # fmt: skip
    header, *rows = list(csv.reader(io.StringIO(exports.initiatives_csv([record])[1:]), delimiter=";"))
    row = dict(zip(header, rows[0], strict=True))
    assert row["Naam"] == "'=HYPERLINK(\"http://evil.example\",\"klik\")"
    assert row["Aanjager(s)"] == "'@SUM(1+1)" and row["Partners (rol)"] == "'@SUM(1+1) (Aanjager)"
    assert row["Telefoon contact"] == "'+31 20 123 4567" and row["Meer links"] == "'-2+3 (https://example.nl)"


def test_coordinates_have_a_decimal_comma_and_lists_leave_out_empty_values():
    assert exports.decimal_comma(52.64) == "52,64" and exports.decimal_comma(4.0) == "4" and exports.decimal_comma(None) == ""
    assert exports.joined(["a", "", None, "b"]) == "a|b"
    assert exports.link_text({"label": "", "url": "https://example.nl"}) == "https://example.nl"


def test_no_records_give_the_headers_only(dutch):
    text = exports.initiatives_csv([])
    assert text.startswith("\ufeff") and text.count("\r\n") == 1
    assert text.lstrip("\ufeff").split(";")[:2] == ["Korte naam in adressen", "Naam"]
    assert exports.organisations_csv([]).count("\r\n") == 1
    document = exports.ecosystem_document([], [], "https://loket.example.nl")
    assert document["@graph"] == [] and document["@context"]["@vocab"] == "https://schema.org/"


# --- The downloads -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_column_of_an_initiative_with_partners_and_classifications(client, world):
    response = client.get(INITIATIVES_CSV)
    assert response["Content-Disposition"] == f'attachment; filename="ecosysteem-initiatieven-{timezone.localdate().isoformat()}.csv"'
    header, rows = read_csv(response)
    assert [row["Korte naam in adressen"] for row in rows] == ["fieldlab-smart-maintenance", "startcoalitie-llo", "techniekcampus-amsterdam"]
    assert rows[0] == {
        "Korte naam in adressen": "fieldlab-smart-maintenance",
        "Naam": "Fieldlab Smart Maintenance",
        "Afkorting": "FSM",
        "Nummer": "5a",
        "Soort (code)": "fieldlab",
        "Soort": "Fieldlab",
        "Levensfase (code)": "running",
        "Levensfase": "Loopt",
        "Beschrijving (Nederlands)": "Samen leren onderhouden.",
        "Beschrijving (Engels)": "Learning maintenance together.",
        "Doel": "Vijftig vakmensen per jaar",
        "Beoogde output": "Twee leerlijnen",
        "Beoogde impact": "Minder stilstand",
        "Arbeidsmarktregio (code)": "AM15",
        "Arbeidsmarktregio": "Noord-Holland Noord",
        "Gemeente (code)": "GM0361",
        "Gemeente": "Alkmaar",
        "Breedtegraad": "52,64",
        "Lengtegraad": "4,75",
        "Thema's": "innovation",
        "Programmalijnen": "innoveren|leren",
        "Topsectoren": "htsm",
        "Maatschappelijke uitdagingen": "energietransitie",
        "SDG's": "4|9|13",
        "Gestart in (jaar)": "2021",
        "Gestopt in (jaar)": "",
        "Aanjager(s)": "ROC Kop van Noord-Holland",
        "Partners (rol)": "ROC Kop van Noord-Holland (Aanjager)|Techbedrijf Alkmaar (Partner)|O&O-fonds Metaal (Financier)",
        "Contactpersoon": "Jan Jansen",
        "E-mailadres contact": "jan@example.nl",
        "Telefoon contact": "'+31 72 123 4567",
        "Website": "https://fieldlab.example.nl",
        "Meer links": "Jaarverslag (https://fieldlab.example.nl/jaarverslag)",
        "Pagina in het loket": "http://testserver/ecosysteem/initiatieven/fieldlab-smart-maintenance/",
        "Bron": "Manifest Talentinfrastructuur",
        "Bron (adres)": "https://example.nl/manifest.pdf",
        "Vindplaats in de bron": "p. 12",
        "Laatst bijgewerkt": local(world["fieldlab"].updated_at),
    }
    assert len(header) == len(exports.INITIATIVE_COLUMNS)


@pytest.mark.django_db
def test_an_initiative_named_only_by_its_municipality_is_in_that_municipalitys_region(client, world):
    _header, rows = read_csv(client.get(INITIATIVES_CSV))
    campus = next(row for row in rows if row["Korte naam in adressen"] == "techniekcampus-amsterdam")
    assert (campus["Arbeidsmarktregio (code)"], campus["Gemeente"], campus["Breedtegraad"]) == ("AM18", "Amsterdam", "")
    coalition = next(row for row in rows if row["Korte naam in adressen"] == "startcoalitie-llo")
    assert (coalition["Arbeidsmarktregio"], coalition["Gestopt in (jaar)"], coalition["Partners (rol)"]) == ("", "2023", "")


@pytest.mark.django_db
def test_every_column_of_an_organisation(client, world):
    response = client.get(ORGANISATIONS_CSV)
    assert response["Content-Disposition"] == f'attachment; filename="ecosysteem-organisaties-{timezone.localdate().isoformat()}.csv"'
    _header, rows = read_csv(response)
    # Without filters every organisation is there, also one that takes part in nothing yet.
    assert [row["Naam"] for row in rows] == ["Gemeente Zaanstad", "O&O-fonds Metaal", "ROC Kop van Noord-Holland", "Techbedrijf Alkmaar"]
    assert rows[2] == {
        "Korte naam in adressen": "roc-kop",
        "Naam": "ROC Kop van Noord-Holland",
        "Afkorting": "ROC Kop",
        "Soort (code)": "school",
        "Soort": "Onderwijsinstelling",
        "Beschrijving (Nederlands)": "Mbo-school.",
        "Beschrijving (Engels)": "Vocational school.",
        "Gemeente (code)": "GM0361",
        "Gemeente": "Alkmaar",
        "Arbeidsmarktregio (code)": "AM15",
        "Arbeidsmarktregio": "Noord-Holland Noord",
        "Website": "https://roc.example.nl",
        "Initiatieven (rol)": "Fieldlab Smart Maintenance (Aanjager)",
        "Pagina in het loket": "http://testserver/ecosysteem/organisaties/roc-kop/",
        "Bron": "Manifest Talentinfrastructuur",
        "Bron (adres)": "https://example.nl/manifest.pdf",
        "Vindplaats in de bron": "p. 3",
        "Laatst bijgewerkt": local(world["school"].updated_at),
    }
    assert rows[3]["Initiatieven (rol)"] == "Fieldlab Smart Maintenance (Partner)|Techniekcampus Amsterdam (Deelnemer)"


@pytest.mark.django_db
def test_a_name_that_would_be_a_formula_is_made_safe_in_both_files(client, world):
    world["fund"].name = "=HYPERLINK(\"http://evil.example\",\"klik\")"
    world["fund"].save()
    world["campus"].name = "+cmd|' /C calc'!A0"
    world["campus"].save()
    _header, initiatives = read_csv(client.get(INITIATIVES_CSV, {"kind": "campus"}))
    assert initiatives[0]["Naam"] == "'+cmd|' /C calc'!A0"
    _header, organisations = read_csv(client.get(ORGANISATIONS_CSV))
    assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in [row["Naam"] for row in organisations]
    # A list whose first name is a formula starts with one too.
    company = next(row for row in organisations if row["Naam"] == "Techbedrijf Alkmaar")
    assert company["Initiatieven (rol)"] == "'+cmd|' /C calc'!A0 (Deelnemer)|Fieldlab Smart Maintenance (Partner)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, initiatives, organisations",
    [
        ({"kind": "campus"}, ["techniekcampus-amsterdam"], ["techbedrijf"]),
        ({"lifecycle": "stopped"}, ["startcoalitie-llo"], []),
        ({"region": "AM18"}, ["techniekcampus-amsterdam"], ["techbedrijf"]),
        ({"region": "am15"}, ["fieldlab-smart-maintenance"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"municipality": "GM0361"}, ["fieldlab-smart-maintenance"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"theme": "inclusion"}, ["techniekcampus-amsterdam"], ["techbedrijf"]),
        ({"programme_line": "leren"}, ["fieldlab-smart-maintenance"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"topsector": "logistiek"}, ["techniekcampus-amsterdam"], ["techbedrijf"]),
        ({"challenge": "energietransitie"}, ["fieldlab-smart-maintenance"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"sdg": "9"}, ["fieldlab-smart-maintenance"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"q": "smart"}, ["fieldlab-smart-maintenance"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"q": "techbedrijf"}, ["fieldlab-smart-maintenance", "techniekcampus-amsterdam"], ["oo-fonds-metaal", "roc-kop", "techbedrijf"]),
        ({"organisation_kind": "school"}, ["fieldlab-smart-maintenance"], ["roc-kop"]),
        ({"kind": "campus", "theme": "innovation"}, [], []),
    ],
)
def test_filters_narrow_both_files_as_they_narrow_the_registry_list(client, world, params, initiatives, organisations):
    _header, rows = read_csv(client.get(INITIATIVES_CSV, params))
    assert sorted(row["Korte naam in adressen"] for row in rows) == initiatives
    _header, rows = read_csv(client.get(ORGANISATIONS_CSV, params))
    assert sorted(row["Korte naam in adressen"] for row in rows) == organisations


@pytest.mark.django_db
def test_the_download_holds_what_the_registry_list_shows(client, world):
    listed = client.get(reverse("ecosystem:initiatives"), {"theme": "innovation"})
    assert listed.status_code == 200 and "Fieldlab Smart Maintenance" in listed.text and "Techniekcampus Amsterdam" not in listed.text
    _header, rows = read_csv(client.get(reverse("ecosystem:export_initiatives_csv"), {"theme": "innovation"}))
    assert [row["Naam"] for row in rows] == ["Fieldlab Smart Maintenance"]


@pytest.mark.django_db
def test_a_filter_value_that_is_not_understood_gives_no_file_but_a_dutch_reason(client, world):
    for url in (INITIATIVES_CSV, ORGANISATIONS_CSV, "/ecosysteem/export/ecosysteem.jsonld"):
        response = client.get(url, {"kind": "onzin", "sdg": "18"})
        assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
        assert "Content-Disposition" not in response
        assert "Er is geen bestand gemaakt" in response.text
        assert "Onbekende soort initiatief: “onzin”" in response.text and "“18”" in response.text


@pytest.mark.django_db
def test_an_empty_registry_gives_the_headers_only(client, world):
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()
    header, rows = read_csv(client.get(INITIATIVES_CSV))
    assert rows == [] and header == [str(title) for _key, title in exports.INITIATIVE_COLUMNS]
    header, rows = read_csv(client.get(ORGANISATIONS_CSV))
    assert rows == [] and header == [str(title) for _key, title in exports.ORGANISATION_COLUMNS]


@pytest.mark.django_db
def test_the_downloads_are_public_and_only_read(client, world):
    assert client.get(INITIATIVES_CSV).status_code == 200
    assert client.post(INITIATIVES_CSV).status_code == 405


@pytest.mark.django_db
def test_the_files_take_a_handful_of_queries_however_many_rows(client, world, django_assert_max_num_queries):
    for number in range(30):
        initiative = Initiative.objects.create(slug=f"extra-{number}", name=f"Extra {number}", kind="fieldlab", description_nl="-")
        classify(initiative, theme=["innovation"])
        Partner.objects.create(initiative=initiative, organisation=world["company"], role="partner")
    with django_assert_max_num_queries(12):
        _header, rows = read_csv(client.get(INITIATIVES_CSV))
    assert len(rows) == 33
    with django_assert_max_num_queries(12):
        read_csv(client.get(ORGANISATIONS_CSV))
