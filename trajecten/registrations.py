"""Saving a registration and its corrections: the form validates, these functions write.

Like workflow.py for transitions, each write is one transaction: child, trajectory, history row and
access-log entry together, or nothing.
"""

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from audit.log import log_access

from . import notifications, workflow
from .models import Child, ConsentBy, ConsentPurpose, RecordChange, Trajectory
from .states import Status

CHILD_FIELDS = ("given_name", "family_name", "date_of_birth", "group")
TRAJECTORY_FIELDS = (
    "pilot", "teacher_name", "help_request", "tried_already", "help_involved", "wants_ambulant",
    "wants_group_arrangement", "wants_consultation", "urgency", "consent_given", "consent_date", "consent_by",
    "consent_purposes",
)


class AlreadyRegistered(Exception):
    """The child has an open trajectory at the school already (a double submit, or two IB-ers at once)."""

    def __init__(self, trajectory):
        self.trajectory = trajectory
        super().__init__(str(trajectory.pk))


def matching_child(school, given_name, family_name, date_of_birth):
    """The child already known at `school` by these name and birth date, compared as the unique index
    child_unique_per_school is written (LOWER), so that the index is used."""
    return Child.objects.alias(given=Lower("given_name"), family=Lower("family_name")).filter(
        school=school, given=Lower(Value(given_name.strip())), family=Lower(Value(family_name.strip())),
        date_of_birth=date_of_birth,
    ).first()


def open_trajectory_of(child):
    return child.trajectories.open().filter(school=child.school).first()


def register(cleaned, *, by, request=None):
    """Saves a validated registration: the child (new, or known at the school) and its trajectory, born
    aangemeld. Raises AlreadyRegistered when a submit that raced this one saved the child first."""
    try:
        return _register(cleaned, by, request)
    except IntegrityError:
        child = matching_child(*(cleaned[name] for name in ("school", "given_name", "family_name", "date_of_birth")))
        duplicate = child and open_trajectory_of(child)
        if not duplicate:
            raise
        raise AlreadyRegistered(duplicate) from None


@transaction.atomic
def _register(cleaned, by, request):
    school = cleaned["school"]
    child = matching_child(school, cleaned["given_name"], cleaned["family_name"], cleaned["date_of_birth"])
    child = child or Child(school=school)
    _set_child(child, cleaned)
    trajectory = Trajectory(child=child, school=school, **{name: cleaned[name] for name in TRAJECTORY_FIELDS})
    workflow.register(trajectory, by=by, request=request)
    trajectory.concern_areas.set(cleaned["concern_areas"])
    notifications.notify_new_registration(trajectory, by=by)
    return trajectory


class SameChild(Exception):
    """A correction gave the child the name and birth date of another child of the school."""

    def __init__(self, child):
        self.child = child
        super().__init__(str(child.pk))


def correct(trajectory, cleaned, *, changes, by, version, request=None):
    """Saves an IB-er's correction of a registration still aangemeld, if nobody saved in between
    (ConflictError otherwise), and records `changes` (field, old, new) beside it. Raises SameChild when
    another child of the school took this identity after validation."""
    try:
        return _correct(trajectory, cleaned, changes, by, version, request)
    except IntegrityError:
        other = matching_child(*(cleaned[name] for name in ("school", "given_name", "family_name", "date_of_birth")))
        if other is None or other.pk == trajectory.child_id:
            raise
        raise SameChild(other) from None


@transaction.atomic
def _correct(trajectory, cleaned, changes, by, version, request):
    if trajectory.status != Status.REGISTERED:
        raise workflow.TransitionNotAllowed("correct")
    workflow.claim(trajectory, version, by)
    _set_child(trajectory.child, cleaned)
    for name in TRAJECTORY_FIELDS:
        setattr(trajectory, name, cleaned[name])
    trajectory.save()
    trajectory.concern_areas.set(cleaned["concern_areas"])
    if changes:
        RecordChange.objects.create(trajectory=trajectory, changed_by=by, changes=changes)
    log_access(request, "change", trajectory=trajectory, detail=", ".join(change["field"] for change in changes))
    return trajectory


def _set_child(child, cleaned):
    for name in CHILD_FIELDS:
        value = cleaned[name]
        setattr(child, name, value.strip() if isinstance(value, str) else value)
    child.save()


@transaction.atomic
def add_consent(trajectory, *, purposes, given_on, given_by, by, version, request=None):
    """Records consent the parents gave later, for more purposes (a group arrangement, sharing at referral):
    added to what was given, never replacing it, with a history row saying when and by whom."""
    workflow.claim(trajectory, version, by)
    before = list(trajectory.consent_purposes)
    trajectory.consent_purposes = before + [purpose for purpose in purposes if purpose not in before]
    if not trajectory.consent_given:
        trajectory.consent_given, trajectory.consent_date, trajectory.consent_by = True, given_on, given_by
    trajectory.save()
    given = _("gegeven op %(date)s door %(whom)s") % {
        "date": given_on.strftime("%d-%m-%Y"), "whom": ConsentBy(given_by).label}
    RecordChange.objects.create(trajectory=trajectory, changed_by=by, changes=[{
        "field": str(_("Toestemming voor")),
        "old": ", ".join(str(ConsentPurpose(code).label) for code in before) or "—",
        "new": f"{trajectory.consent_purposes_display()} ({given})",
    }])
    log_access(request, "change", trajectory=trajectory, detail=str(_("toestemming aangevuld")))
    return trajectory

