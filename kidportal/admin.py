from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import is_beheerder


class KidAdminSite(admin.AdminSite):
    """The Django admin is the functioneel beheerder's workplace, not a back door to child data."""

    site_header = _("KID-portaal beheer")
    site_title = _("KID-portaal beheer")
    index_title = _("Organisaties, scholen, pilots en gebruikers")
    site_url = None

    def login(self, request, extra_context=None):
        """One way in: the portal's login, with its lockout and second step. Someone signed in without
        the beheerder's role gets the 403 page (sending them to the login would bring them back here)."""
        if self.has_permission(request):
            return redirect("admin:index")
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    def has_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or is_beheerder(request.user))
