"""Demo content for the ecosystem, beside the documents' own content (which a data migration loads).

``loket demo`` calls ``load_demo``; each part of the ecosystem fills its own function. Everything made here
is marked as demo content, so nobody mistakes it for a fact from the documents.
"""

# The analyst of ``loket demo`` (web/management/commands/demo.py) edits the demo coalitions and learning communities.
DEMO_ANALYST = "analist@demo.loket.nl"


def load_demo(users):
    """``users``: the demo accounts by e-mail address."""
    demo_agenda(users)
    demo_tracking(users)
    demo_scans(users)


def demo_agenda(users):
    """Status updates and reached milestones for startcoalities 1, 2, 5a and 10, written by the demo analyst.

    The agenda then shows each status: 1 on track, 2 late, 5a at risk (a milestone due soon and no recent
    update) and 10 done. Texts and added milestones start with "[demo]"; a reached date on a milestone from
    the manifest is a demo fact too (docs/agenda.md). Re-runnable: rows are found by their text or title, and
    dates relative to today move along. Without the manifest's startcoalities it does nothing.
    """
    import datetime

    from django.utils import timezone

    from .agenda_queries import author_name
    from .models import Initiative, Milestone, StatusUpdate, UpdateStatus
    from .vocabulary import InitiativeKind

    analyst = users.get(DEMO_ANALYST)
    coalitions = {
        c.number: c for c in Initiative.objects.filter(kind=InitiativeKind.START_COALITION, number__in=["1", "2", "5a", "10"])
    }
    if analyst is None or not coalitions:
        return
    today = timezone.localdate()
    days = datetime.timedelta

    def update(coalition, date, status, text):
        StatusUpdate.objects.update_or_create(
            initiative=coalition, text=f"[demo] {text}",
            defaults={"date": date, "status": status, "author": analyst, "author_name": author_name(analyst)},
        )  # fmt: skip

    def reach_past_milestones(coalition, days_early):
        for milestone in coalition.milestones.filter(done_on__isnull=True, due_date__lt=today):
            milestone.done_on = milestone.due_date - days(days_early)
            milestone.save(update_fields=["done_on"])

    def demo_milestone(coalition, title, due_date, done_on=None):
        Milestone.objects.update_or_create(
            initiative=coalition, title=f"[demo] {title}", defaults={"due_date": due_date, "done_on": done_on, "order": 99}
        )

    for coalition in coalitions.values():
        coalition.editors.add(analyst)

    if "1" in coalitions:
        servicepunt = coalitions["1"]
        reach_past_milestones(servicepunt, 10)
        demo_milestone(servicepunt, "Evaluatie van het eerste jaar met de Technologiecoalitie", today + days(75))
        update(servicepunt, datetime.date(2021, 6, 18), UpdateStatus.ON_TRACK, "Purpose Case ingediend bij de provincie.")
        update(servicepunt, datetime.date(2021, 9, 24), UpdateStatus.ON_TRACK, "Subsidie toegekend; het ServicePunt is gestart.")
        update(servicepunt, today - days(14), UpdateStatus.ON_TRACK, "Vouchers voor oriëntatie en opleiding lopen volgens plan.")
    if "2" in coalitions:
        werk_naar_werk = coalitions["2"]
        update(
            werk_naar_werk, today - days(21), UpdateStatus.LATE,
            "De Purpose Case wacht op afspraken over de kosten van begeleiding tussen luchtvaart en maritieme techniek.",
        )  # fmt: skip
    if "5a" in coalitions:
        loket = coalitions["5a"]
        reach_past_milestones(loket, 3)
        demo_milestone(loket, "Pilot met werkgevers in de MRA", today + days(20))
        update(loket, datetime.date(2021, 6, 28), UpdateStatus.ON_TRACK, "Purpose Case voor één gevoeld loket vastgesteld.")
        update(loket, today - days(75), UpdateStatus.ON_TRACK, "Eerste werkgevers en opleiders sluiten aan op het loket.")
    if "10" in coalitions:
        informatie = coalitions["10"]
        if not informatie.milestones.exists():
            demo_milestone(informatie, "Nulmeting", datetime.date(2021, 6, 30), datetime.date(2021, 6, 25))
        reach_past_milestones(informatie, 5)
        update(informatie, datetime.date(2021, 7, 2), UpdateStatus.DONE, "Nulmeting en dashboard opgeleverd aan de regiegroep.")


