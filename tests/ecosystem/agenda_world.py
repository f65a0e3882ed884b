"""Coalitions for the agenda's tests, one in every status, with dates relative to today as the pages use it."""

import datetime

import pytest
from django.utils import timezone

from loket.ecosystem.models import Classification, Initiative, Milestone, Organisation, Partner, StatusUpdate


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def make_coalition(slug, name, number="", kind="startcoalitie", themes=(), lead=None, partners=(), **extra):
    coalition = Initiative.objects.create(
        slug=slug, name=name, number=number, kind=kind, description_nl=f"Beschrijving van {name}.", **extra
    )
    coalition.classifications.set(Classification.objects.filter(scheme="theme", code__in=themes))
    if lead:
        Partner.objects.create(initiative=coalition, organisation=lead, role="lead")
    for organisation in partners:
        Partner.objects.create(initiative=coalition, organisation=organisation, role="partner")
    return coalition


def organisation(slug, name, kind="other"):
    # Slugs of their own: the manifest's organisations (a data migration) may be there under the plain names.
    return Organisation.objects.create(slug=f"test-{slug}", name=name, kind=kind)


@pytest.fixture
def world(db, make_user):
    """on_track: 1 (two themes); late: 2; done: 10; at_risk: 5a; no_information: an ontwikkelcoalitie without theme.

    The manifest's own startcoalities (a data migration) are set aside inside the test, so counts are exact.
    """
    Initiative.objects.filter(kind__in=["startcoalitie", "ontwikkelcoalitie"]).delete()
    technologiecoalitie = organisation("technologiecoalitie", "Technologiecoalitie", "branch")
    uwv = organisation("uwv", "UWV", "government")
    schiphol = organisation("lcs", "Luchtvaart Community Schiphol", "branch")

    servicepunt = make_coalition(
        "servicepunt-techniek", "ServicePunt Techniek NH", "1", themes=["work_to_work", "inflow"], lead=technologiecoalitie,
        partners=[uwv], goal="Mensen behouden voor de techniek.", intended_output="In-, door- en uitstroom tussen technische werkgevers.",
        intended_impact="Niemand verloren voor de techniek.", lifecycle="running",
    )  # fmt: skip
    Milestone.objects.create(initiative=servicepunt, title="Purpose Case", due_label="Q2", due_date=in_days(-30), done_on=in_days(-35))
    Milestone.objects.create(initiative=servicepunt, title="Start", due_label="Q3", due_date=in_days(100))
    StatusUpdate.objects.create(initiative=servicepunt, date=in_days(-5), status="on_track", author_name="Anne de Vries", text="Loopt goed.")

    werk_naar_werk = make_coalition("werk-naar-werk", "Intersectoraal werk-naar-werk", "2", themes=["work_to_work"], lead=schiphol)
    Milestone.objects.create(
        initiative=werk_naar_werk, title="Purpose Case", due_label="Q2 2021", due_date=datetime.date(2021, 6, 30)
    )

    informatie = make_coalition("management-informatie", "Management informatie", "10", themes=["ecosystem"])
    Milestone.objects.create(initiative=informatie, title="Nulmeting", due_date=datetime.date(2021, 6, 30), done_on=datetime.date(2021, 6, 25))

    loket = make_coalition("een-loket", "Eén gevoeld loket", "5a", themes=["ecosystem"])
    Milestone.objects.create(initiative=loket, title="Pilot", due_date=in_days(10))

    warmte = make_coalition("warmtenet-academie", "Warmtenet-academie", kind="ontwikkelcoalitie")
    # Not a coalition: never on the agenda.
    make_coalition("test-fieldlab-zaanstad", "Fieldlab Zaanstad", kind="fieldlab", themes=["innovation"])

    editor = make_user(email="redacteur@example.nl", full_name="Rob Redacteur")
    servicepunt.editors.add(editor)
    werk_naar_werk.editors.add(editor)
    return {
        "servicepunt": servicepunt, "werk_naar_werk": werk_naar_werk, "informatie": informatie, "loket": loket, "warmte": warmte,
        "editor": editor, "outsider": make_user(email="buitenstaander@example.nl", full_name="Bea Buiten"),
    }  # fmt: skip
