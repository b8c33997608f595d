"""The warme overdracht (issue 18.2): the kinderopvang hands a peuter over; the new school's intern begeleider
reads what it shares, not the trajectory behind it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from audit.log import log_access, logs_child_access
from audit.models import Outcome

from .. import handovers
from ..forms import HandoverForm
from ..models import Handover, HandoverFact, Trajectory


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def hand_over(request, pk):
    trajectory = get_object_or_404(
        Trajectory.objects.restrict(request.user, "hand_over").select_related("child", "school", "pilot"), pk=pk,
    )
    done = Handover.objects.filter(trajectory=trajectory).first()
    if done is not None:
        messages.info(request, _("Dit traject is al overgedragen aan %(school)s.") % {"school": done.to_school})
        return redirect(done)
    form = HandoverForm(request.POST if request.method == "POST" else None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            handover = handovers.hand_over(trajectory, **form.cleaned_data, by=request.user, request=request)
        except ValidationError as refused:
            form.add_error(None, " ".join(refused.messages))
        else:
            messages.success(request, _("%(child)s is overgedragen aan %(school)s.") % {
                "child": trajectory.child.full_name, "school": handover.to_school})
            return redirect(handover)
    return render(request, "trajecten/form_page.html", {
        "form": form, "trajectory": trajectory, "title": _("Warme overdracht aan de school"),
        "intro": _("De intern begeleider van de school leest wat u hier schrijft en kiest, niet het hele traject. "
                   "Het kan alleen met toestemming van de ouders voor de overdracht."),
    })


@login_required
@require_GET
def handover_list(request):
    if not access.school_ids(request.user) and not access.pilot_ids(request.user):
        raise PermissionDenied  # the stuurgroep and the beheerder read no child's record
    rows = Handover.objects.restrict(request.user, "view").select_related("trajectory__child", "trajectory__school",
                                                                          "to_school")
    page = Paginator(rows, 25).get_page(request.GET.get("pagina"))
    log_access(request, "list", detail=_("Overdrachten, pagina %(number)s") % {"number": page.number})
    return render(request, "trajecten/handover_list.html", {"page": page})


@login_required
@require_GET
def handover_detail(request, pk):
    handover = Handover.objects.restrict(request.user, "view").select_related(
        "trajectory__child", "trajectory__school", "trajectory__pilot", "to_school", "created_by",
    ).filter(pk=pk).first()
    if handover is None:
        log_access(request, "read", outcome=Outcome.REFUSED, detail=f"overdracht {pk}")
        raise Http404
    trajectory = handover.trajectory
    log_access(request, "read", trajectory=trajectory, detail=_("overdracht"))
    shared = set(handover.facts)
    return render(request, "trajecten/handover.html", {
        "handover": handover, "trajectory": trajectory, "words": handover.to_school.words,
        "from_words": trajectory.school.words,
        "concern_areas": list(trajectory.concern_areas.all()) if HandoverFact.CONCERN_AREAS in shared else None,
        "support": trajectory.requested_support_display() if HandoverFact.SUPPORT in shared else None,
        "period": HandoverFact.PERIOD in shared,
        "outcome": trajectory.outcome_display() if HandoverFact.OUTCOME in shared and trajectory.outcome else None,
        "team_may_open": Trajectory.objects.restrict(request.user, "view").filter(pk=trajectory.pk).exists(),
    })
