"""The ecosystem in the Django admin (/beheer/), which is for administrators only.

The pages are where members edit; the admin is for what they may not: sources, slugs, editors of any
initiative, and the volgsysteem's raw rows. Survey answers are read-only: they are what participants said.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    ActionScan,
    Classification,
    GoodPractice,
    Initiative,
    Milestone,
    Organisation,
    Partner,
    Source,
    StatusUpdate,
    Survey,
    SurveyResponse,
)


class EcosystemAdmin(admin.ModelAdmin):
    # An address typed without a scheme becomes https://, as Django 6 will do by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(EcosystemAdmin):
    list_display = ["title", "key", "publisher", "published"]
    search_fields = ["title", "key", "publisher"]


@admin.register(Classification)
class ClassificationAdmin(EcosystemAdmin):
    list_display = ["scheme", "code", "__str__"]
    list_filter = ["scheme"]
    search_fields = ["code"]


@admin.register(Organisation)
class OrganisationAdmin(EcosystemAdmin):
    list_display = ["name", "short_name", "kind", "municipality", "account"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["municipality", "account"]


class PartnerInline(admin.TabularInline):
    model = Partner
    raw_id_fields = ["organisation"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class InitiativeAdminForm(forms.ModelForm):
    def clean_links(self):
        # The same rules as the pages and the API: the registry and its API expect [{"label", "url"}] of web addresses.
        links, problems = services.clean_links(self.cleaned_data["links"])
        if problems:
            raise ValidationError(problems)
        return links


@admin.register(Initiative)
class InitiativeAdmin(EcosystemAdmin):
    form = InitiativeAdminForm
    list_display = ["__str__", "kind", "lifecycle", "region", "started_year"]
    list_filter = ["kind", "lifecycle", "region"]
    search_fields = ["name", "short_name", "number", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["municipality"]
    filter_horizontal = ["classifications", "editors"]
    inlines = [PartnerInline, MilestoneInline]


@admin.register(Partner)
class PartnerAdmin(EcosystemAdmin):
    list_display = ["organisation", "role", "initiative"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "initiative__name"]
    raw_id_fields = ["organisation", "initiative"]


@admin.register(Milestone)
class MilestoneAdmin(EcosystemAdmin):
    list_display = ["title", "initiative", "due_label", "due_date", "done_on"]
    search_fields = ["title", "initiative__name"]
    raw_id_fields = ["initiative"]
    date_hierarchy = "due_date"


@admin.register(StatusUpdate)
class StatusUpdateAdmin(EcosystemAdmin):
    list_display = ["initiative", "date", "status", "author_name"]
    list_filter = ["status"]
    search_fields = ["initiative__name", "author_name", "text"]
    raw_id_fields = ["initiative", "author"]
    date_hierarchy = "date"


# An answer's time of saving is left out: beside its mark and texts it could tell who gave it (docs/volgsysteem.md).
class SurveyResponseInline(admin.TabularInline):
    model = SurveyResponse
    fields = ["score", "answers"]
    readonly_fields = fields
    # By mark, not in the order they came in.
    ordering = ["score"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(EcosystemAdmin):
    list_display = ["title", "initiative", "opens_on", "closes_on"]
    search_fields = ["title", "initiative__name"]
    raw_id_fields = ["initiative", "created_by"]
    readonly_fields = ["token"]
    inlines = [SurveyResponseInline]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(EcosystemAdmin):
    list_display = ["survey", "score"]
    list_filter = ["score"]
    ordering = ["survey", "score"]
    fields = readonly_fields = ["survey", "score", "answers"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GoodPractice)
class GoodPracticeAdmin(EcosystemAdmin):
    list_display = ["title", "initiative", "published_on"]
    search_fields = ["title", "summary", "what_works", "what_does_not"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["initiative", "author"]
    filter_horizontal = ["classifications"]


@admin.register(ActionScan)
class ActionScanAdmin(EcosystemAdmin):
    list_display = ["initiative", "taken_on", "version", "score_summary"]
    raw_id_fields = ["initiative", "created_by"]
    readonly_fields = ["score_summary"]
    date_hierarchy = "taken_on"

    @admin.display(description=_("score per dimensie"))
    def score_summary(self, scan):
        return ", ".join(f"{dimension}: {score}" for dimension, score in scan.scores.items())
