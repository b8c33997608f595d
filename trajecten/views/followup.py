"""Nazorg (issue 19): the coach records a follow-up; the coördinator sees what is due and overdue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.log import log_access, logs_child_access
from pilots.models import Pilot

from .. import followups
from ..forms import FollowUpForm
from ..models import FollowUp, Trajectory
from ..paging import PAGE_SIZE, CountedPaginator
from .work import require_team, team_trajectory

# Where the form goes back to after saving: the page it was opened from, else the trajectory.
BACK_TO = {"mijn-trajecten": "trajecten:caseload", "nazorg": "trajecten:follow_ups",
           "mijn-nazorg": "trajecten:my_follow_ups"}


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def record(request, pk, moment):
    trajectory = team_trajectory(request, pk, status__in=followups.FOLLOWED_UP)
    follow_up = get_object_or_404(FollowUp.objects.filter(trajectory=trajectory), moment=moment)
    back = request.POST.get("terug") or request.GET.get("terug")
    back = back if back in BACK_TO else ""
    if follow_up.is_answered:
        messages.info(request, _("Deze nazorg is al vastgelegd."))
        return redirect(trajectory)
    earliest = follow_up.due_date - followups.SHOWN_BEFORE
    if timezone.localdate() < earliest:
        messages.info(request, _("Deze nazorg staat gepland op %(due)s; vastleggen kan vanaf %(date)s.") % {
            "due": follow_up.due_date.strftime("%d-%m-%Y"), "date": earliest.strftime("%d-%m-%Y")})
        return redirect(trajectory)
    follow_up.trajectory = trajectory
    form = FollowUpForm(request.POST if request.method == "POST" else None, follow_up=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            followups.record(follow_up, **form.cleaned_data, by=request.user, request=request)
        except followups.AlreadyAnswered:
            messages.info(request, _("Iemand anders legde deze nazorg net vast."))
        else:
            messages.success(request, _("De nazorg %(moment)s voor %(child)s is opgeslagen.") % {
                "moment": follow_up.get_moment_display(), "child": trajectory.child.full_name})
        return redirect(BACK_TO[back]) if back else redirect(trajectory)
    return render(request, "trajecten/follow_up.html", {
        "form": form, "trajectory": trajectory, "follow_up": follow_up, "back": back,
        "title": _("Nazorg %(moment)s") % {"moment": follow_up.get_moment_display()},
    })


@login_required
def follow_up_list(request):
    """The coördinator's view of the follow-ups due or overdue in the pilots they coordinate."""
    if not Pilot.objects.restrict(request.user, "coordinate").exists():
        raise PermissionDenied
    today = timezone.localdate()
    due = FollowUp.objects.restrict(request.user, "coordinate").due_by(followups.shown_until(today))
    return _task_list(request, due, today, title=_("Nazorg"), back="nazorg", with_coach=True, intro=_(
        "Drie en zes maanden na afronden of doorverwijzen vraagt de coach na hoe het met het kind in de klas of de "
        "groep gaat. Hier staat de nazorg van uw pilots die nu te doen is of te laat is, de vroegste eerst."))


@login_required
def my_follow_ups(request):
    """All of a coach's follow-ups to do; their caseload shows the first few."""
    require_team(request.user)
    today = timezone.localdate()
    due = FollowUp.objects.tasks_of(request.user, followups.shown_until(today))
    return _task_list(request, due, today, title=_("Mijn nazorg"), back="mijn-nazorg", with_coach=False, intro=_(
        "Drie en zes maanden na afronden of doorverwijzen vraagt u na hoe het met het kind in de klas of de groep "
        "gaat. Hier staat de nazorg van uw trajecten die nu te doen is of te laat is, de vroegste eerst. Een taak "
        "staat hier vanaf twee weken voor de datum."))


def _task_list(request, due, today, *, title, back, with_coach, intro):
    """The follow-ups `due`, earliest first, a page at a time: counted (all, and those overdue) in one query, their
    keys sorted without joins, and only the page's rows read with their children and schools."""
    counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    page = CountedPaginator(due.keys_earliest_first(), PAGE_SIZE, counts["total"]).get_page(request.GET.get("pagina"))
    page.object_list = FollowUp.objects.listed(list(page.object_list))
    log_access(request, "list", detail=_("%(title)s, pagina %(number)s") % {"title": title, "number": page.number})
    return render(request, "trajecten/follow_up_list.html", {
        "page": page, "today": today, "overdue": counts["overdue"], "title": title,
        "intro": intro, "back": back, "with_coach": with_coach,
    })
