"""The ecosystem's first content from the documents: what is loaded, that a re-run changes nothing and keeps
what users added, and that a bad file is refused with a clear message and writes nothing."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.ecosystem.content import DOCUMENTS, DocumentsError, check_documents, load_documents, quarter_end, read_documents
from loket.ecosystem.models import Initiative, Milestone, Organisation, Partner, Source, StatusUpdate
from loket.ecosystem.vocabulary import InitiativeKind, Lifecycle, PartnerRole, Scheme
from loket.geography.models import Municipality, Region

pytestmark = pytest.mark.django_db

COALITION_NUMBERS = {"1", "2", "3", "4", "5a", "5b", "6", "7", "8", "9", "10", "11"}
ALL_THEMES = ["ecosystem", "inclusion", "inflow", "innovation", "lifelong_learning", "work_to_work"]


def coalition(number):
    return Initiative.objects.get(kind=InitiativeKind.START_COALITION, number=number)


def milestones(initiative):
    return [(m.title, m.due_label, m.due_date) for m in initiative.milestones.order_by("due_date", "order")]


def counts():
    return {
        model.__name__: model.objects.count() for model in (Source, Organisation, Initiative, Partner, Milestone, StatusUpdate)
    }


def write(tmp_path, data):
    path = tmp_path / "documents.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def entry(data, kind, slug):
    return next(item for item in data[kind] if item["slug"] == slug)


# --- What is loaded ------------------------------------------------------------------------------------------


def test_the_manifests_startcoalities_are_there_5a_and_5b_both():
    coalitions = Initiative.objects.filter(kind=InitiativeKind.START_COALITION)
    assert set(coalitions.values_list("number", flat=True)) == COALITION_NUMBERS
    manifest = Source.objects.get(key="manifest-2030")
    for initiative in coalitions:
        assert initiative.lifecycle == Lifecycle.STARTING
        assert initiative.started_year == 2021
        assert initiative.source == manifest
        assert "startcoalitie " + initiative.number in initiative.source_reference
        assert initiative.description_nl and initiative.description_en
        assert initiative.codes(Scheme.THEME), f"startcoalitie {initiative.number} heeft geen thema"


def test_servicepunt_techniek_has_its_lead_partners_and_dated_milestones():
    servicepunt = coalition("1")
    assert servicepunt.name == "ServicePunt Techniek NH (motie 42)"
    assert servicepunt.codes(Scheme.THEME) == ["ecosystem", "inflow", "lifelong_learning", "work_to_work"]
    assert [o.name for o in servicepunt.aanjagers] == ["Technologiecoalitie"]
    partners = set(servicepunt.partner_roles.filter(role=PartnerRole.PARTNER).values_list("organisation__slug", flat=True))
    assert {"uwv", "house-of-skills", "provincie-noord-holland", "techlands"} <= partners
    assert milestones(servicepunt) == [
        ("Purpose Case", "Q2 2021", datetime.date(2021, 6, 30)),
        ("Subsidiebeschikking", "Q2 2021", datetime.date(2021, 6, 30)),
        ("Start", "Q3 2021", datetime.date(2021, 9, 30)),
    ]
    assert servicepunt.intended_output == "In-/door-/uitstroom bij en tussen technische werkgevers."


def test_themes_leads_and_deadlines_follow_the_table():
    assert coalition("7").codes(Scheme.THEME) == ["ecosystem", "innovation"]
    for number in ("5a", "8", "10", "11"):  # "Alle (overige) thema's"
        assert coalition(number).codes(Scheme.THEME) == ALL_THEMES
    # Only "X i.s.m. ..." makes X the aanjager.
    leads = {number: [o.slug for o in coalition(number).aanjagers] for number in COALITION_NUMBERS}
    assert leads == {
        **{number: [] for number in COALITION_NUMBERS},
        "1": ["technologiecoalitie"],
        "2": ["luchtvaart-community-schiphol"],
        "3": ["techlands"],
        "5a": ["microsoft-linkedin"],
    }
    assert milestones(coalition("11")) == [
        ("Purpose Case", "Q2 2021", datetime.date(2021, 6, 30)),
        ("Ontwikkeling", "Q3 2021", datetime.date(2021, 9, 30)),
        ("Instrument in werking", "Q4 2021", datetime.date(2021, 12, 31)),
    ]
    assert milestones(coalition("5a")) == [("Purpose Case", "Q2", datetime.date(2021, 6, 30))]
    assert milestones(coalition("5b")) == []
    werk_naar_werk = coalition("2")
    assert werk_naar_werk.intended_impact == "Daarmee >75% invullen van vacatures bij energiegerelateerde werkgevers."


def test_campuses_sit_where_the_documents_place_them():
    techlands = Initiative.objects.get(slug="techlands")
    assert (techlands.kind, techlands.lifecycle) == (InitiativeKind.CAMPUS, Lifecycle.RUNNING)
    assert (techlands.region.code, techlands.municipality.name) == ("AM17", "Zaanstad")
    assert Initiative.objects.get(slug="terratechnica").municipality.name == "Alkmaar"
    assert Initiative.objects.get(slug="tech-connect").region.code == "AM15"
    assert Initiative.objects.get(slug="techport").region.code == "AM37"
    assert Initiative.objects.get(slug="3d-makers-zone").region is None  # not in the documents: left empty
    assert Initiative.objects.get(slug="smart-makers-academy").kind == InitiativeKind.TECHNOHUB
    assert Initiative.objects.get(slug="learning-community-duurzame-pps-en").kind == InitiativeKind.LEARNING_COMMUNITY
    assert Initiative.objects.get(slug="groenstart-pps").kind == InitiativeKind.PPS
    assert not Initiative.objects.filter(name__icontains="zaancampus").exists()  # the Zaancampus is now Techlands


def test_every_initiative_and_organisation_names_its_source_and_place_in_it():
    assert Source.objects.count() == 5
    assert Organisation.objects.count() >= 40 and Initiative.objects.count() >= 40
    for row in [*Organisation.objects.all(), *Initiative.objects.all()]:
        assert row.source_id is not None, row.slug
        assert row.source_reference.strip(), row.slug
        assert row.description_nl.strip() and row.description_en.strip(), row.slug
    assert Organisation.objects.get(slug="hogeschool-van-amsterdam").short_name == "HvA"
    assert Organisation.objects.get(slug="provincie-noord-holland").municipality.code == "GM0392"


def test_the_file_passes_its_own_checks_and_lists_what_was_not_loaded():
    data = read_documents()
    regions = set(Region.objects.values_list("code", flat=True))
    municipalities = dict(Municipality.objects.values_list("code", "region__code"))
    assert check_documents(data, regions, municipalities) == []
    assert len(data["facts_not_loaded"]) >= 10
    for initiative in data["initiatives"]:
        for milestone in initiative["milestones"]:
            if quarter_end(milestone["due_label"]):
                assert milestone["due_date"] == quarter_end(milestone["due_label"]).isoformat()


def test_quarter_end_is_the_last_day_of_the_quarter():
    assert [quarter_end(f"Q{q} 2021") for q in (1, 2, 3, 4)] == [
        datetime.date(2021, 3, 31), datetime.date(2021, 6, 30), datetime.date(2021, 9, 30), datetime.date(2021, 12, 31),
    ]  # fmt: skip
    assert quarter_end("Q2") is None and quarter_end("voor de zomer") is None


# --- Re-running ---------------------------------------------------------------------------------------------------


def test_running_it_again_changes_nothing():
    before = counts()
    stamps = dict(Initiative.objects.values_list("slug", "updated_at"))
    organisation_stamps = dict(Organisation.objects.values_list("slug", "updated_at"))
    result = load_documents()
    assert result == {"created": {}, "updated": {}}
    assert counts() == before
    assert dict(Initiative.objects.values_list("slug", "updated_at")) == stamps
    assert dict(Organisation.objects.values_list("slug", "updated_at")) == organisation_stamps


def test_what_users_added_survives_a_rerun(make_user):
    editor = make_user(email="redacteur@example.nl")
    servicepunt = coalition("1")
    purpose_case = servicepunt.milestones.get(title="Purpose Case")
    purpose_case.done_on = datetime.date(2021, 6, 18)
    purpose_case.save()
    own_milestone = Milestone.objects.create(initiative=servicepunt, title="Evaluatie", due_date=datetime.date(2022, 3, 31))
    newcomer = Organisation.objects.create(slug="nieuw-bedrijf", name="Nieuw Bedrijf", kind="company")
    Partner.objects.create(initiative=servicepunt, organisation=newcomer, role=PartnerRole.PARTNER)
    StatusUpdate.objects.create(
        initiative=servicepunt, date=datetime.date(2021, 6, 20), author=editor, author_name="Redacteur", status="on_track", text="Ingediend."
    )
    servicepunt.editors.add(editor)
    servicepunt.lifecycle = Lifecycle.RUNNING
    servicepunt.contact_email = "spt@example.nl"
    servicepunt.save()

    load_documents()

    servicepunt.refresh_from_db()
    assert servicepunt.milestones.get(title="Purpose Case").done_on == datetime.date(2021, 6, 18)
    assert Milestone.objects.filter(pk=own_milestone.pk).exists()
    assert servicepunt.partner_roles.filter(organisation=newcomer).exists()
    assert servicepunt.status_updates.get().text == "Ingediend."
    assert list(servicepunt.editors.all()) == [editor]
    assert servicepunt.lifecycle == Lifecycle.RUNNING
    assert servicepunt.contact_email == "spt@example.nl"


def test_a_rerun_after_editing_the_file_updates_only_what_changed(tmp_path):
    servicepunt = coalition("1")
    servicepunt.milestones.filter(title="Purpose Case").update(done_on=datetime.date(2021, 6, 18))
    data = read_documents()
    edited = entry(data, "initiatives", servicepunt.slug)
    edited["description_nl"] = "Een nieuwe lezing van het manifest."
    edited["themes"].append("inclusion")
    edited["milestones"][0] = {"title": "Purpose Case", "due_label": "Q3 2021", "due_date": "2021-09-30"}
    entry(data, "organisations", "uwv")["website"] = "https://www.uwv.nl"

    result = load_documents(path=write(tmp_path, data))

    assert result["created"] == {}
    assert result["updated"] == {"initiatives": 1, "organisations": 1, "milestones": 1}
    servicepunt.refresh_from_db()
    assert servicepunt.description_nl == "Een nieuwe lezing van het manifest."
    assert "inclusion" in servicepunt.codes(Scheme.THEME)
    purpose_case = servicepunt.milestones.get(title="Purpose Case")
    assert (purpose_case.due_date, purpose_case.done_on) == (datetime.date(2021, 9, 30), datetime.date(2021, 6, 18))
    assert Organisation.objects.get(slug="uwv").website == "https://www.uwv.nl"


# --- A bad file ---------------------------------------------------------------------------------------------------


def assert_refused(path, *expected):
    before = counts()
    description = coalition("1").description_nl
    with pytest.raises(DocumentsError) as refused:
        load_documents(path=path)
    message = str(refused.value)
    for text in expected:
        assert text in message
    assert counts() == before
    assert coalition("1").description_nl == description
    assert not Organisation.objects.filter(slug="nog-een-partij").exists()
    return refused.value


def bad_file(tmp_path, change):
    data = read_documents()
    # A valid change beside the bad one, to show that nothing at all is written.
    data["organisations"].append(dict(entry(data, "organisations", "uwv"), slug="nog-een-partij", name="Nog een partij"))
    entry(data, "initiatives", coalition("1").slug)["description_nl"] = "Gewijzigd"
    change(data)
    return write(tmp_path, data)


def test_an_unknown_theme_is_refused_naming_the_initiative_and_nothing_is_written(tmp_path):
    path = bad_file(tmp_path, lambda data: entry(data, "initiatives", "techport")["themes"].append("ruimtevaart"))
    refused = assert_refused(path, "Initiatief 'techport'", "'ruimtevaart'", "thema's")
    assert len(refused.problems) == 1


def test_an_unknown_region_is_refused_naming_the_initiative(tmp_path):
    path = bad_file(tmp_path, lambda data: entry(data, "initiatives", "techlands").update(region_code="AM99"))
    assert_refused(path, "Initiatief 'techlands'", "onbekende arbeidsmarktregio 'AM99'")


def test_a_municipality_outside_the_region_is_refused(tmp_path):
    path = bad_file(tmp_path, lambda data: entry(data, "initiatives", "techlands").update(municipality_code="GM0363"))
    assert_refused(path, "Initiatief 'techlands'", "GM0363 ligt niet in arbeidsmarktregio AM17")


def test_an_unknown_partner_source_or_kind_is_refused_each_named(tmp_path):
    def change(data):
        techport = entry(data, "initiatives", "techport")
        techport["partners"].append({"organisation": "onbekende-partij", "role": "partner", "note": ""})
        techport["kind"] = "ruimtestation"
        entry(data, "organisations", "google")["source"] = "een-krant"

    refused = assert_refused(
        bad_file(tmp_path, change),
        "onbekende partner 'onbekende-partij'",
        "onbekende soort initiatief 'ruimtestation'",
        "Organisatie 'google': onbekende bron 'een-krant'",
    )
    assert len(refused.problems) == 3


def test_a_milestone_date_that_is_not_the_end_of_its_quarter_is_refused(tmp_path):
    def change(data):
        entry(data, "initiatives", coalition("2").slug)["milestones"][0]["due_date"] = "2021-05-01"

    assert_refused(bad_file(tmp_path, change), "mijlpaal 'Purpose Case' valt op 2021-05-01, niet aan het eind van Q2 2021")


def test_text_too_long_for_its_field_is_refused_before_the_database_sees_it(tmp_path):
    path = bad_file(tmp_path, lambda data: entry(data, "organisations", "google").update(short_name="G" * 41))
    assert_refused(path, "Organisatie 'google': 'short_name' is 41 tekens lang, meer dan de 40 die passen.")


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "documents.json"
    path.write_text("{ niet af", encoding="utf-8")
    assert_refused(path, "geen geldige JSON")


# --- The command --------------------------------------------------------------------------------------------------


def test_the_command_reports_what_it_did():
    out = StringIO()
    call_command("load_ecosystem_documents", stdout=out)
    assert "initiatieven: 0 nieuw, 0 bijgewerkt." in out.getvalue()
    assert str(DOCUMENTS).endswith("ecosystem/data/documents.json")


def test_the_command_refuses_a_bad_file_with_the_reasons(tmp_path):
    path = bad_file(tmp_path, lambda data: entry(data, "initiatives", "techport").update(region_code="AM99"))
    err = StringIO()
    with pytest.raises(CommandError, match="er is niets opgeslagen"):
        call_command("load_ecosystem_documents", "--file", str(path), stderr=err)
    assert "Initiatief 'techport': onbekende arbeidsmarktregio 'AM99'." in err.getvalue()
    assert not Organisation.objects.filter(slug="nog-een-partij").exists()


# --- After a browser test --------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("turn", ["first", "after the first emptied every table"])
def test_the_content_is_back_for_each_transactional_test(turn):
    # A transactional test empties the tables when it ends; tests/conftest.py loads the documents again.
    assert set(Initiative.objects.filter(kind=InitiativeKind.START_COALITION).values_list("number", flat=True)) == COALITION_NUMBERS
    assert coalition("1").milestones.count() == 3
