from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from loket.passport.services import delete_person

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "groups"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Rollen"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    add_form = UserCreationForm
    inlines = [MembershipInline]

    # Deleting an account here is the same erasure as the person's own:
    # an anonymous ErasureRecord for the dashboard, and every app's clean-up.
    def delete_model(self, request, obj):
        delete_person(obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for user in queryset:
            delete_person(user)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "kvk_number"]
    list_filter = ["kind"]
    search_fields = ["name", "kvk_number"]
