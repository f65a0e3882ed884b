"""The map's API: GeoJSON features under the filters, a region's figures, and a 422 for a filter it does not know."""

import datetime

import pytest
from django.utils import timezone

from loket.ecosystem import map as geo
from loket.ecosystem.models import Classification, Initiative, Organisation, Partner
from loket.geography.models import Municipality, Region

FEATURES = "/api/v1/ecosystem/map/features"


def classify(initiative, theme=None, programme_line=None):
    for scheme, code in (("theme", theme), ("programme_line", programme_line)):
        if code:
            initiative.classifications.add(Classification.objects.get(scheme=scheme, code=code))


def make_ecosystem():
    """Six initiatives, one of each way to be placed, and three organisations; returns them by slug.

    The documents' content (a data migration) is taken away first, so the map shows exactly these.
    """
    Partner.objects.all().delete()
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()
    region = Region.objects.in_bulk(field_name="code")
    town = Municipality.objects.in_bulk(field_name="code")

    def initiative(slug, kind, theme=None, programme_line=None, **fields):
        made = Initiative.objects.create(slug=slug, name=slug.replace("-", " ").title(), kind=kind, description_nl="Beschrijving.", **fields)
        classify(made, theme, programme_line)
        return made

    made = {
        "tech-campus-alkmaar": initiative(
            "tech-campus-alkmaar", "campus", "innovation", "leren", region=region["AM15"], municipality=town["GM0361"], lifecycle="running"
        ),
        "fieldlab-amsterdam": initiative(
            "fieldlab-amsterdam", "fieldlab", "inclusion", "innoveren", region=region["AM18"], municipality=town["GM0363"],
            latitude=52.39, longitude=4.92, lifecycle="running",
        ),
        "lc-zaanstad": initiative("lc-zaanstad", "learning_community", "innovation", "leren", municipality=town["GM0479"]),
        "coalitie-gooi": initiative("coalitie-gooi", "startcoalitie", "lifelong_learning", "werken", region=region["AM12"]),
        "heel-noord-holland": initiative("heel-noord-holland", "startcoalitie", "innovation", "kiezen"),
        "gestopt-lab": initiative("gestopt-lab", "fieldlab", "inclusion", region=region["AM18"], municipality=town["GM0363"], lifecycle="stopped"),
    }  # fmt: skip
    school = Organisation.objects.create(slug="roc-kop", name="ROC Kop van Noord-Holland", kind="school", municipality=town["GM0400"])
    company = Organisation.objects.create(slug="bedrijf-amsterdam", name="Bedrijf Amsterdam", kind="company", municipality=town["GM0363"])
    Organisation.objects.create(slug="zonder-plaats", name="Zonder plaats", kind="branch")
    Partner.objects.create(initiative=made["tech-campus-alkmaar"], organisation=school, role="lead")
    Partner.objects.create(initiative=made["fieldlab-amsterdam"], organisation=company)
    return made


@pytest.fixture
def ecosystem(db):
    return make_ecosystem()


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(feature["properties"]["slug"] for feature in response.json()["features"])


def test_all_initiatives_come_as_a_geojson_feature_collection(client, ecosystem):
    response = client.get(FEATURES)
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert slugs(response) == sorted(ecosystem)
    by_slug = {feature["properties"]["slug"]: feature for feature in body["features"]}
    campus = by_slug["tech-campus-alkmaar"]
    assert campus["geometry"] == {"type": "Point", "coordinates": [4.748, 52.632]}
    assert set(campus["properties"]) >= {"slug", "name", "kind", "kind_label", "colour", "url", "region_code"}
    assert campus["properties"]["kind_label"] == "Campus"
    assert campus["properties"]["colour"] == geo.INITIATIVE_COLOURS["campus"]
    assert campus["properties"]["region_code"] == "AM15"
    assert campus["properties"]["url"] == "/ecosysteem/initiatieven/tech-campus-alkmaar/"
    assert by_slug["fieldlab-amsterdam"]["geometry"]["coordinates"] == [4.92, 52.39]
    assert by_slug["lc-zaanstad"]["properties"]["region_code"] == "AM17"
    assert by_slug["coalitie-gooi"]["properties"]["placed_by"] == "region"
    assert by_slug["heel-noord-holland"]["geometry"] is None


