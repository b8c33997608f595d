from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import access
from accounts.models import Membership, Role

from .models import Pilot, PilotSchool


@login_required
def pilot_list(request):
    pilots = (
        Pilot.objects.restrict(request.user)
        .select_related("partnership", "parent")
        .prefetch_related("phases")
        .annotate(school_count=Count("school_links", distinct=True, filter=Q(
            school_links__in=PilotSchool.objects.running_on(timezone.localdate()))))
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
    today = timezone.localdate()
    links = PilotSchool.objects.filter(pilot=pilot).select_related("school")
    team = (
        Membership.objects.filter(pilot=pilot, role__in=access.TEAM_ROLES)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name")
    )
    context = {
        "pilot": pilot,
        "phases": pilot.phases.all(),
        "current_phase": pilot.current_phase(),
        # Who takes part today or joins later; the schools that left keep their lines below, with their dates.
        "school_links": links.exclude(end_date__lt=today),
        "former_links": links.filter(end_date__lt=today),
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
