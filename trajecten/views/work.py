"""The KID-team's pages: caseload, all trajectories, the transitions, contact moments, the klasje."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from audit.log import log_access, log_search, logs_child_access
from base.dates import parse_date
from base.display import display_name
from pilots.models import GroupArrangement, Pilot

from .. import consent, followups, placements, registrations, workflow
from ..filters import NameSearch, TrajectoryFilter
from ..forms import (
    AssignForm,
    CompleteForm,
    ConsentForm,
    ConsentWithdrawalForm,
    ContactMomentForm,
    PlacementForm,
    ReassignCaseloadForm,
    ReferForm,
    StartForm,
    WithdrawForm,
)
from ..inzage import collect, document
from ..models import ContactMoment, FollowUp, Trajectory
from ..notifications import mark_new
from ..paging import page_of

# URL slug → (transition name in workflow.TRANSITIONS, its form)
TRANSITION_PAGES = {
    "starten": ("start", StartForm),
    "afronden": ("complete", CompleteForm),
    "doorverwijzen": ("refer", ReferForm),
    "stoppen": ("withdraw", WithdrawForm),
}
FOLLOW_UP_TASKS = 5  # the earliest due; the page "Mijn nazorg" lists them all
SLUG_OF = {name: slug for slug, (name, _form) in TRANSITION_PAGES.items()}
TRANSITION_INTROS = {
    "start": _l("Het traject start met een coach, een startdatum en de toestemming van iedere ouder met gezag voor "
                "ondersteuning in de klas (vastgelegd bij 'Toestemming')."),
    "complete": _l("Rond af als de %(staff)s verder kan of het doel bereikt is. Afgerond is definitief."),
    "refer": _l("Verwijs door naar passende hulp of een passende plek. Doorverwezen is definitief."),
    "withdraw": _l("Stop het traject, bijvoorbeeld na een verhuizing of als ouders hun toestemming intrekken. "
                   "Gestopt is definitief."),
}


CONFLICT_ON_TRAJECTORY = _l(
    "%(name)s heeft dit traject om %(time)s gewijzigd, nadat u het opende. Uw wijziging is niet "
    "opgeslagen. Bekijk het traject opnieuw en probeer het dan nog eens."
)


def conflict_message(conflict, text=CONFLICT_ON_TRAJECTORY):
    """Who saved in between, and when: the second of two people saving gets this instead of an overwrite."""
    current = conflict.trajectory
    return str(text) % {
        "name": display_name(current.updated_by),
        "time": date_format(localtime(current.updated_at), "SHORT_DATETIME_FORMAT"),
    }


def posted_version(request):
    """The version a form was opened at; a 400 for anything but a number (no form of ours sends that)."""
    version = request.POST.get("version", "")
    if not (version.isascii() and version.isdigit()):
        raise BadRequest(_("Het formulier mist het versienummer van het traject."))
    return int(version)


def team_trajectory(request, pk, **filters):
    """A trajectory of one of the user's pilots, or 404 (also for trajectories of other pilots)."""
    return get_object_or_404(
        Trajectory.objects.restrict(request.user, "work")
        .select_related("child", "school", "pilot", "coach", "updated_by"),
        pk=pk, **filters,
    )


def require_team(user):
    # From the memberships the request has read already: a team membership names an existing pilot.
    if not access.pilot_ids(user):
        raise PermissionDenied


def read_list(request, title, page, filterset):
    """A list page read: logged with its title, page number and filters (a search by name as each child it
    found, never the name typed: audit.log.log_search), and its rows marked 'nieuw' for the reader."""
    filters = query_without_page(request)
    filters.pop("naam", None)
    detail = _("%(title)s, pagina %(number)s") % {"title": title, "number": page.number}
    if filters:
        detail = f"{detail}: {filters.urlencode()}"
    if filterset.searched():
        log_search(request, detail, page.object_list)
    else:
        log_access(request, "list", detail=detail)
    mark_new(page.object_list, request.user)


def query_without_page(request):
    query = request.GET.copy()
    query.pop("pagina", None)
    return query


