from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership, Role

from . import monitoring
from .forms import IndicatorForm, IndicatorValueForm
from .models import Indicator, Pilot, PilotSchool


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
    links = PilotSchool.objects.filter(pilot=pilot).select_related("school__municipality")
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


def _coordinated(request, pk):
    return get_object_or_404(Pilot.objects.restrict(request.user, "coordinate"), pk=pk)


@login_required
def indicators(request, pk):
    """The coördinator's page of the pilot's own indicators: those defined, their latest values, a new one."""
    pilot = _coordinated(request, pk)
    form = IndicatorForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        indicator = monitoring.define(form, request=request)
        messages.success(request, _("Indicator %(name)s toegevoegd. Vul hieronder de eerste waarde in.") % {
            "name": indicator.name})
        return redirect("pilots:indicator_values", pk=pilot.pk, indicator_pk=indicator.pk)
    return render(request, "pilots/indicators.html", {
        "pilot": pilot, "form": form,
        "indicators": Indicator.objects.restrict(request.user, "coordinate").filter(pilot=pilot)
        .prefetch_related("values"),
    })


@login_required
def indicator_values(request, pk, indicator_pk):
    """The values of one indicator, and the form that enters (or replaces) the value of a period."""
    pilot = _coordinated(request, pk)
    indicator = get_object_or_404(Indicator.objects.restrict(request.user, "coordinate"), pk=indicator_pk,
                                  pilot=pilot)
    form = IndicatorValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        period_start = form.cleaned_data["period"]
        entry, before = monitoring.enter(indicator, period_start, form.cleaned_data["value"], by=request.user,
                                         request=request)
        text = (_("Waarde voor %(period)s opgeslagen (was %(before)s).") if before is not None
                else _("Waarde voor %(period)s opgeslagen."))
        messages.success(request, text % {"period": entry.period_label, "before": before})
        return redirect("pilots:indicator_values", pk=pilot.pk, indicator_pk=indicator.pk)
    values = indicator.values.select_related("indicator", "entered_by")
    return render(request, "pilots/indicator_values.html", {
        "pilot": pilot, "indicator": indicator, "form": form, "values": values,
    })
