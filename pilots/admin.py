from django.contrib import admin

from accounts.beheer import BeheerAdmin, BeheerInline

from .models import (
    BaselineFigure,
    DayPart,
    GroupArrangement,
    Pilot,
    PilotPartner,
    PilotPhase,
    PilotSchool,
)


class PhaseInline(BeheerInline, admin.StackedInline):
    model = PilotPhase
    extra = 0


class SchoolInline(BeheerInline, admin.StackedInline):
    model = PilotSchool
    extra = 0
    autocomplete_fields = ["school"]


class PartnerInline(BeheerInline, admin.StackedInline):
    model = PilotPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class BaselineInline(BeheerInline, admin.StackedInline):
    model = BaselineFigure
    extra = 0


@admin.register(Pilot)
class PilotAdmin(BeheerAdmin):
    list_display = ["name", "partnership", "parent", "municipalities"]
    list_filter = ["partnership"]
    search_fields = ["name", "municipalities", "partnership__name"]
    list_select_related = ["partnership", "parent"]
    inlines = [PhaseInline, SchoolInline, PartnerInline, BaselineInline]


class DayPartInline(BeheerInline, admin.StackedInline):
    model = DayPart
    extra = 0


@admin.register(GroupArrangement)
class GroupArrangementAdmin(BeheerAdmin):
    list_display = ["name", "pilot", "capacity", "max_day_parts_per_child"]
    list_filter = ["pilot__partnership"]
    search_fields = ["name", "pilot__name", "location"]
    list_select_related = ["pilot"]
    inlines = [DayPartInline]
