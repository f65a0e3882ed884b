"""A small registry for the registry's tests: three initiatives, five organisations and the six people of the
permission matrix. The documents' own content (the data migration) is set aside first, so counts are exact."""

from dataclasses import dataclass

import pytest

from loket.accounts.models import Membership
from loket.accounts.models import Organisation as AccountOrganisation
from loket.accounts.roles import Role
from loket.ecosystem.models import Classification, Initiative, Organisation, Partner, Source
from loket.geography.models import Municipality, Region


def classify(initiative, **codes):
    for scheme, values in codes.items():
        for code in values:
            initiative.classifications.add(Classification.objects.get(scheme=scheme, code=code))


def clear_registry():
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()


@dataclass
class World:
    roc: Organisation
    tata: Organisation
    province: Organisation
    fund: Organisation
    inholland: Organisation
    tech_connect: Initiative
    techlands: Initiative
    hydrogen: Initiative


def build_world():
    clear_registry()
    roc_account = AccountOrganisation.objects.create(name="ROC Kop", kind=AccountOrganisation.Kind.PROVIDER)
    inholland_account = AccountOrganisation.objects.create(name="Inholland", kind=AccountOrganisation.Kind.PROVIDER)
    source = Source.objects.create(key="manifest-test", title="Manifest Werken en Ontwikkelen 2030")
    roc = Organisation.objects.create(slug="roc-kop", name="ROC Kop van Noord-Holland", short_name="ROC Kop", kind="school", account=roc_account)
    tata = Organisation.objects.create(slug="tata-steel", name="Tata Steel Nederland", kind="company")
    province = Organisation.objects.create(slug="provincie-nh", name="Provincie Noord-Holland", kind="government")
    fund = Organisation.objects.create(slug="oom", name="Stichting Opleidingsfonds Metaal", short_name="OOM", kind="oo_fund")
    inholland = Organisation.objects.create(slug="inholland", name="Hogeschool Inholland", kind="school", account=inholland_account)
    amsterdam = Municipality.objects.get(code="GM0363")
    tech_connect = Initiative.objects.create(
        slug="tech-connect", name="Tech@Connect", kind="pps", lifecycle="running", region=amsterdam.region, municipality=amsterdam,
        description_nl="Samenwerking in de installatiebranche die zij-instromers opleidt.",
        description_en="Partnership in the installation sector that trains career changers.",
        started_year=2019, contact_name="Anna de Vries", contact_email="anna@example.nl", website="https://techconnect.example.nl",
        links=[{"label": "Jaarverslag", "url": "https://techconnect.example.nl/jaarverslag"}],
        source=source, source_reference="p. 12",
    )  # fmt: skip
    classify(tech_connect, theme=["inflow"], programme_line=["leren"], topsector=["energie"], challenge=["energietransitie"], sdg=["4"])
    Partner.objects.create(initiative=tech_connect, organisation=roc, role="lead")
    Partner.objects.create(initiative=tech_connect, organisation=fund, role="funder", note="Betaalt de opleidingen")
    zaanstad = Municipality.objects.get(code="GM0479")
    techlands = Initiative.objects.create(
        slug="techlands", name="Techlands", short_name="Zaancampus", kind="campus", lifecycle="durable", region=zaanstad.region,
        municipality=zaanstad, description_nl="Campus in de Zaanstreek waar bedrijven en scholen samen techniektalent creëren.",
        started_year=2016,
    )  # fmt: skip
    classify(techlands, theme=["ecosystem"], programme_line=["kiezen"], topsector=["htsm"], challenge=["sleuteltechnologieen"], sdg=["9"])
    Partner.objects.create(initiative=techlands, organisation=tata, role="lead")
    Partner.objects.create(initiative=techlands, organisation=roc, role="partner")
    hydrogen = Initiative.objects.create(
        slug="waterstof", name="Learning community Waterstof", kind="learning_community", lifecycle="idea",
        region=Region.objects.get(code="AM15"), description_nl="Samen leren over waterstof in de Kop.", started_year=2022,
    )  # fmt: skip
    classify(hydrogen, theme=["innovation"], programme_line=["innoveren"], topsector=["energie"], challenge=["energietransitie"], sdg=["7"])
    Partner.objects.create(initiative=hydrogen, organisation=province, role="lead")
    Partner.objects.create(initiative=hydrogen, organisation=inholland, role="knowledge")
    return World(roc, tata, province, fund, inholland, tech_connect, techlands, hydrogen)


@pytest.fixture
def world(db):
    return build_world()


@dataclass
class People:
    plain: object
    editor: object
    lead_manager: object
    lead_member: object
    other_manager: object
    admin: object


@pytest.fixture
def people(world, make_user, settings):
    """Everyone of the permission matrix for Tech@Connect (anonymous is the client without a log-in)."""
    # Six real password hashes would take most of the test's time; these tests sign in with force_login.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    editor = make_user(email="redacteur@example.nl")
    world.tech_connect.editors.add(editor)
    lead_manager = make_user(email="beheerder-roc@example.nl")
    Membership.objects.create(user=lead_manager, organisation=world.roc.account, is_manager=True)
    lead_member = make_user(email="lid-roc@example.nl")
    Membership.objects.create(user=lead_member, organisation=world.roc.account, is_manager=False)
    other_manager = make_user(email="beheerder-inholland@example.nl")
    Membership.objects.create(user=other_manager, organisation=world.inholland.account, is_manager=True)
    return People(
        plain=make_user(email="iemand@example.nl"), editor=editor, lead_manager=lead_manager, lead_member=lead_member,
        other_manager=other_manager, admin=make_user(Role.ADMIN, email="beheer@example.nl"),
    )  # fmt: skip


def snapshot(initiative):
    """Everything of an initiative a save could change, to show that a refused save changed nothing."""
    initiative = Initiative.objects.get(pk=initiative.pk)
    fields = {f.attname: getattr(initiative, f.attname) for f in Initiative._meta.concrete_fields}
    return fields | {
        "classifications": sorted(initiative.classifications.values_list("scheme", "code")),
        "partners": sorted(initiative.partner_roles.values_list("organisation__slug", "role", "note")),
        "editors": sorted(initiative.editors.values_list("email", flat=True)),
    }
