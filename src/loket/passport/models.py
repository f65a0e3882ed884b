"""The skills passport: what a person can do, has done and wants, owned by that person.

Nothing here is shown to anyone else without a ``Consent``; every view by
someone else leaves an ``AccessLogEntry`` the person can read.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.taxonomy.sectors import NLQF_LEVELS, Sector


class Section(models.TextChoices):
    """The parts of a passport a person can choose to show."""

    SKILLS = "skills", _("Skills")
    WORK_HISTORY = "work_history", _("Werkervaring")
    EDUCATION = "education", _("Opleidingen")
    WISHES = "wishes", _("Wensen")
    CONTACT = "contact", _("Naam en contactgegevens")


def section_labels(values):
    """The labels of the sections in ``values``, in the passport's order."""
    return [section.label for section in Section if section.value in values]


# Shown in anonymous candidate lists when a person makes themselves findable:
# never a name or contact details, which need an accepted contact request.
FINDABLE_SECTIONS = [Section.SKILLS, Section.WORK_HISTORY, Section.EDUCATION, Section.WISHES]


def default_findable_sections():
    return [section.value for section in FINDABLE_SECTIONS]


class Passport(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passport")
    headline = models.CharField(_("korte omschrijving"), max_length=200, blank=True)
    home_municipality = models.ForeignKey(
        "geography.Municipality", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("woonplaats (gemeente)")
    )
    max_travel_km = models.PositiveSmallIntegerField(_("maximale reisafstand (km)"), default=25)
    regions = models.ManyToManyField("geography.Region", blank=True, verbose_name=_("ook werken in deze regio's"))
    hours_min = models.PositiveSmallIntegerField(_("minimaal uur per week"), default=0)
    hours_max = models.PositiveSmallIntegerField(_("maximaal uur per week"), default=40)
    sectors = models.JSONField(_("sectoren"), default=list, blank=True, help_text=_("SBI-secties, leeg is alle sectoren."))
    open_to_work_to_work = models.BooleanField(_("open voor een overstap naar ander werk"), default=True)
    open_to_internship = models.BooleanField(_("open voor een stage"), default=False)
    open_to_bbl = models.BooleanField(_("open voor een BBL-plaats"), default=False)
    findable = models.BooleanField(
        _("vindbaar voor werkgevers"), default=False, help_text=_("Werkgevers zien u zonder naam tot u een contactverzoek accepteert.")
    )
    findable_sections = models.JSONField(_("zichtbaar als u vindbaar bent"), default=default_findable_sections, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("skillspaspoort")
        verbose_name_plural = _("skillspaspoorten")

    def __str__(self):
        return str(self.user)

    @property
    def education_level(self):
        """The highest NLQF level completed, or None."""
        return self.education.aggregate(level=models.Max("nlqf_level"))["level"]


class Proficiency(models.IntegerChoices):
    BASIC = 1, _("Basis")
    COMPETENT = 2, _("Zelfstandig")
    PROFICIENT = 3, _("Gevorderd")
    EXPERT = 4, _("Expert")


class Evidence(models.TextChoices):
    SELF = "self", _("Eigen opgave")
    DIPLOMA = "diploma", _("Diploma")
    CERTIFICATE = "certificate", _("Certificaat")
    WORK_EXPERIENCE = "work_experience", _("Werkervaring")
    ASSESSMENT = "assessment", _("Assessment")
    ENDORSEMENT = "endorsement", _("Verklaring van werkgever of school")


class SkillSource(models.TextChoices):
    MANUAL = "manual", _("Zelf gekozen")
    OCCUPATION = "occupation", _("Voorgesteld bij een beroep")
    CV = "cv", _("Gevonden in een cv")
    CREDENTIAL = "credential", _("Uit een ondertekende verklaring")


class PassportSkill(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    proficiency = models.PositiveSmallIntegerField(_("niveau"), choices=Proficiency.choices, default=Proficiency.COMPETENT)
    evidence = models.CharField(_("bewijs"), max_length=20, choices=Evidence.choices, default=Evidence.SELF)
    evidence_date = models.DateField(_("datum van het bewijs"), null=True, blank=True)
    evidence_note = models.CharField(_("toelichting bij het bewijs"), max_length=300, blank=True)
    source = models.CharField(_("herkomst"), max_length=12, choices=SkillSource.choices, default=SkillSource.MANUAL)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("skill in paspoort")
        verbose_name_plural = _("skills in paspoort")
        constraints = [models.UniqueConstraint(fields=["passport", "skill"], name="unique_passport_skill")]


class WorkExperience(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="work_history")
    occupation = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("beroep"))
    employer_name = models.CharField(_("werkgever"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices, blank=True)
    started_on = models.DateField(_("begonnen op"), null=True, blank=True)
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True, help_text=_("Leeg als u hier nog werkt."))

    class Meta:
        verbose_name = _("werkervaring")
        verbose_name_plural = _("werkervaring")
        ordering = ["-started_on"]


class Education(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="education")
    title = models.CharField(_("opleiding"), max_length=200)
    institution = models.CharField(_("school of instelling"), max_length=200, blank=True)
    nlqf_level = models.PositiveSmallIntegerField(_("NLQF/EQF-niveau"), choices=NLQF_LEVELS)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")
        ordering = ["-completed_on"]


class ConsentQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return (
            self.filter(revoked_at__isnull=True)
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=at))
            # A bulk removal in SQL clears the key of a deleted vacancy without
            # revoking; its kept title stops that reading as "all vacancies".
            .filter(models.Q(vacancy__isnull=False) | models.Q(vacancy_title=""))
        )


