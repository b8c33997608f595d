"""The trajectory's allowed transitions, and the one place where a trajectory's status changes.

The states (states.py) follow DESIGN.md: aangemeld → ambulant traject → afgerond / doorverwezen, and
gestopt from either open state. Each transition declares the fields it may change. A change writes
the trajectory, its `StatusChange` row and its access-log entry in one transaction. Every change first
claims the trajectory's version: two people saving the same trajectory at once, the second gets a
`ConflictError` instead of overwriting the first.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.log import log_access
from base.display import display_name

from . import consent, followups, notifications
from .models import ConsentPurpose, GroupPlacement, RecordChange, StatusChange, Trajectory
from .states import CLOSED_STATES, OPEN_STATES, Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: Status
    fields: tuple = ()  # what the transition may change on the trajectory besides its status


TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition("start", _("Traject starten"), (Status.REGISTERED,), Status.ACTIVE, fields=("coach", "start_date")),
        Transition("complete", _("Afronden"), (Status.ACTIVE,), Status.COMPLETED, fields=("outcome", "end_date")),
        Transition("refer", _("Doorverwijzen"), (Status.ACTIVE,), Status.REFERRED, fields=("end_date",)),
        Transition("withdraw", _("Stoppen"), (Status.REGISTERED, Status.ACTIVE), Status.WITHDRAWN,
                   fields=("end_date",)),
    ]
}


class TransitionNotAllowed(Exception):
    pass


class ConflictError(Exception):
    """Somebody else saved the trajectory after this form was opened."""

    def __init__(self, trajectory):
        self.trajectory = trajectory
        super().__init__(str(trajectory.pk))


def allowed_transitions(trajectory):
    return [t for t in TRANSITIONS.values() if trajectory.status in t.sources]


def claim(trajectory, version, by):
    """Takes the trajectory at `version` for a change by `by`, or raises ConflictError."""
    claimed = Trajectory.objects.filter(pk=trajectory.pk, version=version).update(
        version=F("version") + 1, updated_by=by, updated_at=timezone.now(),
    )
    if not claimed:
        raise ConflictError(Trajectory.objects.select_related("updated_by").get(pk=trajectory.pk))
    trajectory.version = int(version) + 1
    trajectory.updated_by = by


@transaction.atomic
def register(trajectory, *, by, request=None):
    """The birth of a trajectory: saved as aangemeld with its first StatusChange and log entry."""
    if trajectory.previous_id is None:
        # Every later trajectory of a child points at the one before: the dashboards count a child
        # once through this link (dashboards/summary.py).
        trajectory.previous = trajectory.child.trajectories.order_by("-registered_at").first()
    trajectory.status = Status.REGISTERED
    trajectory.registered_by = by
    trajectory.updated_by = by
    trajectory.save()
    StatusChange.objects.create(
        trajectory=trajectory, from_status="", to_status=Status.REGISTERED, changed_by=by,
        reason=_("Aangemeld door de school."), shared_with_school=True,
    )
    log_access(request, "create", trajectory=trajectory, user=by)
    return trajectory


# What each step needs the parents' consent for (ConsentPurpose); without it the step is refused. A placement in a
# group arrangement (placements.py) needs ConsentPurpose.GROUP, the handover to school ConsentPurpose.HANDOVER.
PURPOSE_OF = {"start": ConsentPurpose.SUPPORT, "refer": ConsentPurpose.SHARING}


def require_consent(trajectory, purpose, on=None):
    """Refuses a step the parents' consent does not cover, on the day the step takes effect (`on`) and today:
    a withdrawal stops what depends on the purpose from its date, also a step dated earlier but taken now.
    The message says what is missing, whose consent, and where to record it."""
    today = timezone.localdate()
    for day in dict.fromkeys((on or today, today)):
        if not consent.holds(trajectory, purpose, day):
            raise ValidationError(_refusal(trajectory, purpose, day))


def _refusal(trajectory, purpose, day):
    label = ConsentPurpose(purpose).label
    withdrawn = consent.withdrawals_in_force(trajectory, day).filter(purpose=purpose).first()
    if withdrawn:
        return _(
            "%(guardian)s heeft de toestemming voor %(purpose)s ingetrokken op %(date)s. Zonder die toestemming kan "
            "deze stap niet. Geeft de ouder opnieuw toestemming, leg dat dan vast bij 'Toestemming'."
        ) % {"guardian": withdrawn.guardian, "purpose": label, "date": withdrawn.on.strftime("%d-%m-%Y")}
    missing = list(consent.lacking(trajectory.pk, purpose, day))
    if missing and trajectory.guardians.exclude(pk__in=[g.pk for g in missing]).filter(has_authority=True).exists():
        return _(
            "Nog niet iedere ouder met gezag gaf toestemming voor: %(purpose)s. Ontbreekt: %(guardians)s. Leg die "
            "toestemming eerst vast bij 'Toestemming'."
        ) % {"purpose": label, "guardians": ", ".join(str(guardian) for guardian in missing)}
    if day != timezone.localdate() and consent.holds(trajectory, purpose):
        return _("Op %(date)s was er nog geen toestemming van de ouders voor: %(purpose)s. Kies een latere datum.") % {
            "date": day.strftime("%d-%m-%Y"), "purpose": label}
    return _(
        "De ouders gaven (nog) geen toestemming voor: %(purpose)s. Leg die toestemming eerst vast met "
        "'Toestemming' bij het traject."
    ) % {"purpose": label}


def _check_preconditions(trajectory, name, referral):
    if name == "start":
        missing = [label for ok, label in [
            (trajectory.coach_id, _("een coach")),
            (trajectory.start_date, _("een startdatum")),
        ] if not ok]
        if missing:
            missing = ", ".join(str(label) for label in missing)
            raise ValidationError(_("Een traject start pas met %(missing)s.") % {"missing": missing})
    elif name == "complete" and not trajectory.outcome:
        raise ValidationError(_("Afronden kan pas met een uitkomst."))
    elif name == "refer" and referral is None:
        raise ValidationError(_("Doorverwijzen kan pas met een doorverwijzing."))
    if name in PURPOSE_OF:
        require_consent(trajectory, PURPOSE_OF[name], trajectory.start_date if name == "start" else referral.date)


@transaction.atomic
def perform(trajectory, name, *, by, version, changes=None, reason="", reason_shared=False, referral=None,
            request=None):
    """Performs transition `name`: checks, claims, applies `changes` (only the fields the transition
    declares), saves, and writes StatusChange and log entry."""
    transition = TRANSITIONS.get(name)
    if transition is None or trajectory.status not in transition.sources:
        raise TransitionNotAllowed(name)
    changes = changes or {}
    undeclared = set(changes) - set(transition.fields)
    if undeclared:
        raise TypeError(f"{name} does not change {', '.join(sorted(undeclared))}")
    claim(trajectory, version, by)
    from_status = trajectory.status
    for field, value in changes.items():
        setattr(trajectory, field, value)
    _check_preconditions(trajectory, name, referral)
    trajectory.status = transition.target
    if transition.target in CLOSED_STATES:
        trajectory.end_date = trajectory.end_date or timezone.localdate()
        # A placement in a group arrangement ends with the trajectory; one not yet begun lapses.
        placements = GroupPlacement.objects.filter(trajectory=trajectory)
        placements.filter(start_date__gt=trajectory.end_date).delete()
        placements.running_from(trajectory.end_date).update(end_date=trajectory.end_date)
    trajectory.save()
    if referral is not None:
        referral.trajectory = trajectory
        referral.save()
    StatusChange.objects.create(
        trajectory=trajectory, from_status=from_status, to_status=transition.target, changed_by=by,
        reason=reason, shared_with_school=reason_shared,
    )
    followups.schedule(trajectory)  # nazorg at 3 and 6 months after completion or referral
    notifications.notify_school(trajectory, by=by)
    log_access(request, "change", trajectory=trajectory, detail=str(transition.label))
    return trajectory


@transaction.atomic
def assign_coach(trajectory, coach, *, by, version, request=None):
    """Gives an open trajectory its coach (taking from the queue, assigning, handing over)."""
    if trajectory.status not in OPEN_STATES:
        raise TransitionNotAllowed("assign")
    previous = trajectory.coach
    claim(trajectory, version, by)
    trajectory.coach = coach
    trajectory.save(update_fields=["coach"])
    RecordChange.objects.create(trajectory=trajectory, changed_by=by, changes=[
        {"field": str(_("Coach")), "old": display_name(previous), "new": display_name(coach)},
    ])
    log_access(request, "change", trajectory=trajectory, user=by, detail=str(_("coach toegewezen")))
    notifications.notify_coach(trajectory, by=by)
    return trajectory
