"""The volgsysteem's arithmetic on plain data: the documents' targets, which learning communities count for them,
the breakdowns per region, topsector, societal challenge, life cycle and year, ratings from participant surveys,
and survey results with small numbers suppressed. No ORM: ``tracking_queries`` reads the database into the shapes
below.

A learning community is a dict::

    {"id", "slug", "name", "kind", "lifecycle", "started_year", "stopped_year",
     "region": region code or None, "topsectors": [codes], "challenges": [codes],
     "surveys": [{"closes_on": date, "scores": [int, ...]}]}

The definitions (docs/volgsysteem.md says the same for readers):

- a *learning community* is an initiative whose kind is in ``LEARNING_COMMUNITY_KINDS``;
- it is *stopped by* a year when its stopped year is that year or earlier, or when its life cycle is "stopped"
  without a stopped year (we cannot tell when, so it counts as stopped all along);
- it counts as *extra* for a target with a baseline (``started_after``) when its started year is after the baseline
  and not after the target year, and it was not stopped before the target year. Without a started year it cannot
  count as extra;
- *durable* is the life cycle "durable"; *HTSM* is topsector ``htsm`` among its classifications;
- its *rating* is the mean score of the answers to its latest closed survey (closes_on before today), rounded to one
  decimal as a report mark is, and only when that survey has at least ``SMALL_NUMBER`` answers.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from loket.fund.reports import SMALL_NUMBER, suppress

from .vocabulary import LEARNING_COMMUNITY_KINDS, Challenge, Lifecycle, Topsector

SCORES = range(1, 11)
# The Roadmap's baseline ("t.o.v. 2018"): what started in 2018 or before was already there.
ROADMAP_BASELINE = 2018

ROADMAP = _("Roadmap Human Capital Topsectoren 2020–2023 “Samen aan de slag”")
HTSM_AGENDA = _("Human Capital Actieagenda voor de topsector HTSM (juni 2020)")


@dataclass(frozen=True)
class Target:
    """A target from a document, with the conditions a learning community must meet to count for it."""

    key: str
    name: str
    number: int
    year: int
    scope: str
    source: str
    reference: str
    quote: str
    started_after: int | None = None
    topsector: str | None = None
    lifecycle: str | None = None
    min_rating: Decimal | None = None


TARGETS = (
    Target(
        key="national_extra",
        name=_("100 extra learning communities in 2023 ten opzichte van 2018"),
        number=100,
        year=2023,
        scope=_("Landelijk, alle topsectoren"),
        source=ROADMAP,
        reference=_("Hoofdstuk 2, “Beoogde resultaten in 2023”; hoofdstuk 3.1, “Beoogde opbrengsten van de programmalijn"
                    " ‘Vergroten van de impact’ in 2023”"),
        quote=_("In 2023 zijn er t.o.v. 2018 100 extra learning communities gerealiseerd: combinaties van leren en innoveren"
                " op de werkvloer van bedrijven én in het onderwijs, via Fieldlabs, Skillslabs, CoE's en CIV's."),
        started_after=ROADMAP_BASELINE,
    ),
    Target(
        key="htsm_durable_rated",
        name=_("Minimaal 20 duurzame en brede learning communities in HTSM, gewaardeerd met minimaal een 7,5"),
        number=20,
        year=2023,
        scope=_("Topsector HTSM"),
        source=HTSM_AGENDA,
        reference=_("Hoofdstuk 4, meetbare hoofddoelstelling 1"),
        quote=_("In de regio's minimaal 20 duurzame en brede learning communities gerelateerd aan de topsector HTSM"
                " […] Deze samenwerking wordt door de deelnemende partijen gewaardeerd met minimaal een 7,5."),
        topsector=Topsector.HTSM,
        lifecycle=Lifecycle.DURABLE,
        min_rating=Decimal("7.5"),
    ),
    Target(
        key="htsm_new",
        name=_("Minimaal 10 nieuwe learning communities in HTSM"),
        number=10,
        year=2023,
        scope=_("Topsector HTSM"),
        source=HTSM_AGENDA,
        reference=_("Hoofdstuk 5, actie 1 “Nieuwe learning communities”"),
        quote=_("Vanuit de topsector HTSM starten we minimaal 10 nieuwe learning communities. Zo dragen we bij aan de"
                " ambitie van de gezamenlijke topsectoren om te komen tot 100 nieuwe learning communities voor 2024."),
        # "Nieuw" for the agenda's own run (juni 2020 – december 2023): started in 2020 or later.
        started_after=2019,
        topsector=Topsector.HTSM,
    ),
)
NATIONAL = TARGETS[0]

NO_SURVEY = "no_survey"
TOO_FEW_ANSWERS = "too_few_answers"
RATING_REASONS = {
    NO_SURVEY: _("nog geen afgesloten enquête"),
    TOO_FEW_ANSWERS: _("te weinig antwoorden"),
}


def is_learning_community(kind):
    return kind in LEARNING_COMMUNITY_KINDS


def stopped_by(community, year):
    """Stopped in ``year`` or earlier; a "stopped" life cycle without a year counts as stopped all along."""
    stopped_year = community.get("stopped_year")
    if stopped_year is not None:
        return stopped_year <= year
    return community.get("lifecycle") == Lifecycle.STOPPED


def is_active(community, year):
    """Not stopped by ``year`` (this year, for the tables of now)."""
    return not stopped_by(community, year)


def is_extra(community, baseline, year):
    """Started after ``baseline``, by ``year``, and still there in ``year`` (not stopped before it)."""
    started = community.get("started_year")
    return started is not None and baseline < started <= year and not stopped_by(community, year - 1)


@dataclass(frozen=True)
class Rating:
    value: Decimal | None
    answers: int
    reason: str | None

    @property
    def reason_label(self):
        return RATING_REASONS.get(self.reason, "")


def mean_score(scores):
    """The mean as a report mark: one decimal, halves rounded up (7,45 → 7,5)."""
    return (Decimal(sum(scores)) / Decimal(len(scores))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate(surveys, today):
    """The rating from the latest survey closed before ``today``; None with a reason when there is none or it has
    fewer than SMALL_NUMBER answers (a mean of a handful of people could point at them)."""
    closed = [survey for survey in surveys if survey["closes_on"] < today]
    if not closed:
        return Rating(None, 0, NO_SURVEY)
    latest = max(closed, key=lambda survey: survey["closes_on"])
    scores = latest["scores"]
    if len(scores) < SMALL_NUMBER:
        return Rating(None, len(scores), TOO_FEW_ANSWERS)
    return Rating(mean_score(scores), len(scores), None)


def counts_for(community, target, rating=None):
    """Whether a learning community counts for ``target`` (``rating``: its ``Rating``, for targets with a minimum)."""
    if not is_learning_community(community["kind"]):
        return False
    if target.topsector and target.topsector not in community.get("topsectors", ()):
        return False
    if target.lifecycle and community.get("lifecycle") != target.lifecycle:
        return False
    if target.started_after is not None:
        if not is_extra(community, target.started_after, target.year):
            return False
    elif stopped_by(community, target.year - 1):
        return False
    if target.min_rating is not None and (rating is None or rating.value is None or rating.value < target.min_rating):
        return False
    return True


def progress(value, number):
    """What a progress bar and its text show: the bar never runs past full, the text tells the real value."""
    return {
        "value": value,
        "number": number,
        "bar": min(value, number),
        "percent": round(100 * value / number) if number else 0,
        "distance": max(number - value, 0),
        "reached": value >= number,
    }


def target_status(target, communities, ratings):
    """A target with its current value; ``ratings``: community id -> Rating."""
    counted = [c for c in communities if counts_for(c, target, ratings.get(c["id"]))]
    status = {"target": target, "counted": counted, **progress(len(counted), target.number)}
    if target.min_rating is not None:
        # The steps to the rated target, so its page can say where communities drop out.
        in_scope = [
            c for c in communities
            if (not target.topsector or target.topsector in c["topsectors"]) and not stopped_by(c, target.year - 1)
        ]  # fmt: skip
        durable = [c for c in in_scope if not target.lifecycle or c["lifecycle"] == target.lifecycle]
        rated = [c for c in durable if ratings.get(c["id"]) and ratings[c["id"]].value is not None]
        status["steps"] = {"in_scope": len(in_scope), "durable": len(durable), "rated": len(rated)}
    return status


def group_rows(communities, groups, keys_of, year, none_label=_("Geen"), target=NATIONAL):
    """Rows per group: active communities now and those counting as extra for ``target``.

    ``groups``: [(key, label)] in display order; ``keys_of(community)``: its keys (several for several topsectors,
    so it counts in each row). A community without any key counts in the row ``None`` ("geen"), shown only when
    there is one. The total counts every community once, so the rows may add up to more than the total.
    """
    parts = {key: {"active": 0, "extra": 0} for key, _label in groups}
    labels = dict(groups)
    for community in communities:
        keys = keys_of(community) or [None]
        active = is_active(community, year)
        extra = is_extra(community, target.started_after, target.year)
        for key in dict.fromkeys(keys):
            part = parts.setdefault(key, {"active": 0, "extra": 0})
            part["active"] += active
            part["extra"] += extra
    rows = []
    for key, part in parts.items():
        if key is None and not (part["active"] or part["extra"]):
            continue
        label = labels.get(key) or (key if key is not None else none_label)
        rows.append({"key": key, "label": label, **part, "progress": progress(part["extra"], target.number)})
    rows.sort(key=lambda row: row["key"] is None)
    total_active = sum(is_active(c, year) for c in communities)
    total_extra = sum(is_extra(c, target.started_after, target.year) for c in communities)
    return {
        "rows": rows,
        "total": {"active": total_active, "extra": total_extra, "progress": progress(total_extra, target.number)},
        "rows_add_up_to_more": sum(row["active"] for row in rows) > total_active
        or sum(row["extra"] for row in rows) > total_extra,
    }


def lifecycle_rows(communities):
    counts = {value: 0 for value in Lifecycle.values}
    for community in communities:
        counts[community["lifecycle"]] = counts.get(community["lifecycle"], 0) + 1
    return [{"key": value, "label": Lifecycle(value).label, "count": counts[value]} for value in Lifecycle.values]


def year_rows(communities, this_year, target=NATIONAL):
    """Per year: started, stopped, and the extra communities there in that year, against ``target``."""
    years = [c["started_year"] for c in communities if c.get("started_year")] + [target.started_after + 1]
    first = min(years)
    last = max([this_year, *years])
    rows = []
    for year in range(first, last + 1):
        extra = sum(
            1 for c in communities
            if c.get("started_year") is not None and target.started_after < c["started_year"] <= year and not stopped_by(c, year - 1)
        )  # fmt: skip
        rows.append({
            "year": year,
            "started": sum(1 for c in communities if c.get("started_year") == year),
            "stopped": sum(1 for c in communities if c.get("stopped_year") == year),
            "extra": extra,
            "progress": progress(extra, target.number),
        })  # fmt: skip
    return rows


def overview(communities, regions, today):
    """Everything the volgsysteem page and API show. ``regions``: [(code, name)] of the labour-market regions."""
    communities = [c for c in communities if is_learning_community(c["kind"])]
    year = today.year
    ratings = {c["id"]: rate(c.get("surveys", ()), today) for c in communities}
    return {
        "today": today,
        "communities": sorted(communities, key=lambda c: c["name"].lower()),
        "ratings": ratings,
        "targets": [target_status(target, communities, ratings) for target in TARGETS],
        "by_region": group_rows(
            communities, list(regions), lambda c: [c["region"]] if c.get("region") else [], year,
            none_label=_("Geen arbeidsmarktregio (heel Noord-Holland)"),
        ),
        "by_topsector": group_rows(
            communities, list(Topsector.choices), lambda c: c.get("topsectors", []), year, none_label=_("Geen topsector")
        ),
        "by_challenge": group_rows(
            communities, list(Challenge.choices), lambda c: c.get("challenges", []), year,
            none_label=_("Geen maatschappelijke uitdaging"),
        ),
        "by_lifecycle": lifecycle_rows(communities),
        "by_year": year_rows(communities, year),
        "without_started_year": sum(1 for c in communities if c.get("started_year") is None),
        "total": len(communities),
    }


# --- Survey results ---------------------------------------------------------------------------------------------


def survey_window(opens_on, closes_on, today):
    """"upcoming", "open" or "closed": answers are taken from ``opens_on`` up to and including ``closes_on``."""
    if today < opens_on:
        return "upcoming"
    if today > closes_on:
        return "closed"
    return "open"


def survey_results(scores, answer_lists, questions):
    """A survey's results as they may be shown: nothing but "< 10" answers below SMALL_NUMBER answers.

    From SMALL_NUMBER answers on: the mean, the number per score through ``suppress`` (so a score a handful of
    people gave reads "< 10"), and the open answers per question, sorted so their order does not tell who
    answered when, and apart from the scores so a text cannot be tied to a mark.
    """
    count = len(scores)
    if count < SMALL_NUMBER:
        return {"shown": False, "answers": suppress(count), "mean": None, "distribution": None, "open_answers": None}
    per_score = {score: 0 for score in SCORES}
    for score in scores:
        per_score[score] += 1
    open_answers = []
    for index, question in enumerate(questions):
        texts = [answers[index].strip() for answers in answer_lists if index < len(answers) and answers[index].strip()]
        open_answers.append({"question": question, "answers": sorted(texts, key=str.lower)})
    return {
        "shown": True,
        "answers": count,
        "mean": mean_score(scores),
        "distribution": [{"score": score, "count": suppress(per_score[score])} for score in SCORES],
        "open_answers": open_answers,
    }


# --- Survey input ------------------------------------------------------------------------------------------------

MAX_QUESTIONS = 10
MAX_QUESTION_LENGTH = 300
MAX_TITLE_LENGTH = 200
MAX_ANSWER_LENGTH = 2000


def survey_problems(title, questions, opens_on, closes_on, today):
    """[(field, Dutch message)] for a new survey; empty when it may be saved."""
    problems = []
    if not title.strip():
        problems.append(("title", _("Geef de enquête een titel.")))
    elif len(title) > MAX_TITLE_LENGTH:
        problems.append(("title", _("De titel mag hooguit %(max)d tekens lang zijn.") % {"max": MAX_TITLE_LENGTH}))
    if len(questions) > MAX_QUESTIONS:
        problems.append(("questions", _("Stel hooguit %(max)d open vragen.") % {"max": MAX_QUESTIONS}))
    if any(not question.strip() for question in questions):
        problems.append(("questions", _("Een open vraag mag niet leeg zijn.")))
    if any(len(question) > MAX_QUESTION_LENGTH for question in questions):
        problems.append(("questions", _("Een open vraag mag hooguit %(max)d tekens lang zijn.") % {"max": MAX_QUESTION_LENGTH}))
    if opens_on and closes_on and closes_on < opens_on:
        problems.append(("closes_on", _("De einddatum moet op of na de begindatum liggen.")))
    elif closes_on and closes_on < today:
        problems.append(("closes_on", _("De einddatum ligt in het verleden; dan kan niemand de enquête nog invullen.")))
    return problems


def score_problem(score):
    """The Dutch message for a score that is not a whole number from 1 to 10, or None."""
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        return _("Kies een rapportcijfer van 1 tot en met 10.")
    return None


def answer_problems(score, answers, questions):
    """[(field, Dutch message)] for an answer to a survey; open answers are optional."""
    problems = []
    if message := score_problem(score):
        problems.append(("score", message))
    if len(answers) > len(questions):
        problems.append(("answers", _("Er zijn meer antwoorden dan open vragen.")))
    if any(len(answer) > MAX_ANSWER_LENGTH for answer in answers):
        problems.append(("answers", _("Een antwoord mag hooguit %(max)d tekens lang zijn.") % {"max": MAX_ANSWER_LENGTH}))
    return problems