def demo_tracking(users):
    """Four "[demo]" learning communities for the volgsysteem, edited by the demo analyst.

    HTSM and energy, in four labour-market regions, started 2019–2022: one durable HTSM fieldlab whose closed survey
    has 14 answers (a rating of 7,7, so it counts for the HTSM target), a CoE whose closed survey has 6 answers
    (suppressed: "te weinig antwoorden"), a learning community in two topsectors (it counts in both rows) with an
    open survey to try the link on, and a fieldlab that stopped in 2022 (not counted). Re-runnable: communities are
    found by slug, surveys by title, and answers are only added to a survey that has none.
    """
    import datetime

    from django.utils import timezone

    from loket.geography.models import Municipality

    from .models import Classification, Initiative, Survey, SurveyResponse
    from .vocabulary import Challenge, InitiativeKind, Lifecycle, Scheme, Topsector

    analyst = users.get(DEMO_ANALYST)
    today = timezone.localdate()
    days = datetime.timedelta
    communities = [
        # slug, name, kind, municipality, lifecycle, started, stopped, topsectors, challenges, description
        ("demo-fieldlab-slimme-maakindustrie-zaanstreek", "[demo] Fieldlab Slimme Maakindustrie Zaanstreek", InitiativeKind.FIELDLAB,
         "GM0479", Lifecycle.DURABLE, 2019, None, [Topsector.HTSM], [Challenge.KEY_TECHNOLOGIES],
         "Demogegevens. Maakbedrijven, het mbo en de hogeschool werken samen aan robotisering en digitale productie; "
         "werkenden leren er met de nieuwe machines werken."),
        ("demo-coe-waterstof-den-helder", "[demo] Centre of Expertise Waterstof Den Helder", InitiativeKind.COE,
         "GM0400", Lifecycle.RUNNING, 2021, None, [Topsector.ENERGY], [Challenge.ENERGY_TRANSITION],
         "Demogegevens. Onderwijs en offshorebedrijven leiden samen op voor de productie en opslag van waterstof."),
        ("demo-learning-community-fotonica-amsterdam", "[demo] Learning community Fotonica en Energie Amsterdam",
         InitiativeKind.LEARNING_COMMUNITY, "GM0363", Lifecycle.STARTING, 2022, None, [Topsector.HTSM, Topsector.ENERGY],
         [Challenge.KEY_TECHNOLOGIES, Challenge.ENERGY_TRANSITION],
         "Demogegevens. Fotonicabedrijven en zonne-energie-installateurs delen een praktijklab met de hogeschool."),
        ("demo-fieldlab-zonne-energie-ijmond", "[demo] Fieldlab Zonne-energie IJmond", InitiativeKind.FIELDLAB,
         "GM0453", Lifecycle.STOPPED, 2020, 2022, [Topsector.ENERGY], [Challenge.ENERGY_TRANSITION],
         "Demogegevens. Een proeftuin voor zonnedaken op bedrijfshallen; gestopt toen de aanpak in het reguliere mbo-aanbod "
         "was opgenomen (durf te stoppen)."),
    ]  # fmt: skip
    classifications = {(c.scheme, c.code): c for c in Classification.objects.filter(scheme__in=[Scheme.TOPSECTOR, Scheme.CHALLENGE])}
    made = {}
    for slug, name, kind, code, lifecycle, started, stopped, topsectors, challenges, description in communities:
        municipality = Municipality.objects.filter(code=code).select_related("region").first()
        initiative, _created = Initiative.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name, "kind": kind, "lifecycle": lifecycle, "started_year": started, "stopped_year": stopped,
                "description_nl": description, "municipality": municipality, "region": municipality.region if municipality else None,
            },
        )  # fmt: skip
        initiative.classifications.add(
            *[classifications[(Scheme.TOPSECTOR, code)] for code in topsectors if (Scheme.TOPSECTOR, code) in classifications],
            *[classifications[(Scheme.CHALLENGE, code)] for code in challenges if (Scheme.CHALLENGE, code) in classifications],
        )
        if analyst is not None:
            initiative.editors.add(analyst)
        made[slug] = initiative

    questions = ["Wat werkt goed in deze samenwerking?", "Wat kan beter?"]

    def survey(slug, title, opens_on, closes_on, scores, answers):
        found, _created = Survey.objects.get_or_create(
            initiative=made[slug], title=title,
            defaults={"questions": questions, "opens_on": opens_on, "closes_on": closes_on, "created_by": analyst},
        )  # fmt: skip
        if not found.responses.exists():
            SurveyResponse.objects.bulk_create(
                SurveyResponse(survey=found, score=score, answers=list(answers[i % len(answers)])) for i, score in enumerate(scores)
            )

    good = [
        ("[demo] We leren direct aan de nieuwe machines.", "[demo] Meer tijd van de docenten op de werkvloer."),
        ("[demo] Korte lijnen met de school.", "[demo] De planning van de modules."),
        ("[demo] Samen problemen uit de praktijk oplossen.", ""),
    ]
    survey(
        "demo-fieldlab-slimme-maakindustrie-zaanstreek", "[demo] Waardering van de samenwerking", today - days(90), today - days(30),
        [8, 7, 8, 9, 7, 8, 7, 8, 6, 8, 7, 9, 8, 8], good,
    )  # fmt: skip
    survey(
        "demo-coe-waterstof-den-helder", "[demo] Waardering van de samenwerking", today - days(60), today - days(10),
        [7, 8, 6, 8, 7, 9], [("[demo] Goede contacten met de offshorebedrijven.", "[demo] Meer praktijkplaatsen.")],
    )  # fmt: skip
    survey("demo-learning-community-fotonica-amsterdam", "[demo] Eerste indruk van de deelnemers", today - days(7), today + days(60), [], [("",)])


