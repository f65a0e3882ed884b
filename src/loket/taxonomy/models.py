"""ESCO, stored as published: concepts identified by their URI, labels per
language, and the relations between them.

Everything here is owned by the importer and replaced by the next release,
except the concept rows themselves, which are updated in place so that our own
data (see ``OccupationLevel``) keeps pointing at the same concept.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FALLBACK_LANGUAGE = "en"


class Release(models.Model):
    """One completed import of an ESCO release (the history of imports)."""

    version = models.CharField(_("versie"), max_length=32)
    languages = models.JSONField(_("talen"), default=list)
    sources = models.JSONField(_("bronnen"), default=list)
    counts = models.JSONField(_("aantallen"), default=dict)
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now_add=True)
    seconds = models.FloatField(_("duur (s)"), default=0)

    class Meta:
        verbose_name = _("ESCO-import")
        verbose_name_plural = _("ESCO-imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"ESCO {self.version} ({', '.join(self.languages)})"


class ConceptKind(models.TextChoices):
    OCCUPATION = "occupation", _("Beroep")
    SKILL = "skill", _("Vaardigheid")
    SKILL_GROUP = "skill_group", _("Vaardighedengroep")
    ISCO_GROUP = "isco_group", _("ISCO-groep")


class SkillType(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Kennis")
    SKILL = "skill/competence", _("Vaardigheid/competentie")


class ReuseLevel(models.TextChoices):
    TRANSVERSAL = "transversal", _("Transversaal")
    CROSS_SECTOR = "cross-sector", _("Sectoroverstijgend")
    SECTOR_SPECIFIC = "sector-specific", _("Sectorspecifiek")
    OCCUPATION_SPECIFIC = "occupation-specific", _("Beroepsspecifiek")


class Collection(models.TextChoices):
    GREEN = "green", _("Groen")
    DIGITAL = "digital", _("Digitaal")
    DIGCOMP = "digcomp", _("DigComp")
    TRANSVERSAL = "transversal", _("Transversaal")
    LANGUAGE = "language", _("Taal")
    RESEARCH = "research", _("Onderzoek")


class Concept(models.Model):
    uri = models.CharField("URI", max_length=255, unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=ConceptKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, default="released")
    skill_type = models.CharField(_("type"), max_length=20, choices=SkillType.choices, blank=True)
    reuse_level = models.CharField(_("herbruikbaarheid"), max_length=24, choices=ReuseLevel.choices, blank=True)
    isco_group = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="isco_occupations",
        limit_choices_to={"kind": ConceptKind.ISCO_GROUP},
    )
    modified = models.DateTimeField(_("gewijzigd in ESCO"), null=True, blank=True)
    # The release that last contained this concept: a concept that a newer
    # release drops is kept (our data may point to it) but shows as obsolete.
    release_version = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("ESCO-concept")
        verbose_name_plural = _("ESCO-concepten")

    def __str__(self):
        return self.label()

    # Labels are read through these helpers so that a language that covers
    # only part of the release falls back to English, visibly.
    def label_in(self, language=None):
        """(text, language) of the preferred label, falling back to English."""
        language = (language or get_language() or FALLBACK_LANGUAGE)[:2]
        labels = getattr(self, "_prefetched_objects_cache", {}).get("labels")
        if labels is None:
            labels = self.labels.filter(kind=Label.Kind.PREFERRED, language__in=[language, FALLBACK_LANGUAGE])
        preferred = {l.language: l.text for l in labels if l.kind == Label.Kind.PREFERRED}
        if language in preferred:
            return preferred[language], language
        if FALLBACK_LANGUAGE in preferred:
            return preferred[FALLBACK_LANGUAGE], FALLBACK_LANGUAGE
        return self.uri, ""

    def label(self, language=None):
        return self.label_in(language)[0]

    def text_in(self, language=None):
        """The description block in the language, or English, or None."""
        language = (language or get_language() or FALLBACK_LANGUAGE)[:2]
        texts = {t.language: t for t in self.texts.all()}
        return texts.get(language) or texts.get(FALLBACK_LANGUAGE)

    @property
    def is_obsolete(self):
        return self.status != "released"


class OccupationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=ConceptKind.OCCUPATION)


class SkillManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=ConceptKind.SKILL)


class Occupation(Concept):
    objects = OccupationManager()

    class Meta:
        proxy = True
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")


class Skill(Concept):
    objects = SkillManager()

    class Meta:
        proxy = True
        verbose_name = _("vaardigheid")
        verbose_name_plural = _("vaardigheden")


class Label(models.Model):
    class Kind(models.TextChoices):
        PREFERRED = "preferred", _("voorkeurslabel")
        ALTERNATIVE = "alternative", _("alternatief label")
        HIDDEN = "hidden", _("verborgen label")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(max_length=8)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["concept", "language", "kind"])]

    def __str__(self):
        return self.text


class ConceptText(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8)
    description = models.TextField(blank=True)
    definition = models.TextField(blank=True)
    scope_note = models.TextField(blank=True)
    regulated_note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concept", "language"], name="unique_concept_text_language")]


class Broader(models.Model):
    """A hierarchy edge: occupation → ISCO group or occupation, skill → skill group or skill."""

    narrower = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="broader_links")
    broader = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="narrower_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["narrower", "broader"], name="unique_broader")]


class Relation(models.TextChoices):
    ESSENTIAL = "essential", _("essentieel")
    OPTIONAL = "optional", _("optioneel")


class OccupationSkill(models.Model):
    # ESCO v1.2.0 lists 17 pairs as both essential and optional; both rows
    # are kept as published, so the relation is part of the identity.
    occupation = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill", "relation"], name="unique_occupation_skill_relation")
        ]


class SkillRelation(models.Model):
    skill = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="related_back_links")
    relation = models.CharField(max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["skill", "related"], name="unique_skill_relation")]


class CollectionMembership(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="collections")
    collection = models.CharField(max_length=16, choices=Collection.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concept", "collection"], name="unique_collection_member")]


# --- Our own additions, beside ESCO: the importer never writes these. -------


class OccupationLevel(models.Model):
    """The usual NLQF/EQF level of an occupation in the Dutch labour market."""

    occupation = models.OneToOneField(
        Concept, on_delete=models.PROTECT, related_name="level", limit_choices_to={"kind": ConceptKind.OCCUPATION}
    )
    nlqf = models.PositiveSmallIntegerField(_("NLQF-niveau"), help_text=_("1 tot en met 8; gelijk aan het EQF-niveau."))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("beroepsniveau")
        verbose_name_plural = _("beroepsniveaus")
        constraints = [models.CheckConstraint(condition=models.Q(nlqf__gte=1, nlqf__lte=8), name="nlqf_between_1_and_8")]

    def __str__(self):
        return f"{self.occupation} — NLQF {self.nlqf}"
