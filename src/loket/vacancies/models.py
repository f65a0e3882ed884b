"""Demand: vacancies and learning-work places, announced outflow, and placements."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.taxonomy.sectors import NLQF_LEVELS, Sector


class VacancyKind(models.TextChoices):
    JOB = "job", _("Baan")
    INTERNSHIP = "internship", _("Stage")
    BBL = "bbl", _("BBL-plaats")
    OPEN_HIRING = "open_hiring", _("Open hiring")


class Importance(models.TextChoices):
    ESSENTIAL = "essential", _("Noodzakelijk")
    OPTIONAL = "optional", _("Gewenst")


class VacancyStatus(models.TextChoices):
    PLANNED = "planned", _("Nog niet open")
    OPEN = "open", _("Open")
    EXPIRED = "expired", _("Verlopen")
    FILLED = "filled", _("Vervuld")
    CLOSED = "closed", _("Gesloten")


class VacancyQuerySet(models.QuerySet):
    def open(self, on=None):
        on = on or timezone.localdate()
        return self.filter(opened_on__lte=on, filled_on__isnull=True, closed_on__isnull=True).filter(
            models.Q(valid_through__isnull=True) | models.Q(valid_through__gte=on)
        )


class Vacancy(models.Model):
    employer = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="vacancies", verbose_name=_("werkgever"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    kind = models.CharField(_("soort"), max_length=12, choices=VacancyKind.choices, default=VacancyKind.JOB)
    occupation = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("beroep (ESCO)"))
    nlqf_level = models.PositiveSmallIntegerField(_("gevraagd niveau (NLQF)"), choices=NLQF_LEVELS, null=True, blank=True)
    hours_min = models.PositiveSmallIntegerField(_("minimaal uur per week"), default=32)
    hours_max = models.PositiveSmallIntegerField(_("maximaal uur per week"), default=40)
    municipality = models.ForeignKey("geography.Municipality", on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("gemeente"))
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    climate_transition = models.BooleanField(_("werk voor de klimaattransitie"), default=False)
    opened_on = models.DateField(_("open vanaf"), default=timezone.localdate)
    # The last day to apply, as a JobPosting's validThrough: a vacancy past it
    # is no longer open, though nobody filled or closed it.
    valid_through = models.DateField(_("reageren kan tot en met"), null=True, blank=True)
    filled_on = models.DateField(_("vervuld op"), null=True, blank=True)
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    external_id = models.CharField(_("kenmerk bij de werkgever"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        ordering = ["-opened_on", "title"]
        indexes = [models.Index(fields=["filled_on", "closed_on", "opened_on"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        today = timezone.localdate()
        return (
            self.filled_on is None
            and self.closed_on is None
            and self.opened_on <= today
            and (self.valid_through is None or self.valid_through >= today)
        )

    @property
    def status(self):
        today = timezone.localdate()
        if self.filled_on is not None:
            return VacancyStatus.FILLED
        if self.closed_on is not None:
            return VacancyStatus.CLOSED
        if self.opened_on > today:
            return VacancyStatus.PLANNED
        if self.valid_through is not None and self.valid_through < today:
            return VacancyStatus.EXPIRED
        return VacancyStatus.OPEN

    @property
    def region(self):
        return self.municipality.region


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill"))
    importance = models.CharField(_("belang"), max_length=10, choices=Importance.choices, default=Importance.ESSENTIAL)

    class Meta:
        verbose_name = _("gevraagde skill")
        verbose_name_plural = _("gevraagde skills")
        constraints = [models.UniqueConstraint(fields=["vacancy", "skill"], name="unique_vacancy_skill")]


class OutflowAnnouncement(models.Model):
    """An employer expects to let a group go and wants the loket to find them work elsewhere."""

    employer = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="outflow_announcements", verbose_name=_("werkgever"))
    occupation = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+", verbose_name=_("beroep (ESCO)"))
    people = models.PositiveIntegerField(_("aantal mensen"))
    expected_on = models.DateField(_("verwacht op"))
    region = models.ForeignKey("geography.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("arbeidsmarktregio"))
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aangekondigde uitstroom")
        verbose_name_plural = _("aangekondigde uitstroom")
        ordering = ["expected_on"]


class PreviousSituation(models.TextChoices):
    EMPLOYED = "employed", _("Werkend")
    JOB_SEEKER = "job_seeker", _("Werkzoekend")
    STUDENT = "student", _("Student of scholier")
    OTHER = "other", _("Anders")


class Placement(models.Model):
    """Someone started in a vacancy. What the dashboard counts as work-to-work and side entry.

    The person link is cleared when their account is deleted; the occupation,
    sector and situation they came from stay, because they are not personal on their own.
    """

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="placements", verbose_name=_("vacature"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements", verbose_name=_("persoon"))
    previous_situation = models.CharField(_("kwam uit"), max_length=12, choices=PreviousSituation.choices, default=PreviousSituation.EMPLOYED)
    previous_occupation = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vorig beroep (ESCO)")
    )
    previous_sector = models.CharField(_("vorige sector"), max_length=1, choices=Sector.choices, blank=True)
    outflow = models.ForeignKey(OutflowAnnouncement, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements", verbose_name=_("uit aangekondigde uitstroom"))
    started_on = models.DateField(_("begonnen op"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-started_on"]
