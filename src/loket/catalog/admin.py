from django.contrib import admin

from .models import Course, CourseSkill, Offering, Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "brin", "approved"]
    list_filter = ["kind", "approved"]
    search_fields = ["organisation__name", "brin"]
    raw_id_fields = ["organisation", "municipality"]


class CourseSkillInline(admin.TabularInline):
    model = CourseSkill
    raw_id_fields = ["skill"]
    extra = 0


class OfferingInline(admin.TabularInline):
    model = Offering
    raw_id_fields = ["municipality"]
    fields = ["start_date", "end_date", "price_cents", "modality", "municipality", "cancelled"]
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "provider", "level", "study_hours", "recognised"]
    list_filter = ["level", "recognised"]
    search_fields = ["title_nl", "title_en", "code", "crebo", "croho"]
    raw_id_fields = ["provider"]
    inlines = [CourseSkillInline, OfferingInline]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["course", "start_date", "end_date", "price_cents", "modality", "municipality", "cancelled"]
    list_filter = ["modality", "cancelled"]
    search_fields = ["course__title_nl", "code"]
    raw_id_fields = ["course", "municipality"]
    date_hierarchy = "start_date"
