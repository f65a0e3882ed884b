from django.contrib import admin

from .models import CredentialEvent, IssuedCredential, IssuerKey, StatusList


class ReadOnlyAdmin(admin.ModelAdmin):
    """Signed documents and their audit trail change only through issuing and revoking."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    """Only retiring a key is done by hand (after a lost SECRET_KEY); the next
    credential then gets a new key."""

    list_display = ["organisation", "did", "created_at", "retired_at"]
    list_filter = ["retired_at"]
    search_fields = ["organisation__name", "did"]
    fields = ["organisation", "did", "created_at", "retired_at"]
    readonly_fields = ["organisation", "did", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ["url", "issuer_key", "purpose", "updated_at"]
    fields = ["issuer_key", "url", "purpose", "length", "updated_at"]
    readonly_fields = fields


class EventInline(admin.TabularInline):
    model = CredentialEvent
    fields = ["at", "action", "actor_name", "organisation_name", "detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(ReadOnlyAdmin):
    list_display = ["skill_label", "subject_name", "organisation", "issued_at", "valid_until", "revoked_at"]
    list_filter = ["organisation", "evidence"]
    search_fields = ["skill_label", "subject_name", "uuid"]
    fields = [
        "uuid", "organisation", "issuer_key", "subject_name", "skill_label", "evidence", "evidence_date", "note",
        "status_list", "status_index", "issued_at", "valid_until", "revoked_at", "revocation_reason", "erased_at",
    ]
    readonly_fields = fields
    inlines = [EventInline]
