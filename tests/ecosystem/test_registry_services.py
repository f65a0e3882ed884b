"""The registry's search, filters and saving, without pages: what both the pages and the API rely on."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from loket.ecosystem import services
from loket.ecosystem.models import Initiative

from .registry_world import snapshot, world  # noqa: F401

# --- Words (plain) ---------------------------------------------------------------------------------------------


def test_words_match_without_case_accents_or_punctuation():
    assert services.normalise("Creëren Één") == "creeren een"
    assert services.matches(services.query_words("tech@connect"), "Tech@Connect in Amsterdam")
    assert services.matches(services.query_words("Tech Connect"), "Tech@Connect")
    assert services.matches(services.query_words("TECHCONNECT"), "Tech@Connect")
    assert services.matches(services.query_words("creeren zaanstreek"), "talent creëren in de Zaanstreek")
    assert not services.matches(services.query_words("creeren haarlem"), "talent creëren in de Zaanstreek")
    assert services.query_words(" & - ") == [] and services.matches([], "alles")


# --- Filters ---------------------------------------------------------------------------------------------------


def found(**params):
    filters, errors = services.registry_filters(params)
    assert errors == []
    return {i.slug for i in services.search_initiatives(filters)}


@pytest.mark.django_db
def test_search_finds_words_in_names_descriptions_and_partners(world):
    assert found() == {"tech-connect", "techlands", "waterstof"}
    assert found(q="tech@connect") == {"tech-connect"}
    assert found(q="Techlands") == {"techlands"}
    assert found(q="techlands") == {"techlands"}
    assert found(q="zaancampus") == {"techlands"}  # the short name
    assert found(q="creeren") == {"techlands"}  # without the accent
    assert found(q="career changers") == {"tech-connect"}  # the English description
    assert found(q="Tata") == {"techlands"}  # a partner's name
    assert found(q="OOM") == {"tech-connect"}  # a partner's short name
    assert found(q="ROC Kop") == {"tech-connect", "techlands"}
    assert found(q="waterstof campus") == set()  # every word must occur


@pytest.mark.django_db
def test_each_filter_narrows_the_list(world):
    assert found(kind="campus") == {"techlands"}
    assert found(lifecycle="idea") == {"waterstof"}
    assert found(region="AM18") == {"tech-connect"}
    assert found(region="am15") == {"waterstof"}
    assert found(municipality="GM0479") == {"techlands"}
    assert found(theme="inflow") == {"tech-connect"}
    assert found(programme_line="innoveren") == {"waterstof"}
    assert found(topsector="energie") == {"tech-connect", "waterstof"}
    assert found(challenge="sleuteltechnologieen") == {"techlands"}
    assert found(sdg="7") == {"waterstof"}
    assert found(partner="roc-kop") == {"tech-connect", "techlands"}
    assert found(organisation_kind="oo_fund") == {"tech-connect"}
    assert found(organisation_kind="school") == {"tech-connect", "techlands", "waterstof"}
    assert found(started_from="2019") == {"tech-connect", "waterstof"}
    assert found(started_to="2019") == {"tech-connect", "techlands"}
    assert found(started_from="2017", started_to="2020") == {"tech-connect"}


@pytest.mark.django_db
def test_filters_combine(world):
    assert found(topsector="energie", region="AM15") == {"waterstof"}
    assert found(partner="roc-kop", kind="pps", q="installatiebranche") == {"tech-connect"}
    assert found(partner="roc-kop", kind="campus", theme="inflow") == set()


@pytest.mark.django_db
def test_a_filter_value_not_understood_is_reported_and_left_out(world):
    filters, errors = services.registry_filters(
        QueryDict("kind=kasteel&theme=campus&sdg=18&region=XX99&partner=onbekend&started_from=twintig&topsector=energie")
    )
    messages = dict(errors)
    assert set(messages) == {"kind", "theme", "sdg", "region", "partner", "started_from"}
    assert messages["kind"] == "Onbekende soort initiatief: “kasteel”. Er is niet op soort gefilterd."
    assert "geen jaartal" in messages["started_from"]
    # the values it did understand still filter
    assert {i.slug for i in services.search_initiatives(filters)} == {"tech-connect", "waterstof"}
    filters, errors = services.registry_filters({"started_from": "2020", "started_to": "2010"})
    assert dict(errors)["started_to"].startswith("‘Gestart tot en met’ ligt voor ‘gestart vanaf’")
    assert (filters.started_from, filters.started_to) == (2020, None)


# --- Saving ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_refuses_bad_input_as_a_whole_and_changes_nothing(world):
    before = snapshot(world.tech_connect)
    initiative = Initiative.objects.get(pk=world.tech_connect.pk)
    with pytest.raises(ValidationError) as refused:
        services.save_initiative(
            {"name": "Nieuwe naam", "started_year": 2020, "stopped_year": 2018, "kind": "kasteel"},
            classifications={"themes": ["inclusion", "geen-thema"]},
            partners=[(world.roc, "lead", ""), (world.roc, "lead", "nog eens")],
            links=[{"label": "x", "url": "geen adres"}],
            initiative=initiative,
        )
    errors = refused.value.message_dict
    assert set(errors) == {"kind", "stopped_year", "themes", "partners", "links"}
    assert errors["partners"] == ["ROC Kop van Noord-Holland staat twee keer als aanjager in de lijst; één keer is genoeg."]
    assert errors["stopped_year"] == ["Het jaar van stoppen ligt voor het jaar van starten."]
    assert snapshot(world.tech_connect) == before


@pytest.mark.django_db
def test_save_checks_the_municipality_is_in_the_region(world):
    from loket.geography.models import Municipality, Region

    with pytest.raises(ValidationError) as refused:
        services.save_initiative(
            {"region": Region.objects.get(code="AM15"), "municipality": Municipality.objects.get(code="GM0363")},
            initiative=Initiative.objects.get(pk=world.tech_connect.pk),
        )
    assert refused.value.message_dict["municipality"] == ["Amsterdam ligt niet in de arbeidsmarktregio Noord-Holland Noord."]


@pytest.mark.django_db
def test_a_new_initiative_gets_a_free_slug_its_region_and_its_creator_as_editor(world, make_user):
    from loket.geography.models import Municipality

    creator = make_user(email="maker@example.nl")
    saved = services.save_initiative(
        {"name": "Techlands", "kind": "fieldlab", "description_nl": "Nog een.", "municipality": Municipality.objects.get(code="GM0400")},
        classifications={"themes": ["innovation"], "sdgs": ["4", "8"]},
        partners=[(world.tata, "lead", ""), (world.tata, "partner", "")],
        creator=creator,
    )
    assert saved.slug == "techlands-2" and saved.region.code == "AM15"
    assert list(saved.editors.all()) == [creator]
    assert saved.codes("sdg") == ["4", "8"] and saved.codes("theme") == ["innovation"]
    assert services.unique_slug(Initiative, "Nieuw", "initiatief") == "nieuw-2"  # "nieuw" is the new-initiative page