class Consent(models.Model):
    """Permission, given by the person, for one named organisation to see parts of the passport for one purpose."""

    class Purpose(models.TextChoices):
        VACANCY = "vacancy", _("Sollicitatie op een vacature")
        COACHING = "coaching", _("Loopbaanbegeleiding")

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="consents", verbose_name=_("organisatie"))
    purpose = models.CharField(_("doel"), max_length=12, choices=Purpose.choices)
    # SET_NULL keeps the person's record of the consent when the vacancy is
    # deleted; a pre_delete signal revokes it first, so it ends rather than
    # becoming a consent for all the organisation's vacancies.
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.SET_NULL, null=True, blank=True, related_name="consents")
    vacancy_title = models.CharField(
        _("titel van de vacature"), max_length=200, blank=True,
        help_text=_("Bewaard zodat de toestemming blijft zeggen voor welke vacature ze was, ook als die is verwijderd."),
    )
    sections = models.JSONField(_("zichtbaar"), default=list)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-granted_at"]

    def save(self, *args, **kwargs):
        if self.vacancy_id is not None and not self.vacancy_title:
            self.vacancy_title = self.vacancy.title
        super().save(*args, **kwargs)

    def is_active(self, at=None):
        at = at or timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > at)
            and not self.vacancy_deleted
        )

    @property
    def last_day(self):
        """The last local date the consent is valid (inclusive), or None if it has no end.

        ``expires_at`` is the first moment it no longer holds: midnight after
        the day the person chose, which read as a date would be a day late.
        """
        if self.expires_at is None:
            return None
        return timezone.localtime(self.expires_at - datetime.timedelta(microseconds=1)).date()

    @property
    def vacancy_deleted(self):
        """Given for one vacancy that no longer exists (never: for all the organisation's vacancies)."""
        return self.vacancy_id is None and bool(self.vacancy_title)

    @property
    def section_labels(self):
        return section_labels(self.sections)


# Looks that need no consent but are logged all the same: an employer saw the
# person, without name, in the candidates for a vacancy because they are findable.
LOGGED_WITHOUT_CONSENT = {"candidate_list": _("Anoniem, in de kandidaten voor een vacature")}


class AccessLogEntry(models.Model):
    """One look at a passport by someone other than its owner.

    Names are copied so the entry still says who looked after that account or
    organisation is gone.
    """

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="access_log")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    viewer_name = models.CharField(max_length=200)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+")
    organisation_name = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=40)
    sections = models.JSONField(default=list)
    consent = models.ForeignKey(Consent, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzages")
        ordering = ["-at"]

    @property
    def purpose_label(self):
        if self.purpose in Consent.Purpose.values:
            return Consent.Purpose(self.purpose).label
        return LOGGED_WITHOUT_CONSENT.get(self.purpose, self.purpose)

    @property
    def section_labels(self):
        return section_labels(self.sections)


class ErasureRecord(models.Model):
    """What is left of a deleted account: a date and counts, nothing that points to the person."""

    erased_on = models.DateField(default=timezone.localdate)
    had_passport = models.BooleanField(default=False)
    was_findable = models.BooleanField(default=False)
    skill_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("verwijderd account")
        verbose_name_plural = _("verwijderde accounts")
