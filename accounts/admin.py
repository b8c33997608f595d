from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin
from axes.admin import AccessLogAdmin as AxesAccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from base.display import display_name

from .beheer import BeheerAdmin, BeheerInline
from .lockout import locked_out_expression, locked_until, unlock
from .models import Employment, Membership, Role


class EmploymentInline(BeheerInline, admin.TabularInline):
    model = Employment
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name = _("in dienst van")
    verbose_name_plural = _("in dienst van (partnerorganisaties)")


# Roles that read children's records: the beheerder never grants one to itself (decisions.md).
CHILD_DATA_ROLES = (Role.IB, Role.COACH, Role.COORDINATOR)


class MembershipForm(forms.ModelForm):
    acting_user = None  # the beheerder at work, set per request by the admin below

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or getattr(self.instance, "user", None)
        if user is not None and user == self.acting_user and cleaned.get("role") in CHILD_DATA_ROLES:
            raise forms.ValidationError(_(
                "U kunt uzelf geen rol geven waarmee u gegevens van kinderen ziet. Vraag een andere functioneel "
                "beheerder, of de coördinator van de pilot."
            ))
        return cleaned


def membership_form_for(request):
    return type("MembershipForm", (MembershipForm,), {"acting_user": request.user})


class MembershipInline(BeheerInline, admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["school", "pilot", "partnership", "organisation"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = membership_form_for(request)
        return super().get_formset(request, obj, **kwargs)


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
    list_display = ["username", "first_name", "last_name", "email", "is_active", "locked_out"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [EmploymentInline, MembershipInline]
    actions = ["unlock_accounts"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(locked_out=locked_out_expression())

    @admin.display(description=_("geblokkeerd"), boolean=True, ordering="locked_out")
    def locked_out(self, user):
        return user.locked_out

    @admin.action(description=_("Account deblokkeren"))
    def unlock_accounts(self, request, queryset):
        """Lifts the lockout after failed logins; the access log records it (audit/signals.py)."""
        unlocked, free = [], []
        for user in queryset:
            (unlocked if unlock(user) else free).append(display_name(user))
        if unlocked:
            self.message_user(request, ngettext(
                "Gedeblokkeerd: %(names)s kan weer inloggen.", "Gedeblokkeerd: %(names)s kunnen weer inloggen.",
                len(unlocked)) % {"names": ", ".join(unlocked)}, messages.SUCCESS)
        if free:
            self.message_user(request, _("Niet geblokkeerd, dus niets veranderd: %(names)s.")
                              % {"names": ", ".join(free)}, messages.INFO)

    def get_urls(self):
        unlock_view = self.admin_site.admin_view(self.unlock_view)
        return [path("<id>/deblokkeren/", unlock_view, name="auth_user_unlock"), *super().get_urls()]

    def unlock_view(self, request, id):
        """The button "Account deblokkeren" on an account's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_change_permission(request, user):
            raise PermissionDenied
        self.unlock_accounts(request, User.objects.filter(pk=user.pk))
        return redirect("admin:auth_user_change", user.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and user.locked_out:
            extra_context = {**(extra_context or {}), "locked_out": True, "locked_until": locked_until(user)}
        return super().change_view(request, object_id, form_url, extra_context)

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

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = membership_form_for(request)
        return super().get_form(request, obj, change, **kwargs)


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