@login_required
def caseload(request):
    """To be started first, then the running trajectories, the longest waiting first; then the closed ones, the
    most recently closed first."""
    require_team(request.user)
    trajectories = (
        Trajectory.objects.caseload_of(request.user)
        .annotate(rank=Case(
            When(status=workflow.Status.REGISTERED, then=Value(0)),
            When(status__in=workflow.OPEN_STATES, then=Value(1)), default=Value(2), output_field=IntegerField(),
        ))
        .order_by("rank", F("end_date").desc(nulls_last=True), "registered_at", "pk")
    )
    filterset = NameSearch(request.GET or None, queryset=trajectories)
    page = page_of(filterset.qs if filterset.is_bound else trajectories, request.GET.get("pagina"),
                   annotations={"consent_withdrawn": consent.withdrawal_in_force()})
    last_contact = ContactMoment.objects.last_dates([trajectory.pk for trajectory in page.object_list])
    for trajectory in page.object_list:
        trajectory.last_contact = last_contact.get(trajectory.pk)
    read_list(request, _("Mijn trajecten"), page, filterset)
    today = timezone.localdate()
    # The follow-up tasks head the caseload's first page; a search by name or a later page is about the list.
    # One more than shown: whether to point to the page with all of them.
    tasks = [] if filterset.searched() or page.number > 1 else FollowUp.objects.first_tasks_of(
        request.user, followups.shown_until(today), FOLLOW_UP_TASKS + 1)
    return render(request, "trajecten/caseload.html", {
        "page": page, "filter": filterset, "query": query_without_page(request).urlencode(),
        "follow_ups": tasks[:FOLLOW_UP_TASKS], "more_follow_ups": len(tasks) > FOLLOW_UP_TASKS,
        "late_follow_ups": sum(task.due_date < today for task in tasks[:FOLLOW_UP_TASKS]), "today": today,
    })


@login_required
def trajectory_list(request):
    require_team(request.user)
    base = Trajectory.objects.restrict(request.user, "work")
    filterset = TrajectoryFilter(request.GET or None, queryset=base, request=request)
    trajectories = filterset.qs if filterset.is_bound else base
    if not request.GET.get("sort"):
        trajectories = trajectories.order_by("-registered_at", "-pk")
    page = page_of(trajectories, request.GET.get("pagina"),
                   annotations={"consent_withdrawn": consent.withdrawal_in_force()})
    read_list(request, _("Alle trajecten"), page, filterset)
    query = query_without_page(request)
    filters = query.copy()
    filters.pop("naam", None)
    return render(request, "trajecten/trajectory_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
        # The filters in force, carried along by a search on name; the form to change them is a page of its own.
        "chosen": filterset.chosen(), "filters": filters,
        "only_name": urlencode({"naam": query["naam"]}) if query.get("naam") else "",
    })


@login_required
def trajectory_filters(request):
    """The filters and sorting of "Alle trajecten", filled in as the list has them; they are sent to the list."""
    require_team(request.user)
    filterset = TrajectoryFilter(request.GET or None, queryset=Trajectory.objects.none(), request=request)
    return render(request, "trajecten/trajectory_filters.html", {"filter": filterset})


@login_required
@logs_child_access(Trajectory)
@require_POST
def take(request, pk):
    trajectory = team_trajectory(request, pk, status=workflow.Status.REGISTERED, coach__isnull=True)
    if not Pilot.objects.restrict(request.user, "coach").filter(pk=trajectory.pilot_id).exists():
        raise PermissionDenied
    try:
        workflow.assign_coach(trajectory, request.user, by=request.user, version=posted_version(request),
                              request=request)
    except workflow.ConflictError as conflict:
        messages.error(request, conflict_message(conflict))
        return redirect("trajecten:queue")
    messages.success(request, _("U bent nu de coach van %(child)s.") % {"child": trajectory.child.full_name})
    return redirect(trajectory)


