from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import access
from .models import Role

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
