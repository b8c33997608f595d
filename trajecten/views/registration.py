from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.access import memberships_of, registrar_words
from accounts.models import Membership, Role
from audit.log import log_access, logs_child_access, read_for_log
from partners.models import School
from pilots.models import Pilot

from .. import consent, followups, notifications, registrations, workflow
from ..filters import SchoolListFilter
from ..forms import RegistrationForm, already_registered_message, same_child_message
from ..forms.work import coach_label, open_caseload
from ..models import ConsentPurpose, FollowUp, Handover, Referral, Trajectory, Urgency
from ..notifications import mark_new, record_visit
from ..paging import page_of
from ..timeline import build_timeline
from .work import SLUG_OF, conflict_message, query_without_page, read_list, require_team

CONFLICT_ON_REGISTRATION = _l(
    "%(name)s heeft deze aanmelding om %(time)s gewijzigd, nadat u hem opende. Uw wijzigingen zijn niet "
    "opgeslagen. Open de aanmelding opnieuw en breng ze dan aan."
)


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if not School.objects.restrict(request.user, "register").exists():
        raise PermissionDenied
    form = RegistrationForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = registrations.register(form.cleaned_data, by=request.user, request=request)
        except registrations.AlreadyRegistered as duplicate:  # a submit that raced this one came first
            form.add_error(None, already_registered_message(duplicate.trajectory))
        else:
            return redirect("trajecten:confirmation", pk=trajectory.pk)
    return render(request, "trajecten/register.html", {"form": form})


@login_required
@logs_child_access(Trajectory)
def confirmation(request, pk):
    trajectory = get_object_or_404(
        Trajectory.objects.restrict(request.user).with_list_relations(), pk=pk,
    )
    return render(request, "trajecten/confirmation.html", {
        "trajectory": trajectory, "consent_given": consent.holds(trajectory, ConsentPurpose.SUPPORT),
        "told": notifications.told_of_registration(trajectory),
    })


@login_required
def school_list(request):
    schools = School.objects.restrict(request.user, "register")
    if not schools.exists():
        raise PermissionDenied
    trajectories = (
        Trajectory.objects.restrict(request.user).filter(school__in=schools).order_by("-registered_at", "-pk")
    )
    filterset = SchoolListFilter(request.GET or None, queryset=trajectories)
    page = page_of(filterset.qs if filterset.is_bound else trajectories, request.GET.get("pagina"))
    words = registrar_words(request.user)
    title = _("Aanmeldingen van %(my_places)s") % {"my_places": words.my_places}
    read_list(request, title, page, filterset)
    return render(request, "trajecten/school_list.html", {
        "page": page, "schools": list(schools.order_by("name")), "filter": filterset, "title": title, "words": words,
        "query": query_without_page(request).urlencode(),
    })


@login_required
def queue(request):
    require_team(request.user)
    trajectories = (
        Trajectory.objects.restrict(request.user)
        .unassigned_queue_for(request.user)
        .with_list_relations()
        .order_by(Case(When(urgency=Urgency.URGENT, then=0), default=1), "registered_at", "pk")
    )
    page = page_of(trajectories, request.GET.get("pagina"), annotations={"consent_given": consent.support_consent()})
    log_access(request, "list", detail=_("Nieuwe aanmeldingen, pagina %s") % page.number)
    mark_new(page.object_list, request.user)
    team = Membership.objects.filter(
        pilot__in=Pilot.objects.restrict(request.user, "work"), role=Role.COACH, user__is_active=True,
    ).annotate(open_caseload=open_caseload("user"))
    coaches_by_pilot = {}
    for membership in team.select_related("user").order_by("user__first_name", "user__last_name"):
        membership.user.open_caseload = membership.open_caseload
        coaches_by_pilot.setdefault(membership.pilot_id, []).append((membership.user_id, coach_label(membership.user)))
    return render(request, "trajecten/queue.html", {
        "page": page,
        "coaches_by_pilot": coaches_by_pilot,
        "coach_in": {m.pilot_id for m in memberships_of(request.user) if m.role == Role.COACH},
        "coordinator_of": set(access.pilot_ids(request.user, roles=(Role.COORDINATOR,))),
    })


