"""schema.org JobPosting JSON-LD: the plain module alone, then import and export through the services."""

import copy
import datetime
import json

import pytest

from loket.vacancies import jobposting, services
from loket.vacancies.models import Vacancy, VacancySkill


ESCO = "http://data.europa.eu/esco/"
RECORD = {
    "title": "Monteur warmtepompen",
    "description": "Je installeert warmtepompen.",
    "kind": "bbl",
    "occupation_uri": ESCO + "occupation/abc",
    "occupation_label": "verwarmingsmonteur",
    "isco_code": "7126",
    "skills": [
        {"uri": ESCO + "skill/1", "label": "warmtepompen installeren", "importance": "essential"},
        {"uri": ESCO + "skill/2", "label": "klantcontact", "importance": "optional"},
    ],
    "nlqf_level": 3,
    "hours_min": 24,
    "hours_max": 38,
    "municipality_code": "GM0361",
    "municipality_name": "Alkmaar",
    "region_code": "AM15",
    "sector": "F",
    "sector_name": "Bouwnijverheid",
    "climate_transition": True,
    "opened_on": datetime.date(2026, 11, 1),
    "valid_through": datetime.date(2026, 12, 31),
    "filled_on": None,
    "closed_on": None,
    "external_id": "WP-12",
    "employer_name": "Warmte BV",
    "employer_kvk": "87654321",
    "url": "https://loket.example/vacatures/1/",
}


# --- The plain module -------------------------------------------------------


def test_export_uses_schema_org_with_a_namespaced_loket_extension():
    posting = jobposting.to_jobposting(RECORD)
    assert posting["@context"] == ["https://schema.org", {"loket": jobposting.LOKET_NS}]
    assert posting["@type"] == "JobPosting" and posting["datePosted"] == "2026-11-01" and posting["validThrough"] == "2026-12-31"
    assert posting["employmentType"] == ["FULL_TIME", "PART_TIME"]
    assert posting["hiringOrganization"]["identifier"]["value"] == "87654321"
    place = posting["jobLocation"]
    assert place["address"]["addressLocality"] == "Alkmaar" and place["address"]["addressRegion"] == "Noord-Holland"
    assert place["identifier"] == {"@type": "PropertyValue", "propertyID": "CBS-gemeentecode", "value": "GM0361"}
    category = posting["occupationalCategory"]
    assert category["@type"] == "CategoryCode" and category["codeValue"] == "7126" and category["url"] == ESCO + "occupation/abc"
    assert [s["url"] for s in posting["skills"]] == [ESCO + "skill/1"]
    assert posting["skills"][0]["@type"] == "DefinedTerm" and posting["skills"][0]["termCode"] == ESCO + "skill/1"
    assert [s["url"] for s in posting["loket:optionalSkills"]] == [ESCO + "skill/2"]
    assert posting["educationRequirements"]["educationalLevel"]["name"] == "NLQF 3"
    assert posting["workHours"] == "24-38 h/week" and (posting["loket:hoursMin"], posting["loket:hoursMax"]) == (24, 38)
    assert posting["industry"]["termCode"] == "F"
    assert posting["loket:kind"] == "bbl" and posting["loket:climateTransition"] is True


def test_an_internship_is_an_intern_posting_and_a_list_is_an_item_list():
    document = jobposting.to_item_list([RECORD, RECORD | {"kind": "internship"}])
    assert document["@type"] == "ItemList" and document["numberOfItems"] == 2
    items = [element["item"] for element in document["itemListElement"]]
    assert "@context" not in items[0] and items[1]["employmentType"] == ["INTERN"]


def test_export_reads_back_as_the_same_record():
    postings, errors = jobposting.read_documents(json.loads(jobposting.dumps(jobposting.to_jobposting(RECORD))))
    assert errors == []
    record = postings[0].record
    for name in ("title", "description", "kind", "occupation_uri", "nlqf_level", "hours_min", "hours_max", "municipality_code",
                 "sector", "climate_transition", "opened_on", "valid_through", "external_id"):
        assert record[name] == RECORD[name], name
    assert [(s["uri"], s["importance"]) for s in record["skills"]] == [(s["uri"], s["importance"]) for s in RECORD["skills"]]


