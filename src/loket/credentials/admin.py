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
    # No detail: a revocation reason may name the person.
    fields = ["at", "action", "actor_name", "organisation_name"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(ReadOnlyAdmin):
    """Metadata only. Whom a credential is about and what the issuer wrote
    (name, address, note, reason, signed documents, the person's choice) would be
    a look into a person's data without an entry in their access log; staff need
    the who-issued-what-when and the keys, not that."""

    list_display = ["skill_label", "organisation", "issued_at", "valid_until", "revoked_at", "erased_at"]
    list_filter = ["organisation", "evidence"]
    search_fields = ["skill_label", "uuid"]
    fields = [
        "uuid", "organisation", "issuer_key", "skill_label", "evidence", "evidence_date",
        "status_list", "status_index", "issued_at", "valid_until", "revoked_at", "erased_at",
    ]
    readonly_fields = fields
    inlines = [EventInline]
