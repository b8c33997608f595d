from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from accounts import access
from accounts.models import Membership, Role

from .models import Pilot, PilotSchool


@login_required
def pilot_list(request):
    pilots = (
        Pilot.objects.restrict(request.user)
        .select_related("partnership", "parent")
        .prefetch_related("phases")
        .annotate(school_count=Count("school_links", distinct=True))
        .order_by("partnership__name", "name")
    )
    return render(request, "pilots/pilot_list.html", {"pilots": pilots})


@login_required
def pilot_detail(request, pk):
    pilot = get_object_or_404(
        Pilot.objects.restrict(request.user).select_related("partnership", "parent", "lead"),
        pk=pk,
    )
    # Names of the team are staff data; the stuurgroep reads the pilot without them.
    shows_team = access.is_beheerder(request.user) or pilot in Pilot.objects.restrict(request.user, "work")
    team = (
        Membership.objects.filter(pilot=pilot, role__in=access.TEAM_ROLES)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name")
    )
    context = {
        "pilot": pilot,
        "phases": pilot.phases.all(),
        "current_phase": pilot.current_phase(),
        "school_links": PilotSchool.objects.filter(pilot=pilot).select_related("school__municipality"),
        "partner_links": pilot.partner_links.select_related("organisation"),
        "baseline": pilot.baseline_figures.all(),
        "arrangements": pilot.group_arrangements.prefetch_related(
            Prefetch("day_parts")
        ),
        "subpilots": pilot.subpilots.all(),
        "shows_team": shows_team,
        "team": team if shows_team else None,
        "team_size": team.count(),
        "coordinator_role": Role.COORDINATOR,
        "can_manage": Pilot.objects.restrict(request.user, "coordinate").filter(pk=pk).exists(),
    }
    return render(request, "pilots/pilot_detail.html", context)