def test_foreign_postings_are_read_with_plain_schema_org():
    posting = {
        "@context": "http://schema.org/",
        "@type": "JobPosting",
        "title": "Stagiair",
        "description": "<p>Leuke <b>stage</b></p><p>bij ons</p>",
        "datePosted": "2026-11-02T09:00:00+01:00",
        "employmentType": "INTERN",
        "occupationalCategory": ESCO + "occupation/abc",
        "skills": [ESCO + "skill/1"],
        "educationRequirements": "EQF 4",
        "workHours": "32 tot 36 uur",
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Den Helder"}},
        "industry": "C",
        "identifier": [{"@type": "PropertyValue", "propertyID": "vacatureId", "value": 4711}],
    }
    [parsed], errors = jobposting.read_documents(posting)
    assert errors == []
    record = parsed.record
    assert record["kind"] == "internship" and record["opened_on"] == datetime.date(2026, 11, 2)
    assert record["description"] == "Leuke stage\nbij ons"
    assert (record["hours_min"], record["hours_max"], record["nlqf_level"]) == (32, 36, 4)
    assert record["municipality_name"] == "Den Helder" and record["sector"] == "C" and record["external_id"] == "4711"


def test_every_problem_is_reported_at_its_place_in_dutch():
    good = jobposting.to_jobposting(RECORD, context=False)
    bad = copy.deepcopy(good)
    del bad["title"]
    bad["datePosted"] = "31-12-2026"
    bad["occupationalCategory"] = {"@type": "CategoryCode", "name": "lasser"}
    bad["skills"][0] = {"@type": "DefinedTerm", "name": "lassen"}
    bad["industry"] = {"termCode": "Z"}
    document = {"@context": jobposting.CONTEXT, "@graph": [good, good | {"identifier": "x"}, bad]}
    postings, errors = jobposting.read_documents(document)
    assert len(postings) == 3
    places = {(e.index, e.path, e.field): e.message for e in errors}
    assert places == {
        (2, "$['@graph'][2].title", "title"): "De titel ontbreekt.",
        (2, "$['@graph'][2].datePosted", "opened_on"): "Geen geldige datum: “31-12-2026”. Schrijf de datum als JJJJ-MM-DD.",
        (2, "$['@graph'][2].occupationalCategory", "occupation"): "Het beroep moet een ESCO-beroep zijn: geef de ESCO-URI als url.",
        (2, "$['@graph'][2].skills[0]", "skills"): "Een skill moet een ESCO-vaardigheid zijn: geef de ESCO-URI als url of termCode.",
        (2, "$['@graph'][2].industry", "sector"): "Onbekende sector: “Z”. Gebruik een SBI-letter van A tot en met U.",
    }


@pytest.mark.parametrize(
    "document, message",
    [
        ('{"title": ', "Geen geldige JSON (regel 1, kolom 11)."),
        ("42", "Het bestand bevat geen JobPosting, ItemList of @graph met vacatures."),
        ("[]", "Het bestand bevat geen vacatures."),
        ('{"@type": "ItemList"}', "Een ItemList moet een lijst itemListElement hebben."),
    ],
)
def test_unreadable_documents_are_refused_as_a_whole(document, message):
    with pytest.raises(jobposting.DocumentError) as error:
        jobposting.read_documents(jobposting.parse_json(document))
    assert [e.message for e in error.value.errors] == [message]


def test_something_that_is_not_a_job_posting_is_named():
    _postings, errors = jobposting.read_documents([{"@type": "Event", "name": "Open dag"}])
    assert [(e.path, e.message) for e in errors] == [("$[0]['@type']", "Dit is geen JobPosting (@type is Event).")]


# --- Through the database ---------------------------------------------------


def comparable(vacancy):
    vacancy.refresh_from_db()
    fields = ("title", "description", "kind", "occupation_id", "nlqf_level", "hours_min", "hours_max", "municipality_id", "sector",
              "climate_transition", "opened_on", "valid_through", "filled_on", "closed_on", "external_id")
    return {name: getattr(vacancy, name) for name in fields} | {
        "skills": sorted(vacancy.skills.values_list("skill__uri", "importance"))
    }


