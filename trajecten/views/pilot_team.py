"""A coördinator's page for the pilot's schools and team: it counts their open trajectories, so it lives
here, above pilots, and not in the pilots app."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.models import Membership, Role
from audit.models import AccessLog, Action
from base.display import display_name
from pilots.forms import PilotSchoolForm, TeamMemberForm
from pilots.models import Pilot, PilotSchool

from ..models import Trajectory
from ..states import OPEN_STATES


def coordinated_pilot(request, pk):
    return get_object_or_404(
        Pilot.objects.restrict(request.user, "coordinate").select_related("partnership"), pk=pk,
    )


def _manage_page(request, pilot, school_form=None, team_form=None, status=200):
    return render(request, "trajecten/pilot_team.html", {
        "pilot": pilot,
        "today": timezone.localdate(),
        "school_links": PilotSchool.objects.filter(pilot=pilot).select_related("school").annotate(
            open_trajectories=Count("school__trajectories", filter=Q(
                school__trajectories__pilot=pilot, school__trajectories__status__in=OPEN_STATES))),
        "team": Membership.objects.filter(pilot=pilot, role__in=access.TEAM_ROLES)
        .select_related("user", "organisation")
        .annotate(caseload=Count("user__caseload", filter=Q(
            user__caseload__pilot=pilot, user__caseload__status__in=OPEN_STATES)))
        .order_by("role", "user__first_name"),
        # Changes to the team's rights and credentials, by whoever made them (the beheerder too): audit/signals.py.
        "rights_changes": AccessLog.objects.filter(about_pilot=pilot.pk, action=Action.RIGHTS)[:20],
        "school_form": school_form or PilotSchoolForm(pilot=pilot),
        "team_form": team_form or TeamMemberForm(pilot=pilot),
    }, status=status)


@login_required
def manage(request, pk):
    return _manage_page(request, coordinated_pilot(request, pk))


@login_required
@require_POST
def add_school(request, pk):
    pilot = coordinated_pilot(request, pk)
    form = PilotSchoolForm(request.POST, pilot=pilot)
    if not form.is_valid():
        return _manage_page(request, pilot, school_form=form)
    form.save()
    messages.success(request, _("%(school)s doet nu mee aan de pilot.") % {"school": form.instance.school})
    return redirect("trajecten:pilot_manage", pk=pilot.pk)


@login_required
@require_POST
def remove_school(request, pk, link_pk):
    pilot = coordinated_pilot(request, pk)
    link = get_object_or_404(PilotSchool.objects.select_related("school"), pk=link_pk, pilot=pilot)
    if Trajectory.objects.filter(pilot=pilot, school=link.school, status__in=OPEN_STATES).exists():
        messages.error(request, _("%(school)s heeft nog open trajecten in deze pilot; rond die eerst af.") % {
            "school": link.school})
    elif Trajectory.objects.filter(pilot=pilot, school=link.school).exists():
        # A school with a history in the pilot leaves it: the membership ends, its trajectories and figures stay.
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        link.end_date = max(link.start_date, min(link.end_date or yesterday, yesterday))
        link.save(update_fields=["end_date"])
        messages.success(request, _(
            "%(school)s doet niet meer mee aan de pilot (tot en met %(date)s). De trajecten en cijfers van de school "
            "blijven bewaard.") % {"school": link.school, "date": date_format(link.end_date)})
    else:
        link.delete()
        messages.success(request, _("%(school)s doet niet meer mee aan de pilot.") % {"school": link.school})
    return redirect("trajecten:pilot_manage", pk=pilot.pk)


@login_required
@require_POST
def add_coach(request, pk):
    pilot = coordinated_pilot(request, pk)
    form = TeamMemberForm(request.POST, pilot=pilot)
    if not form.is_valid():
        return _manage_page(request, pilot, team_form=form)
    employment = form.cleaned_data["employment"]
    user = employment.user
    Membership.objects.create(user=user, role=Role.COACH, pilot=pilot, organisation=employment.organisation)
    messages.success(request, _("%(name)s is nu coach in de pilot.") % {"name": display_name(user)})
    return redirect("trajecten:pilot_manage", pk=pilot.pk)


@login_required
@require_POST
def remove_coach(request, pk, membership_pk):
    pilot = coordinated_pilot(request, pk)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk, pilot=pilot,
                                   role=Role.COACH)
    name = display_name(membership.user)
    if Trajectory.objects.filter(pilot=pilot, coach=membership.user, status__in=OPEN_STATES).exists():
        messages.error(request, _("%(name)s heeft nog open trajecten. Draag eerst de caseload over.") % {"name": name})
    else:
        membership.delete()
        messages.success(request, _("%(name)s is geen coach meer in de pilot.") % {"name": name})
    return redirect("trajecten:pilot_manage", pk=pilot.pk)
