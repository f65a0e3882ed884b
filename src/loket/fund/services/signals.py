"""Fraud signals from the database: plain data loaded in bulk for ``fund.fraud.detect``, and the administrators' reviews."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.roles import Role
from loket.catalog.models import CourseSkill, Offering, Provider
from loket.ids import row_id

from .. import fraud
from ..models import Budget, Enrolment, SignalReview
from . import audit
from .ledger_ops import FundError

SUBJECT_KINDS = ("provider", "offering", "address", "budget")
CODES = (
    "price_near_ceiling", "budget_near_ceiling", "enrolment_burst", "many_per_address", "price_outlier",
    "completion_without_attendance", "price_raised",
)  # fmt: skip


def load():
    """(enrolments, offerings, providers, budgets) as fraud.detect takes them: five queries, whatever the size."""
    enrolments = [
        {
            "id": row["id"], "passport_id": row["passport_id"], "address_key": row["passport__fund_participant__address_key"],
            "offering_id": row["offering_id"], "provider_id": row["offering__course__provider_id"], "budget_id": row["budget_id"],
            "price_cents": row["price_cents"], "status": row["status"], "attendance_percent": row["attendance_percent"],
            "enrolled_on": timezone.localdate(row["created_at"]),
        }  # fmt: skip
        for row in Enrolment.objects.values(
            "id", "passport_id", "passport__fund_participant__address_key", "offering_id", "offering__course__provider_id",
            "budget_id", "price_cents", "status", "attendance_percent", "created_at",
        )
    ]
    skills = defaultdict(set)
    for course_id, skill_id in CourseSkill.objects.values_list("course_id", "skill_id"):
        skills[course_id].add(skill_id)
    offerings = [
        {
            "id": row["id"], "provider_id": row["course__provider_id"], "title": row["course__title_nl"],
            "price_cents": row["price_cents"], "study_hours": row["course__study_hours"],
            "skills": frozenset(skills.get(row["course_id"], ())), "cancelled": row["cancelled"],
        }  # fmt: skip
        for row in Offering.objects.values(
            "id", "course_id", "course__provider_id", "course__title_nl", "price_cents", "course__study_hours", "cancelled"
        )
    ]
    providers = dict(Provider.objects.values_list("id", "organisation__name"))
    budgets = {row["id"]: row for row in Budget.objects.values("id", "name", "max_price_cents")}
    return enrolments, offerings, providers, budgets


def latest_reviews(pairs):
    """(code, subject) -> the latest SignalReview, for those pairs."""
    pairs = set(pairs)
    latest = {}
    if not pairs:
        return latest
    codes = {code for code, _subject in pairs}
    subjects = {subject for _code, subject in pairs}
    for review in SignalReview.objects.filter(code__in=codes, subject__in=subjects).select_related("reviewed_by"):
        pair = (review.code, review.subject)
        if pair in pairs and pair not in latest:  # ordered newest first (Meta.ordering)
            latest[pair] = review
    return latest


def current_signals(today=None):
    """Every signal now, each with ``.review``: the latest SignalReview of its (code, subject), or None."""
    today = today or timezone.localdate()
    signals = fraud.detect(*load(), today=today)
    reviews = latest_reviews((signal.code, signal.subject) for signal in signals)
    for signal in signals:
        signal.review = reviews.get((signal.code, signal.subject))
    return signals


def _provider_of(subject):
    kind, _sep, value = subject.partition(":")
    pk = row_id(value)  # str.isdigit() also passes "²" and ids beyond a bigint
    if pk is None:
        return None
    if kind == "provider":
        return Provider.objects.filter(pk=pk).first()
    if kind == "offering":
        offering = Offering.objects.select_related("course__provider").filter(pk=pk).first()
        return offering.course.provider if offering else None
    return None


def review_signal(code, subject, *, verdict, note, user):
    """Record a fund administrator's verdict. BLOCKED on a provider (or one of its offerings) withdraws the provider's
    approval, so the fund can no longer pay it (ledger_ops.hold refuses unapproved providers)."""
    if user is None or not user.has_role(Role.FUND_ADMIN):
        raise FundError(_("Alleen een fondsbeheerder kan signalen beoordelen."))
    if code not in CODES:
        raise FundError(_("Onbekend signaal: %(code)s.") % {"code": code})
    kind, sep, value = (subject or "").partition(":")
    if kind not in SUBJECT_KINDS or not sep or not value or len(subject) > 100:
        raise FundError(_("Onbekend onderwerp van een signaal: %(subject)s.") % {"subject": subject})
    if verdict not in SignalReview.Verdict.values:
        raise FundError(_("Kies een oordeel: in orde, onderzoeken of opleider blokkeren."))
    note = (note or "").strip()
    if len(note) > 1000:
        raise FundError(_("De toelichting is te lang (hoogstens 1000 tekens)."))
    provider = None
    if verdict == SignalReview.Verdict.BLOCKED:
        provider = _provider_of(subject)
        if provider is None:
            raise FundError(_("Alleen een opleider of een aanbod van een opleider kan worden geblokkeerd."))
    with transaction.atomic():
        review = SignalReview.objects.create(code=code, subject=subject, verdict=verdict, note=note, reviewed_by=user)
        audit.record(user, "signal_review", review, code=code, subject=subject, verdict=verdict, note=note)
        if provider is not None:
            Provider.objects.filter(pk=provider.pk).update(approved=False)
            audit.record(user, "provider_blocked", provider, code=code, subject=subject, review=review.pk, was_approved=provider.approved)
    return review
