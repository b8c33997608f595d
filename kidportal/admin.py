from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class KidAdminSite(admin.AdminSite):
    """The Django admin is the functioneel beheerder's workplace, not a back door to child data."""

    site_header = _("KID-portaal beheer")
    site_title = _("KID-portaal beheer")
    index_title = _("Organisaties, scholen, pilots en gebruikers")
    site_url = None

    def login(self, request, extra_context=None):
        """One way in: the portal's login, with its lockout and second step."""
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    def has_permission(self, request):
        from accounts.access import is_beheerder

        return request.user.is_active and (request.user.is_superuser or is_beheerder(request.user))


class BeheerAdmin(admin.ModelAdmin):
    """The functioneel beheerder manages what this admin holds, without Django model permissions."""

    def _may(self, request):
        from accounts.access import is_beheerder

        return is_beheerder(request.user)

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request)


class BeheerInline:
    def has_view_permission(self, request, obj=None):
        from accounts.access import is_beheerder

        return is_beheerder(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
