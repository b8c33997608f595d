from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value, unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from base.display import display_name

from .beheer import BeheerAdmin, BeheerInline
from .lockout import locked_out_expression, locked_until, lockouts, unlock
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
    list_display = ["username", "locked_out", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [EmploymentInline, MembershipInline]
    actions = ["unlock_accounts"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(locked_out=locked_out_expression())

    @admin.display(description=_("inloggen"), ordering="-locked_out")
    def locked_out(self, user):
        """A word where an account is locked, nothing elsewhere: a column of ticks would read as all is well."""
        return _("geblokkeerd") if user.locked_out else ""

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


# The packages' own admin pages speak English and show a TOTP device's secret key: replaced by those below.
for _model in (AccessAttempt, AxesAccessLog, AccessFailureLog, TOTPDevice):
    admin.site.unregister(_model)


def shown(field, description, boolean=False):
    """A column or line with a field of django-axes or django-otp, whose own label is English, under a Dutch one."""

    @admin.display(description=description, ordering=field, boolean=boolean)
    def show(self, obj):
        value = getattr(obj, field)
        return value if boolean else display_for_value(value, self.get_empty_value_display())

    return show


def titled(title, filter_class):
    """A filter on such a field, under a Dutch title."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class LoginRecordAdmin(BeheerAdmin):
    """Records of django-axes about logging in: read in the list, which shows all of a record (a page per record
    would print the package's English), never added, changed or deleted here. An account is unlocked on the
    account's page, "Account deblokkeren"."""

    list_display_links = None
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    typed_username = shown("username", _("gebruikersnaam"))
    address = shown("ip_address", _("adres"))
    browser = shown("user_agent", _("browser"))

    def has_view_permission(self, request, obj=None):
        return obj is None and super().has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LockedOutFilter(admin.SimpleListFilter):
    title = _("geblokkeerd")
    parameter_name = "geblokkeerd"

    def lookups(self, request, model_admin):
        return [("ja", _("ja")), ("nee", _("nee"))]

    def queryset(self, request, queryset):
        locked = Exists(lockouts().filter(username=OuterRef("username"), ip_address=OuterRef("ip_address")))
        if self.value() == "ja":
            return queryset.filter(locked)
        if self.value() == "nee":
            return queryset.exclude(locked)
        return queryset


@admin.register(AccessAttempt)
class FailedLoginAdmin(LoginRecordAdmin):
    list_display = ["username_or_account", "status", "failures", "last_attempt", "address", "browser"]
    list_filter = [LockedOutFilter, ("attempt_time", titled(_("laatste poging"), admin.DateFieldListFilter))]
    last_attempt = shown("attempt_time", _("laatste poging"))
    failures = shown("failures_since_start", _("mislukt"))

    def get_queryset(self, request):
        accounts = User.objects.filter(username=OuterRef("username")).values("pk")[:1]
        locked = lockouts().filter(username=OuterRef("username"), ip_address=OuterRef("ip_address"))
        return super().get_queryset(request).annotate(account_id=Subquery(accounts), locked_out=Exists(locked))

    @admin.display(description=_("gebruikersnaam"), ordering="username")
    def username_or_account(self, attempt):
        """The username as typed, linked to the account's page ("Account deblokkeren") where there is one."""
        if attempt.account_id is None:
            return attempt.username
        return format_html('<a href="{}">{}</a>', reverse("admin:auth_user_change", args=[attempt.account_id]),
                           attempt.username)

    @admin.display(description=_("status"), ordering="-locked_out")
    def status(self, attempt):
        return _("geblokkeerd") if attempt.locked_out else _("niet geblokkeerd")


@admin.register(AxesAccessLog)
class LoginHistoryAdmin(LoginRecordAdmin):
    list_display = ["logged_in", "logged_out", "typed_username", "address", "browser"]
    list_filter = [("attempt_time", titled(_("ingelogd"), admin.DateFieldListFilter)),
                   ("logout_time", titled(_("uitgelogd"), admin.DateFieldListFilter))]
    logged_in = shown("attempt_time", _("ingelogd"))
    logged_out = shown("logout_time", _("uitgelogd"))


@admin.register(AccessFailureLog)
class FailureHistoryAdmin(LoginRecordAdmin):
    list_display = ["attempted", "typed_username", "address", "lockout", "browser"]
    list_filter = [("attempt_time", titled(_("tijdstip"), admin.DateFieldListFilter)),
                   ("locked_out", titled(_("geblokkeerd"), admin.BooleanFieldListFilter))]
    attempted = shown("attempt_time", _("tijdstip"))
    lockout = shown("locked_out", _("geblokkeerd"), boolean=True)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(BeheerAdmin):
    """The authenticator apps of the second login step: the beheerder deletes one that is lost, so that its owner
    sets up a new one at the next login. Never added or changed here, and its secret key never shown."""

    list_display = ["owner", "device_name", "set_up", "created", "last_used"]
    list_filter = [("confirmed", titled(_("ingesteld"), admin.BooleanFieldListFilter))]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = readonly_fields = ["owner", "device_name", "set_up", "created", "last_used"]
    owner = shown("user", _("gebruiker"))
    device_name = shown("name", _("naam"))
    set_up = shown("confirmed", _("ingesteld"), boolean=True)
    created = shown("created_at", _("toegevoegd op"))
    last_used = shown("last_used_at", _("laatst gebruikt"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
