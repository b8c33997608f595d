from django.contrib import admin

from accounts.beheer import BeheerAdmin

from .models import Organisation, Partnership, School


@admin.register(Partnership)
class PartnershipAdmin(BeheerAdmin):
    list_display = ["name", "code", "region"]
    search_fields = ["name", "code", "region"]


@admin.register(Organisation)
class OrganisationAdmin(BeheerAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality"]


@admin.register(School)
class SchoolAdmin(BeheerAdmin):
    list_display = ["name", "brin_code", "school_type", "municipality", "neighbourhood", "partnership"]
    list_filter = ["school_type", "partnership", "municipality"]
    search_fields = ["name", "brin_code", "municipality", "neighbourhood"]
    list_select_related = ["partnership"]
    autocomplete_fields = ["board"]
