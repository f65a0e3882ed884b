"""The registry's pages: the public list with search and filters, an initiative's and an organisation's page,
and editing by whoever may (the permission matrix)."""

import pytest
from django.conf import settings
from django.urls import reverse

from loket.ecosystem.models import Initiative, Milestone, Organisation, StatusUpdate

from .registry_world import people, snapshot, world  # noqa: F401

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("ecosystem:initiatives"), params)
    assert response.status_code == 200, response.content.decode()[:500]
    return {i.slug for i in response.context["page"].object_list}


# --- The list ----------------------------------------------------------------------------------------------------


def test_the_list_is_public_and_is_the_ecosystems_home(client, world):
    assert reverse("ecosystem:initiatives") == "/ecosysteem/"
    page = client.get("/ecosysteem/").content.decode()
    assert "3 initiatieven" in page and "Tech@Connect" in page and "Learning community Waterstof" in page
    assert 'href="/ecosysteem/"' in client.get("/").content.decode()  # the main menu's "Ecosysteem"


def test_the_list_searches_and_filters_from_the_query_string(client, world):
    assert listed(client, q="tech@connect") == {"tech-connect"}
    assert listed(client, q="Techlands") == {"techlands"}
    assert listed(client, topsector="energie") == {"tech-connect", "waterstof"}
    assert listed(client, topsector="energie", region="AM15") == {"waterstof"}
    assert listed(client, partner="roc-kop", started_from="2018") == {"tech-connect"}
    page = client.get(reverse("ecosystem:initiatives"), {"topsector": "energie", "region": "AM15"}).content.decode()
    assert "1 initiatief" in page
    assert '<option value="AM15" selected>' in page and '<option value="energie" selected>' in page  # the form keeps them
    assert 'href="/ecosysteem/export/initiatieven.csv?region=AM15&amp;topsector=energie"' in page  # a download of this list