def test_filter_by_theme(client, ecosystem):
    assert slugs(client.get(FEATURES, {"theme": "innovation"})) == ["heel-noord-holland", "lc-zaanstad", "tech-campus-alkmaar"]


def test_filter_by_programme_line_and_kind_together(client, ecosystem):
    assert slugs(client.get(FEATURES, {"programme_line": "leren"})) == ["lc-zaanstad", "tech-campus-alkmaar"]
    assert slugs(client.get(FEATURES, {"programme_line": "leren", "kind": "campus"})) == ["tech-campus-alkmaar"]


def test_filter_by_region_keeps_the_province_wide_ones_that_cover_it(client, ecosystem):
    assert slugs(client.get(FEATURES, {"region": "AM18"})) == ["fieldlab-amsterdam", "gestopt-lab", "heel-noord-holland"]
    # Zaanstad's learning community names no region: its municipality puts it in Zaanstreek/Waterland.
    assert slugs(client.get(FEATURES, {"region": "AM17", "kind": "learning_community"})) == ["lc-zaanstad"]


def test_an_initiative_with_two_themes_comes_once(client, ecosystem):
    classify(ecosystem["lc-zaanstad"], theme="inclusion")
    assert slugs(client.get(FEATURES, {"region": "AM17"})).count("lc-zaanstad") == 1


