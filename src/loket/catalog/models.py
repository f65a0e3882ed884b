"""The training catalogue: providers, their courses and the offerings of each course, and learning routes.

Courses and offerings follow the Open Education API (OOAPI v5): a *course* is
what is taught (title, skills, level, study load), an *offering* is one run of
it (dates, price, place, modality). ``ooapi_id`` is the identifier the
provider's OOAPI endpoint uses, so an import updates instead of duplicating.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from loket.taxonomy.sectors import NLQF_LEVELS


class ProviderKind(models.TextChoices):
    ROC = "roc", _("ROC of AOC (mbo)")
    HOGESCHOOL = "hogeschool", _("Hogeschool")
    UNIVERSITY = "university", _("Universiteit")
    PRIVATE = "private", _("Particuliere opleider")
    CAMPUS = "campus", _("Campus")
    FIELDLAB = "fieldlab", _("Fieldlab")


class Recognition(models.TextChoices):
    OCW = "ocw", _("Erkend door OCW (bekostigd of aangewezen)")
    NRTO = "nrto", _("NRTO-keurmerk")
    NLQF = "nlqf", _("NLQF-ingeschaald")
    CEDEO = "cedeo", _("CEDEO-erkenning")
    CRKBO = "crkbo", _("CRKBO-registratie")
    NVAO = "nvao", _("NVAO-accreditatie")


class CourseLevel(models.TextChoices):
    """OOAPI v5 ``level`` for the Dutch qualifications a catalogue offers, plus unspecified."""

    MBO1 = "secondary vocational education 1", _("mbo 1")
    MBO2 = "secondary vocational education 2", _("mbo 2")
    MBO3 = "secondary vocational education 3", _("mbo 3")
    MBO4 = "secondary vocational education 4", _("mbo 4")
    ASSOCIATE = "associate degree", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    UNSPECIFIED = "undefined", _("Geen niveau")


# The NLQF (= EQF) level a course level stands for.
NLQF_OF_LEVEL = {
    CourseLevel.MBO1: 1, CourseLevel.MBO2: 2, CourseLevel.MBO3: 3, CourseLevel.MBO4: 4,
    CourseLevel.ASSOCIATE: 5, CourseLevel.BACHELOR: 6, CourseLevel.MASTER: 7,
}  # fmt: skip


class TeachingLanguage(models.TextChoices):
    # ISO 639-3, as OOAPI's teachingLanguage.
    DUTCH = "nld", _("Nederlands")
    ENGLISH = "eng", _("Engels")
    GERMAN = "deu", _("Duits")


class Modality(models.TextChoices):
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybride")
    ON_SITE = "on_site", _("Op locatie")


class Fund(models.TextChoices):
    """Who may pay for a course; the development fund (issue 5) keys its budgets' rules on these."""

    DEVELOPMENT_ACCOUNT = "development_account", _("Persoonlijke ontwikkelrekening (regionaal ontwikkelfonds)")
    LLO_CREDIT = "llo_credit", _("Levenlanglerenkrediet (DUO)")
    SECTOR_FUND = "sector_fund", _("O&O-fonds van de sector")
    EMPLOYER = "employer", _("Werkgever")
    MUNICIPALITY = "municipality", _("Gemeente")


class CoursePurpose(models.TextChoices):
    """What a course is for; a development-fund voucher pays only for its own purpose (issue 5)."""

    TRAINING = "training", _("Scholing")
    ORIENTATION = "orientation", _("Oriëntatie")
    GUIDANCE = "guidance", _("Begeleiding")