def test_the_list_answers_htmx_with_only_the_results(client, world):
    response = client.get(reverse("ecosystem:initiatives"), {"kind": "campus"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and '<section id="resultaten"' in body
    assert '<h2 class="utrecht-heading-2" id="resultaten-kop" aria-live="polite" hx-swap-oob="innerHTML">1 initiatief</h2>' in body
    assert "Techlands" in body and "Tech@Connect" not in body and "<html" not in body


def test_bad_filter_values_are_explained_in_dutch_and_left_out(client, world):
    response = client.get(reverse("ecosystem:initiatives"), {"kind": "kasteel", "started_from": "twintig", "topsector": "energie"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Onbekende soort initiatief: “kasteel”. Er is niet op soort gefilterd." in page
    assert "“twintig” is geen jaartal" in page
    assert {i.slug for i in response.context["page"].object_list} == {"tech-connect", "waterstof"}  # still filtered on topsector
    weird = client.get(reverse("ecosystem:initiatives"), {"sdg": "9" * 500, "municipality": "<script>", "pagina": "x"})
    assert weird.status_code == 400 and "<script>" not in weird.content.decode()


def test_the_list_is_paginated_and_keeps_the_filters(client, world):
    for number in range(25):
        Initiative.objects.create(slug=f"lc-{number}", name=f"LC {number:02}", kind="learning_community", description_nl="x")
    first = client.get(reverse("ecosystem:initiatives"), {"kind": "learning_community"})
    assert first.context["page"].paginator.count == 26 and len(first.context["page"].object_list) == 20  # with Waterstof
    assert "kind=learning_community&amp;pagina=2" in first.content.decode()
    second = client.get(reverse("ecosystem:initiatives"), {"kind": "learning_community", "pagina": 2})
    assert len(second.context["page"].object_list) == 6


# --- An initiative's and an organisation's page ------------------------------------------------------------------


def test_the_initiative_page_shows_what_the_registry_knows(client, world):
    Milestone.objects.create(initiative=world.tech_connect, title="Purpose Case", due_label="Q2 2021", due_date="2021-06-30")
    StatusUpdate.objects.create(initiative=world.tech_connect, date="2021-05-01", author_name="Anna", status="on_track", text="Gestart.")
    page = client.get(reverse("ecosystem:initiative", args=["tech-connect"])).content.decode()
    for text in (
        "PPS / RIF-samenwerking", "Loopt", "gestart in 2019", "Groot Amsterdam", "Amsterdam",
        "Instroom, doorstroom &amp; techniekpromotie", "Leren &amp; Ontwikkelen", "Energie", "Energietransitie &amp; Duurzaamheid",
        "4 Kwaliteitsonderwijs", "Anna de Vries", "mailto:anna@example.nl", "https://techconnect.example.nl/jaarverslag", "Jaarverslag",
        "Bron: Manifest Werken en Ontwikkelen 2030, p. 12", "Purpose Case", "Q2 2021", "Gestart.", "Op schema",
        "die zij-instromers opleidt",
    ):  # fmt: skip
        assert text in page, text
    assert "career changers" not in page  # Dutch page, Dutch description
    # partners grouped by role, aanjager first, each a link to its organisation
    assert page.index("<h3 class=\"utrecht-heading-3\">Aanjager</h3>") < page.index("<h3 class=\"utrecht-heading-3\">Financier</h3>")
    assert 'href="/ecosysteem/organisaties/roc-kop/"' in page and "Betaalt de opleidingen" in page
    assert 'href="/ecosysteem/?theme=inflow"' in page  # a tag leads to the list filtered on it
    assert "Bewerken" not in page
    assert client.get(reverse("ecosystem:initiative", args=["bestaat-niet"])).status_code == 404


def test_the_english_page_shows_the_english_description_when_there_is_one(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("ecosystem:initiative", args=["tech-connect"])).content.decode()
    assert "trains career changers" in page and 'lang="en"' in page and "die zij-instromers opleidt" not in page
    # without an English description the Dutch one is shown, marked as Dutch
    page = client.get(reverse("ecosystem:initiative", args=["techlands"])).content.decode()
    assert '<div lang="nl"><p>Campus in de Zaanstreek' in page


def test_the_organisation_page_lists_its_initiatives_per_role(client, world):
    page = client.get(reverse("ecosystem:organisation", args=["roc-kop"])).content.decode()
    assert "ROC Kop van Noord-Holland" in page and "Onderwijsinstelling" in page
    assert page.index("Als aanjager") < page.index("Tech@Connect") < page.index("Als partner") < page.index("Techlands")
    listing = client.get(reverse("ecosystem:organisations"), {"q": "opleidingsfonds"}).content.decode()
    assert "Stichting Opleidingsfonds Metaal" in listing and "Tata Steel" not in listing and "1 initiatief" in listing
    assert client.get(reverse("ecosystem:organisations"), {"kind": "kasteel"}).status_code == 400


# --- Who may edit --------------------------------------------------------------------------------------------------


EDIT_MATRIX = [
    ("plain", False), ("editor", True), ("lead_manager", True), ("lead_member", False), ("other_manager", False), ("admin", True),
]  # fmt: skip


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in (
        reverse("ecosystem:initiative_edit", args=["tech-connect"]), reverse("ecosystem:initiative_new"),
        reverse("ecosystem:organisation_edit", args=["roc-kop"]), reverse("ecosystem:organisation_new"),
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/"), url
    assert client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), {"name": "Weg"}).status_code == 302
    assert Initiative.objects.get(slug="tech-connect").name == "Tech@Connect"


@pytest.mark.parametrize("who, may_edit", EDIT_MATRIX)
def test_who_may_edit_an_initiative(client, world, people, who, may_edit):
    client.force_login(getattr(people, who))
    detail = client.get(reverse("ecosystem:initiative", args=["tech-connect"])).content.decode()
    assert ('href="/ecosysteem/initiatieven/tech-connect/bewerken/"' in detail) is may_edit
    response = client.get(reverse("ecosystem:initiative_edit", args=["tech-connect"]))
    assert response.status_code == (200 if may_edit else 403)
    if not may_edit:
        assert "Alleen de redacteuren van “Tech@Connect”" in response.content.decode()
        before = snapshot(world.tech_connect)
        assert client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), edit_data(world)).status_code == 403
        assert snapshot(world.tech_connect) == before


@pytest.mark.parametrize("who, may_edit", [
    ("plain", False), ("editor", False), ("lead_manager", True), ("other_manager", False), ("admin", True),
])  # fmt: skip
def test_who_may_edit_an_organisation(client, world, people, who, may_edit):
    client.force_login(getattr(people, who))
    assert client.get(reverse("ecosystem:organisation_edit", args=["roc-kop"])).status_code == (200 if may_edit else 403)
    assert client.get(reverse("ecosystem:organisation_new")).status_code == (200 if who == "admin" else 403)


def edit_data(world, **changes):
    """The edit form of Tech@Connect as its page fills it in, with ``changes``."""
    data = {
        "name": "Tech@Connect", "short_name": "", "number": "", "kind": "pps", "lifecycle": "running",
        "description_nl": "Samenwerking in de installatiebranche die zij-instromers opleidt.",
        "description_en": "Partnership in the installation sector that trains career changers.", "goal": "", "intended_output": "",
        "intended_impact": "", "region": str(world.tech_connect.region_id), "municipality": str(world.tech_connect.municipality_id),
        "latitude": "", "longitude": "", "started_year": "2019", "stopped_year": "", "contact_name": "Anna de Vries",
        "contact_email": "anna@example.nl", "contact_phone": "", "website": "https://techconnect.example.nl",
        "links": "Jaarverslag | https://techconnect.example.nl/jaarverslag",
        "themes": ["inflow"], "programme_lines": ["leren"], "topsectors": ["energie"], "challenges": ["energietransitie"], "sdgs": ["4"],
        "partners-TOTAL_FORMS": "5", "partners-INITIAL_FORMS": "2", "partners-MIN_NUM_FORMS": "0", "partners-MAX_NUM_FORMS": "1000",
        "partners-0-organisation": str(world.roc.pk), "partners-0-role": "lead", "partners-0-note": "",
        "partners-1-organisation": str(world.fund.pk), "partners-1-role": "funder", "partners-1-note": "Betaalt de opleidingen",
        **{f"partners-{n}-{f}": v for n in (2, 3, 4) for f, v in (("organisation", ""), ("role", "partner"), ("note", ""))},
    }  # fmt: skip
    return data | changes


def test_the_edit_form_is_filled_in_as_the_initiative_is(client, world, people):
    client.force_login(people.editor)
    form = client.get(reverse("ecosystem:initiative_edit", args=["tech-connect"])).context["form"]
    assert form.initial["themes"] == ["inflow"] and form.initial["links"] == "Jaarverslag | https://techconnect.example.nl/jaarverslag"
    # saving the form as it came changes nothing but the time it was saved
    before = snapshot(world.tech_connect)
    assert client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), edit_data(world)).status_code == 302
    after = snapshot(world.tech_connect)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {k: v for k, v in before.items() if k != "updated_at"}