@login_required
@logs_child_access(Trajectory)
def detail(request, pk):
    trajectory = get_object_or_404(
        Trajectory.objects.restrict(request.user)
        .with_list_relations()
        .select_related("registered_by")
        # Each join more makes PostgreSQL's planner work harder: the optional relations come in small
        # queries of their own (docs/performance.md).
        .prefetch_related("concern_areas"),
        pk=pk,
    )
    read_for_log(request, trajectory)
    in_team = trajectory.pilot_id in access.pilot_ids(request.user)
    guardians = consent.ledger(trajectory)
    at_childcare = trajectory.school.words.is_childcare
    return render(request, "trajecten/detail.html", {
        "trajectory": trajectory,
        # The earlier trajectory may be another pilot's: linked only when the reader may open it.
        "previous": Trajectory.objects.restrict(request.user).filter(pk=trajectory.previous_id).first()
        if trajectory.previous_id else None,
        "timeline": build_timeline(trajectory, request.user, since=record_visit(trajectory, request.user)),
        # Only a referral (workflow: 'refer') has one.
        "referral": Referral.objects.select_related("organisation").filter(trajectory=trajectory).first()
        if trajectory.status == workflow.Status.REFERRED else None,
        "help_involved": trajectory.help_involved_display(),
        "requested_support": trajectory.requested_support_display(),
        "guardians": guardians,
        "holding_labels": consent.labels(consent.holding_in(guardians)),
        "withdrawals": consent.withdrawals_in(guardians),
        "can_correct": Trajectory.objects.restrict(request.user, "correct").filter(pk=pk).exists(),
        "in_team": in_team,
        "can_inzage": trajectory.pilot_id in access.pilot_ids(request.user, roles=(Role.COORDINATOR,)),
        "transitions": [
            {"label": t.label, "slug": SLUG_OF[t.name]} for t in workflow.allowed_transitions(trajectory)
        ] if in_team else [],
        # Only a started trajectory can have been placed (workflow: ACTIVE).
        "placements": trajectory.placements.select_related("arrangement").prefetch_related("day_parts")
        if in_team and trajectory.start_date else [],
        "follow_ups": FollowUp.objects.restrict(request.user, "work").filter(trajectory=trajectory).select_related(
            "answered_by") if in_team and not trajectory.is_open else [],
        "follow_up_from": followups.shown_until(),
        "can_place": in_team and trajectory.status == workflow.Status.ACTIVE
        and trajectory.pilot.group_arrangements.exists(),
        # Given or received: the handover of this trajectory, or the one this registration follows on (the school
        # reads that handover, not the kinderopvang's trajectory). Only a kinderopvang's trajectory is handed over.
        "handover": Handover.objects.restrict(request.user).filter(
            trajectory__in=[trajectory.pk, trajectory.previous_id]).select_related("to_school").first()
        if at_childcare or trajectory.previous_id else None,
        "can_hand_over": at_childcare
        and Trajectory.objects.restrict(request.user, "hand_over").filter(pk=pk).exists(),
    })


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def correct(request, pk):
    trajectory = get_object_or_404(
        Trajectory.objects.restrict(request.user, "correct").select_related("child", "school"), pk=pk,
    )
    form = RegistrationForm(request.POST if request.method == "POST" else None, instance=trajectory, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registrations.correct(trajectory, form.cleaned_data, changes=form.describe_changes(), by=request.user,
                                  version=form.cleaned_data.get("version"), request=request)
        except workflow.ConflictError as conflict:
            form.add_error(None, conflict_message(conflict, CONFLICT_ON_REGISTRATION))
        except registrations.SameChild as same:  # another correction took this identity meanwhile
            form.add_error(None, same_child_message(same.child))
        else:
            messages.success(request, _("De aanmelding is bijgewerkt."))
            return redirect(trajectory)
    return render(request, "trajecten/correct.html", {"form": form, "trajectory": trajectory})
