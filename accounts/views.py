from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import access
from .forms import PreferencesForm
from .models import Preferences, Role

# The page each role starts on, in order of precedence for a user with several roles.
START_PAGES = [
    (Role.COORDINATOR, "trajecten:queue"),
    (Role.COACH, "trajecten:caseload"),
    (Role.IB, "trajecten:school_list"),
    (Role.STUURGROEP, "dashboards:dashboard"),
    (Role.BEHEERDER, "admin:index"),
]


@login_required
def start(request):
    roles = access.roles_of(request.user)
    if request.user.is_superuser:
        roles.add(Role.BEHEERDER)
    for role, url_name in START_PAGES:
        if role in roles:
            return redirect(url_name)
    return render(request, "accounts/no_role.html")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Each user chooses for themselves how they hear of changes: at once, once a day, or only in the portal."""
    current = Preferences.objects.filter(user=request.user).first() or Preferences(user=request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw keuze is opgeslagen."))
        return redirect("preferences")
    return render(request, "accounts/preferences.html", {"form": form})
