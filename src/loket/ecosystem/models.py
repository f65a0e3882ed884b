"""The ecosystem of Noord-Holland ("talentinfrastructuur"): organisations, initiatives and their partners,
the startcoalities' action agenda, and the volgsysteem for learning communities (surveys, good practices,
the Actiescan).

The registry is public: nothing of a person is stored here beyond an initiative's published contact and the
name an editor writes a status update under. Survey answers carry no identity at all.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.geography.models import Municipality, Region

from .vocabulary import InitiativeKind, Lifecycle, OrganisationKind, PartnerRole, Scheme


class Source(models.Model):
    """A document facts in the registry come from, so every fact can be traced to its page."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    publisher = models.CharField(_("uitgever"), max_length=200, blank=True)
    published = models.DateField(_("verschenen op"), null=True, blank=True)
    url = models.URLField(_("adres"), blank=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ["-published", "title"]

    def __str__(self):
        return self.title


class Classification(models.Model):
    """One code of one scheme (a theme, programme line, topsector, societal challenge or SDG).

    The labels live in ``vocabulary``; this table only lets initiatives and good practices be filtered by
    any of them on SQLite and PostgreSQL alike.
    """

    scheme = models.CharField(_("indeling"), max_length=20, choices=Scheme.choices)
    code = models.CharField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("indeling")
        verbose_name_plural = _("indelingen")
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_classification")]

    def __str__(self):
        from .vocabulary import label

        return f"{self.get_scheme_display()}: {label(self.scheme, self.code) or self.code}"


class Organisation(models.Model):
    """A party in the ecosystem: company, school, government, branch organisation, O&O fund, knowledge institute.

    Separate from ``accounts.Organisation`` (who may log in and act); ``account`` links the two when the
    party also works in the loket, so its managers can edit the initiatives it leads.
    """

    slug = models.SlugField(_("korte naam in adressen"), max_length=100, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    short_name = models.CharField(_("afkorting"), max_length=40, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    description_nl = models.TextField(_("beschrijving (Nederlands)"), blank=True)
    description_en = models.TextField(_("beschrijving (Engels)"), blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="ecosystem_organisations", verbose_name=_("gemeente")
    )
    website = models.URLField(_("website"), blank=True)
    account = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ecosystem_entries",
        verbose_name=_("organisatie in het loket"),
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations", verbose_name=_("bron"))
    source_reference = models.CharField(_("vindplaats in de bron"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Initiative(models.Model):
    """A partnership, campus, fieldlab, learning community, coalition or programme.

    Coalitions use ``number``, ``goal``, ``intended_output`` and ``intended_impact`` and carry milestones
    and status updates (the action agenda); learning communities are counted by the volgsysteem.
    """

    slug = models.SlugField(_("korte naam in adressen"), max_length=100, unique=True)
    name = models.CharField(_("naam"), max_length=300)
    short_name = models.CharField(_("afkorting"), max_length=40, blank=True)
    number = models.CharField(
        _("nummer"), max_length=8, blank=True, help_text=_("Het nummer van een startcoalitie in het manifest, bijvoorbeeld 5a.")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=InitiativeKind.choices)
    lifecycle = models.CharField(_("levensfase"), max_length=10, choices=Lifecycle.choices, default=Lifecycle.IDEA)
    description_nl = models.TextField(_("beschrijving (Nederlands)"))
    description_en = models.TextField(_("beschrijving (Engels)"), blank=True)
    goal = models.TextField(_("doel"), blank=True)
    intended_output = models.TextField(_("beoogde output"), blank=True)
    intended_impact = models.TextField(_("beoogde impact"), blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives", verbose_name=_("arbeidsmarktregio"),
        help_text=_("Leeg voor een initiatief in heel Noord-Holland."),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives", verbose_name=_("gemeente")
    )
    # A place more precise than the municipality's centre (a campus's building); empty: the municipality's.
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    classifications = models.ManyToManyField(Classification, blank=True, related_name="initiatives", verbose_name=_("indelingen"))
    started_year = models.PositiveSmallIntegerField(
        _("gestart in (jaar)"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    stopped_year = models.PositiveSmallIntegerField(
        _("gestopt in (jaar)"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mailadres contact"), blank=True)
    contact_phone = models.CharField(_("telefoon contact"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    links = models.JSONField(
        _("meer links"), default=list, blank=True, help_text=_("Lijst van {\"label\": ..., \"url\": ...}.")
    )
    partners = models.ManyToManyField(Organisation, through="Partner", related_name="initiatives", verbose_name=_("partners"))
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="edited_initiatives", verbose_name=_("redacteuren"),
        help_text=_("Leden van het initiatief die het mogen bijwerken."),
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives", verbose_name=_("bron"))
    source_reference = models.CharField(_("vindplaats in de bron"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "lifecycle"])]

    def __str__(self):
        return f"{self.number}. {self.name}" if self.number else self.name

    def codes(self, scheme):
        """The codes of one scheme, from prefetched classifications when there are any."""
        return sorted(c.code for c in self.classifications.all() if c.scheme == scheme)

    @property
    def aanjagers(self):
        return [p.organisation for p in self.partner_roles.all() if p.role == PartnerRole.LEAD]


class Partner(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partner_roles", verbose_name=_("initiatief"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partner_roles", verbose_name=_("organisatie"))
    role = models.CharField(_("rol"), max_length=12, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["role", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["initiative", "organisation", "role"], name="unique_partner_role")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}) @ {self.initiative}"


# --- Action agenda -----------------------------------------------------------------------------------------


class Milestone(models.Model):
    """A dated step of a coalition, as the manifest gives it ("Q2 2021 Purpose Case")."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("initiatief"))
    title = models.CharField(_("mijlpaal"), max_length=200)
    due_label = models.CharField(_("gepland (zoals in de bron)"), max_length=40, blank=True, help_text=_("Bijvoorbeeld Q2 2021."))
    due_date = models.DateField(_("uiterlijk op"))
    done_on = models.DateField(_("gehaald op"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["initiative", "due_date", "order"]

    def __str__(self):
        return f"{self.title} ({self.due_label or self.due_date})"


class UpdateStatus(models.TextChoices):
    ON_TRACK = "on_track", _("Op schema")
    AT_RISK = "at_risk", _("Risico")
    LATE = "late", _("Achter op schema")
    DONE = "done", _("Klaar")


class StatusUpdate(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="status_updates", verbose_name=_("initiatief"))
    date = models.DateField(_("datum"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("auteur")
    )
    # Kept when the author's account is deleted: the agenda's history is the partnership's, not the person's.
    author_name = models.CharField(_("naam auteur"), max_length=200)
    status = models.CharField(_("stand van zaken"), max_length=10, choices=UpdateStatus.choices)
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voortgangsbericht")
        verbose_name_plural = _("voortgangsberichten")
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return f"{self.initiative} {self.date}: {self.get_status_display()}"


# --- Volgsysteem ---------------------------------------------------------------------------------------------


def survey_token():
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    """A participant survey of a learning community, answered through a link without an account."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("initiatief"))
    title = models.CharField(_("titel"), max_length=200)
    token = models.CharField(_("code in de link"), max_length=40, unique=True, default=survey_token, editable=False)
    questions = models.JSONField(_("open vragen"), default=list, blank=True, help_text=_("Lijst van vragen als tekst."))
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("aangemaakt door")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        ordering = ["-opens_on"]

    def __str__(self):
        return self.title


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("enquête"))
    score = models.PositiveSmallIntegerField(_("rapportcijfer"), validators=[MinValueValidator(1), MaxValueValidator(10)])
    answers = models.JSONField(_("antwoorden"), default=list, blank=True)
    # The day only: a moment to the second could be matched against a web server's log to find the participant.
    submitted_on = models.DateField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("antwoord op een enquête")
        verbose_name_plural = _("antwoorden op enquêtes")
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=10), name="survey_score_1_to_10")]


class GoodPractice(models.Model):
    """A lesson from the field, "wat werkt en wat niet", searchable by theme."""

    slug = models.SlugField(_("korte naam in adressen"), max_length=100, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    what_works = models.TextField(_("wat werkt"), blank=True)
    what_does_not = models.TextField(_("wat niet werkt"), blank=True)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="good_practices", verbose_name=_("initiatief")
    )
    classifications = models.ManyToManyField(Classification, blank=True, related_name="good_practices", verbose_name=_("indelingen"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="good_practices", verbose_name=_("bron"))
    source_reference = models.CharField(_("vindplaats in de bron"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("auteur")
    )
    published_on = models.DateField(_("gepubliceerd op"))

    class Meta:
        verbose_name = _("goed voorbeeld")
        verbose_name_plural = _("goede voorbeelden")
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title


class ActionScan(models.Model):
    """One filled-in "Actiescan learning communities": the answers and the scores they gave, kept over time."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="action_scans", verbose_name=_("initiatief"))
    taken_on = models.DateField(_("ingevuld op"))
    # The questionnaire's version, so older scans keep their meaning when the questions change.
    version = models.CharField(_("versie vragenlijst"), max_length=20)
    answers = models.JSONField(_("antwoorden"), default=dict)
    scores = models.JSONField(_("score per dimensie"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ingevuld door")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("actiescan")
        verbose_name_plural = _("actiescans")
        ordering = ["-taken_on", "-created_at"]
