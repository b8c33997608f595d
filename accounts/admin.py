from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from kidportal.admin import BeheerAdmin, BeheerInline

from .models import Membership


class MembershipInline(BeheerInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["school", "pilot", "partnership", "organisation"]


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(BeheerAdmin, UserAdmin):
    """Users and their roles. Superuser rights stay out of the functioneel beheerder's reach."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Persoonlijke gegevens"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Toegang"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(BeheerAdmin):
    list_display = ["user", "role", "school", "pilot", "partnership", "organisation"]
    list_filter = ["role", "pilot__partnership"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "school__name", "pilot__name"]
    list_select_related = ["user", "school", "pilot", "partnership", "organisation"]
    autocomplete_fields = ["user", "school", "pilot", "partnership", "organisation"]
