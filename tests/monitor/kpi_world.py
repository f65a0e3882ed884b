"""Small hand-made data for the KPI tests: occupations with ISCO codes, employers, vacancies, placements, passports.

Everything is made straight in the tables, so each test says exactly which rows there are and what a KPI must make
of them. The day is today: passports and consents carry the real creation time.
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from loket.accounts.models import Organisation, User
from loket.geography.models import Municipality, Region
from loket.passport.models import Passport, PassportSkill
from loket.taxonomy.models import Concept, ConceptKind
from loket.vacancies.models import OutflowAnnouncement, Placement, Vacancy

# Relative dates of hand-made rows count from DAY; KPIs that read creation times (passports, consents, the ledger,
# outflow announcements) are collected on ``today()``, so a run across midnight still sees what it just made.
DAY = timezone.localdate()
ALKMAAR, AMSTERDAM, HAARLEM = "GM0361", "GM0363", "GM0392"
NOORD, GROOT_AMSTERDAM, KENNEMERLAND = "AM15", "AM18", "AM37"

_counter = itertools.count(1)


def today():
    return timezone.localdate()


def days_ago(days):
    return DAY - timedelta(days=days)


def occupation(code, *, group=True):
    """An ESCO occupation with ISCO code ``code`` (e.g. "7411.1"); ``group``: linked to its ISCO unit group concept
    (else only its own code tells the group)."""
    number = next(_counter)
    isco_group = None
    if group:
        unit = code.split(".")[0]
        isco_group, _created = Concept.objects.get_or_create(
            uri=f"http://example.org/isco/C{unit}", defaults={"kind": ConceptKind.ISCO_GROUP, "code": unit}
        )
    return Concept.objects.create(uri=f"http://example.org/occupation/{number}", kind=ConceptKind.OCCUPATION, code=code, isco_group=isco_group)


def skill():
    return Concept.objects.create(uri=f"http://example.org/skill/{next(_counter)}", kind=ConceptKind.SKILL)


def employer(name=None):
    return Organisation.objects.create(name=name or f"Werkgever {next(_counter)}", kind=Organisation.Kind.EMPLOYER)


def municipality(code):
    return Municipality.objects.get(code=code)


def region(code):
    return Region.objects.get(code=code)


def vacancy(work, *, place=ALKMAAR, sector="F", kind="job", climate=False, opened=30, filled=None, closed=None, by=None):
    """A vacancy opened ``opened`` days ago; ``filled``/``closed``: days ago, or None."""
    return Vacancy.objects.create(
        employer=by or employer(), title=f"Vacature {next(_counter)}", kind=kind, occupation=work,
        municipality=municipality(place), sector=sector, climate_transition=climate, opened_on=days_ago(opened),
        filled_on=days_ago(filled) if filled is not None else None, closed_on=days_ago(closed) if closed is not None else None,
    )  # fmt: skip


def placement(into, *, situation="employed", previous=None, previous_sector="", started=10, outflow=None, person=None):
    return Placement.objects.create(
        vacancy=into, person=person, previous_situation=situation, previous_occupation=previous, previous_sector=previous_sector,
        started_on=days_ago(started), outflow=outflow,
    )  # fmt: skip


def outflow(work, people, *, region_code=GROOT_AMSTERDAM, by=None, closed=None):
    return OutflowAnnouncement.objects.create(
        employer=by or employer(), occupation=work, people=people, expected_on=DAY + timedelta(days=60),
        region=region(region_code), closed_on=days_ago(closed) if closed is not None else None,
    )  # fmt: skip


def person(**extra):
    number = next(_counter)
    return User.objects.create_user(email=f"persoon{number}@example.nl", full_name=f"Persoon {number}", password=None, **extra)


def passport(place=ALKMAAR, *, skills=1, findable=False):
    made = Passport.objects.create(user=person(), home_municipality=municipality(place) if place else None, findable=findable)
    for _ in range(skills):
        PassportSkill.objects.create(passport=made, skill=skill())
    return made


def cell(rows, dimension="", key=""):
    """The row of one cell (the total by default); fails loudly when it is missing."""
    found = [row for row in rows if row["dimension"] == dimension and row["key"] == key]
    assert len(found) == 1, f"{len(found)} rows for {dimension!r} {key!r}"
    return found[0]


def value(rows, dimension="", key=""):
    return cell(rows, dimension, key)["value"]