def test_an_editor_changes_fields_classifications_partners_and_links(client, world, people):
    client.force_login(people.editor)
    data = edit_data(
        world, name="Tech@Connect Amsterdam", lifecycle="durable", themes=["inflow", "work_to_work"], sdgs=["4", "8"],
        links="https://techconnect.example.nl/nieuws\nVacatures | https://techconnect.example.nl/vacatures",
        **{"partners-1-DELETE": "on", "partners-2-organisation": str(world.tata.pk), "partners-2-role": "partner"},
    )  # fmt: skip
    response = client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), data)
    assert response.status_code == 302 and response["Location"] == "/ecosysteem/initiatieven/tech-connect/"  # the slug stays
    saved = Initiative.objects.get(slug="tech-connect")
    assert saved.name == "Tech@Connect Amsterdam" and saved.lifecycle == "durable"
    assert saved.codes("theme") == ["inflow", "work_to_work"] and saved.codes("sdg") == ["4", "8"]
    assert sorted(saved.partner_roles.values_list("organisation__slug", "role")) == [("roc-kop", "lead"), ("tata-steel", "partner")]
    assert saved.links == [
        {"label": "https://techconnect.example.nl/nieuws", "url": "https://techconnect.example.nl/nieuws"},
        {"label": "Vacatures", "url": "https://techconnect.example.nl/vacatures"},
    ]
    assert "is opgeslagen" in client.get(response["Location"]).content.decode()


def test_an_invalid_edit_changes_nothing_and_says_why_in_dutch(client, world, people):
    client.force_login(people.lead_manager)
    before = snapshot(world.tech_connect)
    data = edit_data(
        world, name="", started_year="twintig", website="geen adres", links="Kapot | ftp://example.nl", themes=["inflow", "onzin"],
        **{"partners-2-organisation": str(world.roc.pk), "partners-2-role": "lead"},
    )  # fmt: skip
    response = client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "Er is niets opgeslagen." in page
    assert "Dit veld is verplicht." in page and "Voer een geheel getal in." in page and "Voer een geldige URL in." in page
    assert "Link 1: “ftp://example.nl” is geen webadres dat met http:// of https:// begint." in page
    assert "Selecteer een geldige keuze. onzin is geen beschikbare keuze." in page
    assert snapshot(world.tech_connect) == before
    # the only problem a duplicate partner: refused with its own message
    response = client.post(
        reverse("ecosystem:initiative_edit", args=["tech-connect"]),
        edit_data(world, **{"partners-2-organisation": str(world.roc.pk), "partners-2-role": "lead"}),
    )
    assert response.status_code == 400
    assert "ROC Kop van Noord-Holland staat twee keer als aanjager in de lijst; één keer is genoeg." in response.content.decode()
    assert snapshot(world.tech_connect) == before


