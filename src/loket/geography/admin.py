from django.contrib import admin

from .models import Boundary, Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_until"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "valid_from", "valid_until"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    # The shapes come from `loket import-boundaries`; editing a polygon by hand here helps nobody.
    list_display = ["code", "name", "level", "year", "region_code", "source", "imported_at"]
    list_filter = ["level", "year", "source"]
    search_fields = ["code", "name"]
    exclude = ["geometry"]
    readonly_fields = ["level", "code", "year", "name", "region_code", "source", "imported_at"]