@pytest.mark.django_db
def test_round_trip_export_then_import_gives_the_same_vacancy(make_vacancy, employer, other_org, other_employer, electrician):
    skills = services.propose_skills(electrician)
    vacancy = make_vacancy(skills=[(skills[0][0].pk, "essential"), (skills[-1][0].pk, "optional")], valid_through=datetime.date(2027, 1, 15))
    services.mark_filled(vacancy, datetime.date(2026, 11, 20))
    document = json.loads(jobposting.dumps(services.export_jobpostings(Vacancy.objects.all())))
    result = services.import_jobpostings(other_org, document, user=other_employer)
    [copy_] = result.created
    assert copy_.employer == other_org and copy_.pk != vacancy.pk
    assert comparable(copy_) == comparable(vacancy)


@pytest.mark.django_db
def test_importing_the_same_reference_again_updates_instead_of_duplicating(make_vacancy, employer, employer_org):
    vacancy = make_vacancy(external_id="VAC-7")
    document = services.export_jobposting(vacancy)
    document["title"] = "Elektromonteur (aangepast)"
    result = services.import_jobpostings(employer_org, document, user=employer)
    assert result.updated == [vacancy] and result.created == []
    vacancy.refresh_from_db()
    assert vacancy.title == "Elektromonteur (aangepast)" and Vacancy.objects.count() == 1


@pytest.mark.django_db
def test_a_list_with_only_the_third_posting_bad_saves_nothing(make_vacancy, employer, employer_org, other_org, other_employer):
    good = services.export_jobposting(make_vacancy())
    del good["@context"]
    bad = copy.deepcopy(good)
    bad["occupationalCategory"]["url"] = ESCO + "occupation/00000000-does-not-exist"
    bad["skills"][1]["url"] = ESCO + "skill/00000000-does-not-exist"
    bad["jobLocation"]["identifier"]["value"] = "GM0599"  # Rotterdam: not in Noord-Holland
    bad["loket:hoursMax"] = 70
    document = {"@context": jobposting.CONTEXT, "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": i + 1, "item": item} for i, item in enumerate([good, good, bad, good])
    ]}
    before = (Vacancy.objects.count(), VacancySkill.objects.count())
    with pytest.raises(services.ImportFailed) as failure:
        services.import_jobpostings(other_org, document, user=other_employer)
    errors = {(e.index, e.path): e.message for e in failure.value.errors}
    item = "$.itemListElement[2].item"
    assert errors == {
        (2, f"{item}.occupationalCategory"): f"Onbekende ESCO-URI: {ESCO}occupation/00000000-does-not-exist.",
        (2, f"{item}.skills[1]"): f"Onbekende ESCO-URI: {ESCO}skill/00000000-does-not-exist.",
        (2, f"{item}.jobLocation.identifier"): "Onbekende gemeente: GM0599 is geen gemeente in Noord-Holland.",
        (2, f"{item}['loket:hoursMax']"): "Maximaal 60 uur per week.",
    }
    assert (Vacancy.objects.count(), VacancySkill.objects.count()) == before


@pytest.mark.django_db
def test_import_refuses_a_skill_where_an_occupation_belongs_and_a_missing_title(employer, employer_org, electrician, sample_taxonomy):
    posting = jobposting.to_jobposting(RECORD | {
        "occupation_uri": services.propose_skills(electrician)[0][0].uri.replace("/skill/", "/occupation/"),
        "skills": [{"uri": electrician.uri.replace("/occupation/", "/skill/"), "label": "", "importance": "essential"}],
        "external_id": "",
    })
    posting["title"] = ""
    with pytest.raises(services.ImportFailed) as failure:
        services.import_jobpostings(employer_org, posting, user=employer)
    fields = sorted(e.field for e in failure.value.errors)
    assert fields == ["occupation", "skills", "title"]
    assert not Vacancy.objects.exists()


@pytest.mark.django_db
def test_import_finds_the_municipality_by_name_and_labels_come_from_esco(employer, employer_org, electrician):
    skill = services.propose_skills(electrician)[0][0]
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Elektricien",
        "occupationalCategory": {"@type": "CategoryCode", "url": electrician.uri},
        "skills": [{"@type": "DefinedTerm", "url": skill.uri, "name": "wat dan ook"}],
        "workHours": "40",
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "alkmaar"}},
        "industry": {"@type": "DefinedTerm", "termCode": "F"},
    }
    [vacancy] = services.import_jobpostings(employer_org, posting, user=employer).created
    assert vacancy.municipality.code == "GM0361" and (vacancy.hours_min, vacancy.hours_max) == (40, 40)
    assert vacancy.opened_on == datetime.date.today() and list(vacancy.skills.values_list("skill", flat=True)) == [skill.pk]