def test_a_municipality_outside_the_region_is_refused(client, world, people):
    from loket.geography.models import Municipality

    client.force_login(people.editor)
    data = edit_data(world, municipality=str(Municipality.objects.get(code="GM0400").pk))
    response = client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), data)
    assert response.status_code == 400 and "Den Helder ligt niet in de arbeidsmarktregio Groot Amsterdam." in response.content.decode()


def test_only_administrators_choose_editors(client, world, people):
    client.force_login(people.editor)
    assert "editor_emails" not in client.get(reverse("ecosystem:initiative_edit", args=["tech-connect"])).context["form"].fields
    client.post(reverse("ecosystem:initiative_edit", args=["tech-connect"]), edit_data(world, editor_emails="iemand@example.nl"))
    assert list(Initiative.objects.get(slug="tech-connect").editors.all()) == [people.editor]
    client.force_login(people.admin)
    response = client.post(
        reverse("ecosystem:initiative_edit", args=["tech-connect"]), edit_data(world, editor_emails="niemand@example.nl")
    )
    assert response.status_code == 400 and "Er is geen account met het e-mailadres niemand@example.nl." in response.content.decode()
    response = client.post(
        reverse("ecosystem:initiative_edit", args=["tech-connect"]), edit_data(world, editor_emails="Iemand@Example.nl,\nredacteur@example.nl")
    )
    assert response.status_code == 302
    assert sorted(Initiative.objects.get(slug="tech-connect").editors.values_list("email", flat=True)) == [
        "iemand@example.nl", "redacteur@example.nl",
    ]  # fmt: skip


def test_anyone_signed_in_registers_an_initiative_and_becomes_its_editor(client, world, people):
    client.force_login(people.plain)
    assert client.get(reverse("ecosystem:initiative_new")).status_code == 200
    data = edit_data(world, name="Skillslab Zorgtechnologie", kind="skillslab", lifecycle="starting", region="", municipality="")
    data |= {"partners-TOTAL_FORMS": "3", "partners-INITIAL_FORMS": "0", "partners-0-organisation": str(world.inholland.pk),
             "partners-1-organisation": "", "partners-1-role": "partner", "partners-1-note": ""}  # fmt: skip
    response = client.post(reverse("ecosystem:initiative_new"), data)
    assert response.status_code == 302
    created = Initiative.objects.get(name="Skillslab Zorgtechnologie")
    assert response["Location"] == f"/ecosysteem/initiatieven/{created.slug}/"
    assert list(created.editors.all()) == [people.plain]
    assert list(created.partner_roles.values_list("organisation__slug", "role")) == [("inholland", "lead")]
    assert 'href="/ecosysteem/initiatieven/skillslab-zorgtechnologie/bewerken/"' in client.get(response["Location"]).content.decode()


def test_organisations_are_edited_by_their_managers_and_created_by_administrators(client, world, people):
    client.force_login(people.lead_manager)
    url = reverse("ecosystem:organisation_edit", args=["roc-kop"])
    assert "account" not in client.get(url).context["form"].fields  # who manages it is not theirs to change
    data = {"name": "ROC Kop van Noord-Holland", "short_name": "ROC Kop", "kind": "school", "description_nl": "Mbo in de Kop.",
            "description_en": "", "municipality": "", "website": "niet goed"}  # fmt: skip
    assert client.post(url, data).status_code == 400
    assert Organisation.objects.get(slug="roc-kop").description_nl == ""
    assert client.post(url, data | {"website": "https://rockop.example.nl"}).status_code == 302
    organisation = Organisation.objects.get(slug="roc-kop")
    assert organisation.description_nl == "Mbo in de Kop." and organisation.account == world.roc.account
    client.force_login(people.admin)
    response = client.post(reverse("ecosystem:organisation_new"), data | {"name": "Techniekcollege", "short_name": "", "website": ""})
    assert response.status_code == 302 and response["Location"] == "/ecosysteem/organisaties/techniekcollege/"


def test_every_initiative_and_organisation_from_the_documents_has_its_page(client):
    """The content of the data migration (the manifest's own ecosystem), as it is, on the pages and in the API."""
    initiatives, organisations = list(Initiative.objects.all()), list(Organisation.objects.all())
    if not initiatives:
        pytest.skip("The data migration with the documents' content has not loaded any initiative.")
    assert client.get(reverse("ecosystem:initiatives")).context["page"].paginator.count == len(initiatives)
    for initiative in initiatives:
        assert client.get(reverse("ecosystem:initiative", args=[initiative.slug])).status_code == 200, initiative.slug
        assert client.get(f"/api/v1/ecosystem/initiatives/{initiative.slug}").status_code == 200, initiative.slug
    for organisation in organisations:
        assert client.get(reverse("ecosystem:organisation", args=[organisation.slug])).status_code == 200, organisation.slug