def test_organisations_layer_with_organisation_kinds_and_themes_through_their_initiatives(client, ecosystem):
    assert slugs(client.get(FEATURES, {"layer": "organisations"})) == ["bedrijf-amsterdam", "roc-kop", "zonder-plaats"]
    assert slugs(client.get(FEATURES, {"layer": "organisations", "kind": "school"})) == ["roc-kop"]
    assert slugs(client.get(FEATURES, {"layer": "organisations", "theme": "inclusion"})) == ["bedrijf-amsterdam"]
    body = client.get(FEATURES, {"layer": "organisations", "region": "AM15"}).json()
    assert [f["properties"]["colour"] for f in body["features"]] == [geo.ORGANISATION_COLOURS["school"]]
    assert body["features"][0]["geometry"]["coordinates"] == [4.760, 52.935]
    assert body["features"][0]["properties"]["url"] == "/ecosysteem/organisaties/roc-kop/"


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"theme": "klimaat"}, "theme", "Onbekend thema: klimaat."),
        ({"programme_line": "dromen"}, "programme_line", "Onbekende programmalijn: dromen."),
        ({"region": "AM99"}, "region", "Onbekende arbeidsmarktregio: AM99."),
        ({"kind": "hackathon"}, "kind", "Onbekende soort: hackathon."),
        ({"kind": "campus", "layer": "organisations"}, "kind", "Onbekende soort: campus."),
        ({"layer": "wegen"}, "layer", "Onbekende laag: wegen. Kies initiatives of organisations."),
    ],
)
def test_a_filter_value_the_loket_does_not_know_is_a_422_in_dutch(client, ecosystem, params, field, message):
    response = client.get(FEATURES, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Ongeldig filter; kies een waarde uit de lijst."
    assert {"field": field, "message": message} in body["errors"]


# --- A region's figures ------------------------------------------------------------------------------------


def make_region_data():
    """Vacancies, offerings and passports around Amsterdam (AM18) and Alkmaar (AM15)."""
    from loket.accounts.models import Organisation as Account
    from loket.accounts.models import User
    from loket.catalog.models import Course, Offering, Provider
    from loket.passport.models import Passport
    from loket.taxonomy.models import Concept
    from loket.vacancies.models import Vacancy

    today = timezone.localdate()
    amsterdam, alkmaar = Municipality.objects.get(code="GM0363"), Municipality.objects.get(code="GM0361")
    employer = Account.objects.create(name="Werkgever", kind="employer")
    fitter_group = Concept.objects.create(uri="http://example.org/isco/C7233", kind="isco_group", code="7233")
    fitter = Concept.objects.create(uri="http://example.org/occupation/monteur", kind="occupation", code="7233.1", isco_group=fitter_group)
    waiter = Concept.objects.create(uri="http://example.org/occupation/ober", kind="occupation", code="5131.1")

    def vacancy(occupation, municipality, days_ago, **extra):
        return Vacancy.objects.create(
            employer=employer, title="Vacature", occupation=occupation, municipality=municipality, sector="C",
            opened_on=today - datetime.timedelta(days=days_ago), **extra,
        )  # fmt: skip

    vacancy(fitter, amsterdam, 130)  # technical, open more than 3 months
    vacancy(fitter, amsterdam, 30)  # technical, open a month
    vacancy(waiter, amsterdam, 150)  # open long, not technical
    vacancy(fitter, amsterdam, 200, filled_on=today - datetime.timedelta(days=10))  # filled
    vacancy(fitter, alkmaar, 200)  # another region

    provider = Provider.objects.create(organisation=Account.objects.create(name="Opleider", kind="provider"), kind="private")
    course = Course.objects.create(provider=provider, title_nl="Lassen", study_hours=40)

    def offering(municipality, days_ahead, modality="on_site", **extra):
        start = today + datetime.timedelta(days=days_ahead)
        return Offering.objects.create(
            course=course, start_date=start, end_date=start + datetime.timedelta(days=30), price_cents=100_00,
            modality=modality, municipality=municipality, **extra,
        )  # fmt: skip

    offering(amsterdam, 20)
    offering(None, 20, modality="online")
    offering(amsterdam, 20, cancelled=True)
    offering(amsterdam, -60)  # already started

    for n, municipality in enumerate([amsterdam] * 3 + [alkmaar] * 12):
        user = User.objects.create_user(email=f"persoon{n}@example.nl", full_name=f"Persoon {n}", password="een-lang-wachtwoord-42")
        Passport.objects.create(user=user, home_municipality=municipality)


def test_a_regions_figures_and_initiatives(client, ecosystem):
    make_region_data()
    response = client.get("/api/v1/ecosystem/map/regions/AM18")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Groot Amsterdam"
    figures = body["figures"]
    assert figures["initiatives"] == 2
    assert figures["initiatives_by_kind"] == [{"kind": "fieldlab", "label": "Fieldlab", "colour": geo.INITIATIVE_COLOURS["fieldlab"], "count": 2}]
    assert figures["learning_communities"] == 1  # the stopped fieldlab no longer counts
    assert figures["province_wide"] == 1
    assert figures["open_vacancies"] == 3
    assert figures["technical_vacancies_open_long"] == 1
    assert figures["offerings"] == 1
    assert figures["passport_holders"] == "< 10"
    assert [i["slug"] for i in body["initiatives"]] == ["fieldlab-amsterdam", "gestopt-lab"]


def test_a_learning_community_with_a_stopped_year_no_longer_counts(client, ecosystem):
    Initiative.objects.filter(slug="fieldlab-amsterdam").update(stopped_year=timezone.localdate().year - 1)
    assert client.get("/api/v1/ecosystem/map/regions/AM18").json()["figures"]["learning_communities"] == 0


def test_ten_or_more_persons_are_shown_as_a_number(client, ecosystem):
    make_region_data()
    figures = client.get("/api/v1/ecosystem/map/regions/AM15").json()["figures"]
    assert figures["passport_holders"] == 12
    assert figures["open_vacancies"] == 1
    assert figures["technical_vacancies_open_long"] == 1


def test_a_region_by_its_municipality_counts_there(client, ecosystem):
    body = client.get("/api/v1/ecosystem/map/regions/AM17").json()
    assert [i["slug"] for i in body["initiatives"]] == ["lc-zaanstad"]
    assert body["figures"]["learning_communities"] == 1
    assert body["figures"]["passport_holders"] == 0


def test_an_unknown_region_is_a_404_in_dutch(client, db):
    response = client.get("/api/v1/ecosystem/map/regions/AM99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}