@login_required
@logs_child_access(Trajectory)
@require_POST
def assign(request, pk):
    trajectory = team_trajectory(request, pk, status__in=workflow.OPEN_STATES)
    if not Pilot.objects.restrict(request.user, "coordinate").filter(pk=trajectory.pilot_id).exists():
        raise PermissionDenied
    form = AssignForm(request.POST, trajectory=trajectory, user=request.user)
    if form.is_valid():
        try:
            workflow.assign_coach(trajectory, form.cleaned_data["coach"], by=request.user,
                                  version=form.cleaned_data["version"], request=request)
        except workflow.ConflictError as conflict:
            messages.error(request, conflict_message(conflict))
        else:
            messages.success(request, _("%(coach)s is nu de coach van %(child)s.") % {
                "coach": display_name(form.cleaned_data["coach"]), "child": trajectory.child.full_name,
            })
    else:
        messages.error(request, _("Kies een coach uit het team van de pilot."))
    return redirect("trajecten:queue") if request.POST.get("terug") == "wachtrij" else redirect(trajectory)


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def transition(request, pk, slug):
    if slug not in TRANSITION_PAGES:
        raise Http404
    name, form_class = TRANSITION_PAGES[slug]
    trajectory = team_trajectory(request, pk)
    if trajectory.status not in workflow.TRANSITIONS[name].sources:
        raise Http404
    form = form_class(request.POST if request.method == "POST" else None, trajectory=trajectory, user=request.user)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason") or form.cleaned_data.get("note", "")
        referral = form.referral() if name == "refer" else None
        try:
            workflow.perform(
                trajectory, name, by=request.user, version=form.cleaned_data["version"], reason=reason,
                reason_shared=form.cleaned_data.get("note_shared", False),
                referral=referral, request=request, changes=form.changes(),
            )
        except workflow.ConflictError as conflict:
            form.add_error(None, conflict_message(conflict))
        except (workflow.TransitionNotAllowed, ValidationError) as refused:
            form.add_error(None, " ".join(getattr(refused, "messages", [_("Deze stap kan nu niet.")])))
        else:
            messages.success(request, _("Het traject staat nu op '%s'.") % trajectory.get_status_display())
            return redirect(trajectory)
    return render(request, "trajecten/form_page.html", {
        "form": form, "trajectory": trajectory, "title": workflow.TRANSITIONS[name].label,
        "intro": TRANSITION_INTROS[name] % {"staff": trajectory.school.words.staff},
    })


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def add_contact_moment(request, pk):
    trajectory = team_trajectory(request, pk, status__in=workflow.OPEN_STATES)
    form = ContactMomentForm(request.POST if request.method == "POST" else None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            moment = form.save(commit=False)
            moment.trajectory = trajectory
            moment.created_by = request.user
            moment.save()
            log_access(request, "change", trajectory=trajectory, detail=_("contactmoment vastgelegd"))
        messages.success(request, _("Het contactmoment is opgeslagen."))
        return redirect(trajectory)
    return render(request, "trajecten/form_page.html", {
        "form": form, "trajectory": trajectory, "title": _("Contactmoment vastleggen"),
        "intro": _("Zet 'Zichtbaar voor de %(place)s' alleen aan voor wat de %(registrar)s mag lezen.") % {
            "place": trajectory.school.words.place, "registrar": trajectory.school.words.registrar,
        },
    })


def consent_page(request, trajectory, form, title, intro, *, withdraw_link=False):
    guardians = consent.ledger(trajectory)
    return render(request, "trajecten/consent.html", {
        "form": form, "trajectory": trajectory, "title": title, "intro": intro, "withdraw_link": withdraw_link,
        "guardians": guardians, "holding_labels": consent.labels(consent.holding_in(guardians)),
    })


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def add_consent(request, pk):
    trajectory = team_trajectory(request, pk, status__in=workflow.OPEN_STATES)
    form = ConsentForm(request.POST if request.method == "POST" else None, trajectory=trajectory, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registrations.record_consent(
                trajectory, guardian=form.cleaned_data["guardian_object"], new_guardian=form.new_guardian(),
                purposes=form.cleaned_data["purposes"], on=form.cleaned_data["consent_date"],
                method=form.cleaned_data["method"], by=request.user, version=form.cleaned_data["version"],
                request=request,
            )
        except workflow.ConflictError as conflict:
            form.add_error(None, conflict_message(conflict))
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect(trajectory)
    return consent_page(request, trajectory, form, _("Toestemming"), _(
        "Leg vast wat een ouder of voogd toestemde, ook later, zoals deelname aan een groepsarrangement of het delen "
        "van gegevens bij een doorverwijzing. Wat eerder is vastgelegd blijft staan."), withdraw_link=True)


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def withdraw_consent(request, pk):
    trajectory = team_trajectory(request, pk, status__in=workflow.OPEN_STATES)
    form = ConsentWithdrawalForm(request.POST if request.method == "POST" else None, trajectory=trajectory,
                                 user=request.user)
    if not form.standing:
        messages.info(request, _("Er is geen gegeven toestemming om in te trekken."))
        return redirect("trajecten:consent", pk=trajectory.pk)
    if request.method == "POST" and form.is_valid():
        try:
            registrations.record_withdrawal(
                trajectory, guardian=form.cleaned_data["guardian_object"], purposes=form.cleaned_data["purposes"],
                on=form.cleaned_data["withdrawn_on"], by=request.user, version=form.cleaned_data["version"],
                request=request,
            )
        except workflow.ConflictError as conflict:
            form.add_error(None, conflict_message(conflict))
        else:
            messages.warning(request, _("De intrekking is vastgelegd. Wat van deze toestemming afhangt, kan vanaf "
                                        "die datum niet meer."))
            return redirect(trajectory)
    return consent_page(request, trajectory, form, _("Toestemming intrekken"), _(
        "Trekt een ouder of voogd toestemming in, leg dat hier vast. Niets wordt gewist: de intrekking komt bij "
        "de eerder gegeven toestemming te staan."))


@login_required
@logs_child_access(Trajectory)
@require_http_methods(["GET", "POST"])
def add_placement(request, pk):
    trajectory = team_trajectory(request, pk, status=workflow.Status.ACTIVE)
    form = PlacementForm(request.POST if request.method == "POST" else None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            placements.place(
                trajectory, form.cleaned_data["arrangement"], list(form.cleaned_data["day_parts"]),
                form.cleaned_data["start_date"], by=request.user, request=request,
            )
        except ValidationError as refused:
            form.add_error(None, " ".join(refused.messages))
        else:
            messages.success(request, _("Het kind is geplaatst in het groepsarrangement."))
            return redirect(trajectory)
    return render(request, "trajecten/form_page.html", {
        "form": form, "trajectory": trajectory, "title": _("Plaatsen in een groepsarrangement"),
        "intro": _("Alleen naast het ambulante traject, binnen het maximum aantal dagdelen per kind."),
    })


@login_required
@require_http_methods(["GET", "POST"])
def reassign_caseload(request):
    if not Pilot.objects.restrict(request.user, "coordinate").exists():
        raise PermissionDenied
    form = ReassignCaseloadForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pilot, source, target = (form.cleaned_data[k] for k in ("pilot", "from_coach", "to_coach"))
        moved = 0
        with transaction.atomic():
            caseload = Trajectory.objects.restrict(request.user, "work").open().filter(pilot=pilot, coach=source)
            for trajectory in caseload.select_related("coach", "child").select_for_update(of=("self",)):
                workflow.assign_coach(trajectory, target, by=request.user, version=trajectory.version,
                                      request=request)
                moved += 1
        messages.success(request, _("%(count)s open trajecten zijn overgedragen aan %(coach)s.") % {
            "count": moved, "coach": display_name(target),
        })
        return redirect("trajecten:list")
    return render(request, "trajecten/form_page.html", {
        "form": form, "title": _("Caseload overdragen"),
        "intro": _("Alle open trajecten van de ene coach in de pilot gaan naar de andere. Elke overdracht wordt "
                   "bij het traject vastgelegd."),
    })


@login_required
def arrangement_week(request, pk):
    arrangement = get_object_or_404(
        GroupArrangement.objects.filter(pilot__in=Pilot.objects.restrict(request.user, "work")).select_related("pilot"),
        pk=pk,
    )
    day = parse_date(request.GET.get("week")) or timezone.localdate()
    monday = day - datetime.timedelta(days=day.weekday())
    rows = placements.week_occupancy(arrangement, monday)
    log_access(request, "list", detail=_("bezetting %(name)s week van %(date)s") % {
        "name": arrangement.name, "date": monday.isoformat(),
    })
    return render(request, "trajecten/arrangement_week.html", {
        "arrangement": arrangement, "rows": rows, "monday": monday,
        "previous_week": monday - datetime.timedelta(days=7), "next_week": monday + datetime.timedelta(days=7),
    })


@login_required
@logs_child_access(Trajectory)
def inzage(request, pk, as_json=False):
    """A coördinator exports all the portal holds about the child of this trajectory, for the parents."""
    trajectory = get_object_or_404(
        Trajectory.objects.restrict(request.user, "coordinate").select_related("child__school"),
        pk=pk,
    )
    child = trajectory.child
    log_access(request, "export", trajectory=trajectory, detail=_("inzage %s") % ("JSON" if as_json else "pagina"))
    data = collect(child, request.user)
    if as_json:
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="inzage-{child.code}.json"'
        return response
    return render(request, "trajecten/inzage.html", {
        "data": data, "document": document(data), "trajectory": trajectory,
    })