def demo_scans(users):
    """Two Actiescans of a demo learning community, half a year apart, the later one better.

    Uses the volgsysteem demo's learning community when there is one (a "demo-" slug), else makes "[demo] Learning
    community Energietransitie IJmond". The first scan is weak on organisation, financing and impact; the second has
    improved everywhere but financing and impact are still below 50, so the page shows progress and advice.
    Re-runnable: a scan is found by its initiative, date and questionnaire version.
    """
    import datetime

    from loket.geography.models import Region

    from . import actiescan
    from .models import ActionScan, Initiative
    from .vocabulary import LEARNING_COMMUNITY_KINDS, InitiativeKind, Lifecycle

    analyst = users.get(DEMO_ANALYST)
    candidates = Initiative.objects.filter(slug__startswith="demo-", kind__in=LEARNING_COMMUNITY_KINDS).exclude(lifecycle=Lifecycle.STOPPED)
    community = candidates.filter(kind=InitiativeKind.LEARNING_COMMUNITY).order_by("slug").first() or candidates.order_by("slug").first()
    if community is None:
        community, _created = Initiative.objects.get_or_create(
            slug="demo-learning-community-energietransitie-ijmond",
            defaults={
                "name": "[demo] Learning community Energietransitie IJmond", "kind": InitiativeKind.LEARNING_COMMUNITY,
                "lifecycle": Lifecycle.STARTING, "started_year": 2025, "region": Region.objects.filter(code="AM37").first(),
                "description_nl": "Demogegevens. Industrie, installateurs, het mbo en de gemeenten in de IJmond leiden samen op "
                "voor het verduurzamen van de industrie en de gebouwde omgeving.",
            },
        )  # fmt: skip
    if analyst is not None:
        community.editors.add(analyst)
    # Answers per dimension, in the questionnaire's statement order.
    scans = [
        (datetime.date(2026, 3, 16), {"ambitie": [4, 3, 3, 4, 2], "partners": [4, 2, 2, 3, 4], "leren": [3, 3, 2, 2, 3, 1],
                                      "organisatie": [3, 2, 2, 1, 3], "financiering": [2, 1, 3, 1, 1], "impact": [2, 3, 1, 2, 1]}),
        (datetime.date(2026, 10, 12), {"ambitie": [5, 4, 4, 4, 4], "partners": [4, 3, 3, 4, 4], "leren": [4, 3, 4, 3, 4, 2],
                                       "organisatie": [4, 3, 4, 2, 4], "financiering": [3, 2, 3, 2, 2], "impact": [3, 4, 2, 3, 2]}),
    ]  # fmt: skip
    dimensions = {d.code: d for d in actiescan.questionnaire(actiescan.VERSION)}
    for taken_on, values in scans:
        answers = {s.code: value for code, row in values.items() for s, value in zip(dimensions[code].statements, row, strict=True)}
        ActionScan.objects.update_or_create(
            initiative=community, taken_on=taken_on, version=actiescan.VERSION,
            defaults={"answers": answers, "scores": actiescan.score(answers), "created_by": analyst},
        )  # fmt: skip