class Provider(models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="provider", verbose_name=_("organisatie")
    )
    kind = models.CharField(_("soort opleider"), max_length=12, choices=ProviderKind.choices)
    recognitions = models.JSONField(_("erkenningen"), default=list, blank=True, help_text=_("Waarden uit Recognition."))
    brin = models.CharField(
        _("BRIN-code"), max_length=4, blank=True,
        validators=[RegexValidator(r"^[0-9A-Z]{4}$", _("Een BRIN-code heeft vier tekens, cijfers of hoofdletters."))],
    )
    municipality = models.ForeignKey(
        "geography.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("vestiging")
    )
    description = models.TextField(_("omschrijving"), blank=True)
    # Set by the fund's administrators (issue 5): only approved providers can be paid from a budget.
    approved = models.BooleanField(_("goedgekeurd door het ontwikkelfonds"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opleider")
        verbose_name_plural = _("opleiders")
        ordering = ["organisation__name"]

    def __str__(self):
        return self.organisation.name


class Course(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="courses", verbose_name=_("opleider"))
    ooapi_id = models.UUIDField(_("OOAPI-id"), default=uuid.uuid4, unique=True)
    code = models.CharField(_("code bij de opleider"), max_length=64, blank=True)
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=250)
    title_en = models.CharField(_("titel (Engels)"), max_length=250, blank=True)
    description_nl = models.TextField(_("omschrijving (Nederlands)"), blank=True)
    description_en = models.TextField(_("omschrijving (Engels)"), blank=True)
    teaching_language = models.CharField(
        _("voertaal"), max_length=3, choices=TeachingLanguage.choices, default=TeachingLanguage.DUTCH
    )
    level = models.CharField(_("niveau"), max_length=40, choices=CourseLevel.choices, default=CourseLevel.UNSPECIFIED)
    nlqf_level = models.PositiveSmallIntegerField(_("NLQF-niveau"), choices=NLQF_LEVELS, null=True, blank=True)
    crebo = models.CharField(
        _("CREBO-code"), max_length=5, blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Een CREBO-code heeft vijf cijfers."))],
    )
    croho = models.CharField(
        _("CROHO-code"), max_length=5, blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Een CROHO-code heeft vijf cijfers."))],
    )
    isced_f = models.CharField(
        _("ISCED-F-richting"), max_length=4, blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Een ISCED-F-code heeft vier cijfers."))],
    )
    study_hours = models.PositiveIntegerField(
        _("studiebelasting (uren)"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    purpose = models.CharField(_("doel"), max_length=12, choices=CoursePurpose.choices, default=CoursePurpose.TRAINING)
    recognised = models.BooleanField(_("erkend"), default=False)
    recognised_by = models.CharField(_("erkend door"), max_length=200, blank=True)
    funds = models.JSONField(_("te betalen uit"), default=list, blank=True, help_text=_("Waarden uit Fund."))
    skills = models.ManyToManyField(
        "taxonomy.Concept", through="CourseSkill", related_name="courses", verbose_name=_("vaardigheden die je leert")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")
        ordering = ["title_nl", "id"]

    def __str__(self):
        return self.title_nl

    def _in_page_language(self, dutch, english):
        """(text, language): the English text on English pages when the course has one, else the Dutch."""
        if english and (get_language() or "").startswith("en"):
            return english, "en"
        return dutch, "nl"

    @property
    def title(self):
        return self._in_page_language(self.title_nl, self.title_en)[0]

    @property
    def title_language(self):
        return self._in_page_language(self.title_nl, self.title_en)[1]

    @property
    def description(self):
        return self._in_page_language(self.description_nl, self.description_en)[0]

    @property
    def description_language(self):
        return self._in_page_language(self.description_nl, self.description_en)[1]

    def clean(self):
        errors = {}
        expected = NLQF_OF_LEVEL.get(self.level)
        if self.nlqf_level is not None and expected is not None and self.nlqf_level != expected:
            errors["nlqf_level"] = _("Bij dit niveau hoort NLQF-niveau %(level)s.") % {"level": expected}
        if self.recognised_by and not self.recognised:
            errors["recognised_by"] = _("Vul 'erkend door' alleen in als de opleiding erkend is.")
        unknown_funds = [fund for fund in self.funds or [] if fund not in Fund.values]
        if unknown_funds:
            errors["funds"] = _("Onbekende financiering: %(funds)s.") % {"funds": ", ".join(map(str, unknown_funds))}
        if errors:
            raise ValidationError(errors)


class CourseSkill(models.Model):
    """A learning outcome of a course, as an ESCO skill."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_skills")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "skill"], name="unique_course_skill")]


class OfferingQuerySet(models.QuerySet):
    def bookable(self, on=None):
        """Offerings not cancelled that one can still enrol in on *on*."""
        on = on or timezone.localdate()
        return self.filter(cancelled=False, start_date__gte=on).filter(
            models.Q(enrol_end__isnull=True) | models.Q(enrol_end__gte=on)
        )


class Offering(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("opleiding"))
    ooapi_id = models.UUIDField(_("OOAPI-id"), default=uuid.uuid4, unique=True)
    code = models.CharField(_("code bij de opleider"), max_length=64, blank=True)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"))
    enrol_start = models.DateField(_("inschrijven vanaf"), null=True, blank=True)
    enrol_end = models.DateField(_("inschrijven tot en met"), null=True, blank=True)
    price_cents = models.PositiveIntegerField(_("prijs inclusief btw (centen)"))
    modality = models.CharField(_("vorm"), max_length=8, choices=Modality.choices)
    municipality = models.ForeignKey(
        "geography.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="offerings",
        verbose_name=_("gemeente"), help_text=_("Verplicht, behalve bij online."),
    )
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("plaatsen"), null=True, blank=True)
    cancelled = models.BooleanField(_("geannuleerd"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["start_date", "cancelled"]), models.Index(fields=["price_cents"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="offering_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.course} ({self.start_date:%d-%m-%Y})"

    def clean(self):
        errors = {}
        if self.modality != Modality.ONLINE and self.municipality_id is None:
            errors["municipality"] = _("Kies een gemeente; alleen online aanbod heeft geen plaats.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt voor de startdatum.")
        if self.enrol_start and self.enrol_end and self.enrol_end < self.enrol_start:
            errors["enrol_end"] = _("Inschrijven sluit voordat het opent.")
        elif self.enrol_end and self.start_date and self.enrol_end > self.start_date:
            errors["enrol_end"] = _("Inschrijven moet uiterlijk op de startdatum sluiten.")
        if self.enrol_start and self.start_date and self.enrol_start > self.start_date and "enrol_end" not in errors:
            errors["enrol_start"] = _("Inschrijven moet openen voor de startdatum.")
        if errors:
            raise ValidationError(errors)


class LearningRoute(models.Model):
    """A route a person saved: offerings that close the gap to a goal, and what stays uncovered.

    It belongs to the person: it goes with the passport's export and deletion.
    """

    class Method(models.TextChoices):
        EXACT = "exact", _("Exact (MILP)")
        GREEDY = "greedy", _("Benadering (greedy)")

    passport = models.ForeignKey("passport.Passport", on_delete=models.CASCADE, related_name="learning_routes")
    goal_vacancy = models.ForeignKey(
        "vacancies.Vacancy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("doel: vacature")
    )
    goal_occupation = models.ForeignKey(
        "taxonomy.Concept", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("doel: beroep")
    )
    goal_label = models.CharField(_("doel"), max_length=250)
    offerings = models.ManyToManyField(Offering, related_name="routes", verbose_name=_("aanbod"))
    missing_skills = models.JSONField(_("ontbrekende vaardigheden"), default=list)  # concept ids
    uncovered_skills = models.JSONField(_("niet gedekte vaardigheden"), default=list)  # concept ids
    total_price_cents = models.PositiveIntegerField(_("totale prijs (centen)"))
    total_hours = models.PositiveIntegerField(_("totale studiebelasting (uren)"))
    budget_cents = models.PositiveIntegerField(_("budget (centen)"), null=True, blank=True)
    wishes = models.JSONField(_("wensen"), default=dict, blank=True)
    # What each offering was when the route was saved ({offering id: course, provider, dates,
    # price, hours, modality, municipality}): the route keeps saying what the person chose
    # when an offering later changes, is cancelled or is removed.
    snapshot = models.JSONField(_("momentopname van het aanbod"), default=dict, blank=True)
    method = models.CharField(_("methode"), max_length=8, choices=Method.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leerroute")
        verbose_name_plural = _("leerroutes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.goal_label
