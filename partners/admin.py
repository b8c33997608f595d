from django.contrib import admin

from accounts.beheer import BeheerAdmin

from .models import Municipality, Organisation, Partnership, School, SchoolHoliday


@admin.register(Partnership)
class PartnershipAdmin(BeheerAdmin):
    list_display = ["name", "code", "region"]
    search_fields = ["name", "code", "region"]


@admin.register(Municipality)
class MunicipalityAdmin(BeheerAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The code is the key schools point to: a merged municipality is a new one with its own code.
        return ["code"] if obj else []


@admin.register(Organisation)
class OrganisationAdmin(BeheerAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(School)
class SchoolAdmin(BeheerAdmin):
    list_display = ["name", "brin_code", "school_type", "municipality", "neighbourhood", "holiday_region",
                    "partnership"]
    list_filter = ["school_type", "holiday_region", "partnership", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "brin_code", "municipality__name", "neighbourhood"]
    list_select_related = ["partnership", "municipality"]
    autocomplete_fields = ["board", "municipality"]


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(BeheerAdmin):
    list_display = ["school_year", "name", "region", "first_day", "last_day"]
    list_filter = ["school_year", "region"]
