from django.contrib import admin

from .models import Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "valid_from", "valid_until"]
    list_filter = ["region"]
    search_fields = ["code", "name"]
