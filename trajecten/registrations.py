"""Saving a registration and its corrections: the form validates, these functions write.

Like workflow.py for transitions, each write is one transaction: child, trajectory, history row and
access-log entry together, or nothing.
"""

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from audit.log import log_access

from . import consent, notifications, workflow
from .models import Child, ConsentAction, ConsentEntry, ConsentPurpose, RecordChange, Trajectory
from .states import Status

CHILD_FIELDS = ("given_name", "family_name", "date_of_birth", "group")
TRAJECTORY_FIELDS = (
    "pilot", "teacher_name", "help_request", "tried_already", "help_involved", "wants_ambulant",
    "wants_group_arrangement", "wants_consultation", "urgency",
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
    _record_registration_consent(trajectory, cleaned, by)
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
    if not trajectory.guardians.exists():  # the form asks for consent only while none is recorded
        _record_registration_consent(trajectory, cleaned, by)
    if changes:
        RecordChange.objects.create(trajectory=trajectory, changed_by=by, changes=changes)
    log_access(request, "change", trajectory=trajectory, detail=", ".join(change["field"] for change in changes))
    return trajectory


def _set_child(child, cleaned):
    for name in CHILD_FIELDS:
        value = cleaned[name]
        setattr(child, name, value.strip() if isinstance(value, str) else value)
    child.save()


def _record_registration_consent(trajectory, cleaned, by):
    """The one or two guardians the registration names, and the consent each gave (the same purposes, on the same
    day, in the same way: the quick case; the consent page records anything else)."""
    for guardian in cleaned.get("guardians", []):
        recorded = consent.add_guardian(
            trajectory, name=guardian["name"], relation=guardian["relation"],
            has_authority=guardian["has_authority"], by=by,
        )
        if guardian["gave_consent"]:
            consent.write_given(recorded, cleaned["consent_purposes"], on=cleaned["consent_date"],
                                method=cleaned["consent_method"], by=by)


def _purposes_text(purposes):
    return ", ".join(str(ConsentPurpose(purpose).label) for purpose in purposes)


def _ledger_history(trajectory, by, field, text):
    RecordChange.objects.create(trajectory=trajectory, changed_by=by, changes=[
        {"field": field, "old": "—", "new": text},
    ])


@transaction.atomic
def record_consent(trajectory, *, purposes, on, method, by, version, guardian=None, new_guardian=None,
                   request=None):
    """Records consent a guardian gave later (an existing guardian, or `new_guardian`: consent.add_guardian's
    fields), added to the ledger beside what was given before. A new guardian with gezag who cannot be asked is
    recorded with the reason and no purposes."""
    workflow.claim(trajectory, version, by)
    if guardian is None:
        guardian = consent.add_guardian(trajectory, by=by, **new_guardian)
        if guardian.cannot_be_asked:
            _ledger_history(trajectory, by, _("Ouder of voogd"), _("%(guardian)s kan niet gevraagd worden: %(reason)s")
                            % {"guardian": guardian, "reason": guardian.cannot_be_asked_reason})
    if purposes:
        consent.write_given(guardian, purposes, on=on, method=method, by=by)
        _ledger_history(trajectory, by, _("Toestemming gegeven"), _("%(guardian)s, op %(date)s: %(purposes)s") % {
            "guardian": guardian, "date": on.strftime("%d-%m-%Y"), "purposes": _purposes_text(purposes)})
    log_access(request, "change", trajectory=trajectory, user=by, detail=_("toestemming vastgelegd"))
    return guardian


@transaction.atomic
def record_withdrawal(trajectory, *, guardian, purposes, on, by, version, request=None):
    """Records that `guardian` withdrew consent for `purposes` from the day `on`: the steps that depend on them are
    refused from then on (workflow.require_consent). What was recorded before stays as it was."""
    workflow.claim(trajectory, version, by)
    ConsentEntry.objects.bulk_create([
        ConsentEntry(guardian=guardian, purpose=purpose, action=ConsentAction.WITHDRAWN, on=on, recorded_by=by)
        for purpose in purposes
    ])
    _ledger_history(trajectory, by, _("Toestemming ingetrokken"), _("%(guardian)s, vanaf %(date)s: %(purposes)s") % {
        "guardian": guardian, "date": on.strftime("%d-%m-%Y"), "purposes": _purposes_text(purposes)})
    log_access(request, "change", trajectory=trajectory, user=by, detail=_("toestemming ingetrokken"))
