from django.contrib import admin

from .models import Concept, OccupationLevel, Release


class ReadOnlyAdmin(admin.ModelAdmin):
    """ESCO is changed by importing a release, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["version", "imported_at", "seconds"]
    fields = ["version", "languages", "sources", "counts", "imported_at", "seconds"]
    readonly_fields = fields


@admin.register(Concept)
class ConceptAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "code", "status"]
    list_filter = ["kind", "status"]
    ordering = ["kind", "code", "id"]
    search_fields = ["labels__text", "code", "uri"]
    fields = ["uri", "kind", "code", "status", "skill_type", "reuse_level", "isco_group", "release_version"]
    readonly_fields = fields

    # A concept has many labels; searching them must not list it twice.
    def get_search_results(self, request, queryset, search_term):
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(OccupationLevel)
class OccupationLevelAdmin(admin.ModelAdmin):
    list_display = ["occupation", "nlqf", "note"]
    list_filter = ["nlqf"]
    autocomplete_fields = ["occupation"]
