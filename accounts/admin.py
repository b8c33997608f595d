from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin
from axes.admin import AccessLogAdmin as AxesAccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .beheer import BeheerAdmin, BeheerInline
from .models import Membership


class MembershipInline(BeheerInline, admin.StackedInline):
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

    def has_delete_permission(self, request, obj=None):
        """An account that has done anything in the portal is deactivated, not deleted: the history of what
        it did keeps its name (the database refuses it too)."""
        if obj is not None and not self.deletable(obj):
            return False
        return super().has_delete_permission(request, obj)

    @staticmethod
    def deletable(user):
        relations = [
            field for field in user._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete and getattr(field, "on_delete", None) is models.PROTECT
        ]
        return not any(
            relation.related_model._base_manager.filter(**{relation.field.name: user}).exists()
            for relation in relations
        )


@admin.register(Membership)
class MembershipAdmin(BeheerAdmin):
    list_display = ["user", "role", "school", "pilot", "partnership", "organisation"]
    list_filter = ["role", "pilot__partnership"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "school__name", "pilot__name"]
    list_select_related = ["user", "school", "pilot", "partnership", "organisation"]
    autocomplete_fields = ["user", "school", "pilot", "partnership", "organisation"]


class ReadAndDeleteOnly(BeheerAdmin):
    """Login safety records: the beheerder reads them and deletes one to unlock an account or reset an app."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnly(ReadAndDeleteOnly):
    """Login history: read, never changed or deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


for _model, _admin_class, _base in [
    (AccessAttempt, AccessAttemptAdmin, ReadAndDeleteOnly),
    (AxesAccessLog, AxesAccessLogAdmin, ReadOnly),
    (AccessFailureLog, AccessFailureLogAdmin, ReadOnly),
    (TOTPDevice, TOTPDeviceAdmin, ReadAndDeleteOnly),
]:
    admin.site.unregister(_model)
    admin.site.register(_model, type(f"Beheer{_admin_class.__name__}", (_base, _admin_class), {}))
