"""Every change that moves a figure marks the months it touches stale in the pilot's monthly summary
(summary.py): the months of a trajectory's registration, start and end, before and after the change.

Signals, not calls in each view: a trajectory is saved by the registration form, the workflow,
the admin and the retention job, and a summary that one of them forgot would show wrong figures.
The durability figure counts in the month a trajectory ended what happened later: a follow-up's
answer, and the child's next registration (`previous`); both mark that month too. A handover to school marks
its own month, and the child's next registration that month as well (the continuing line).
Queryset.update() and bulk_create() send no signals: code that changes dates that way calls
summary.mark_stale() itself (or `manage.py refresh_figures` rebuilds everything).

Lead times in school days hang on the school holidays and on a school's holiday region and type: a change to
either marks the pilots concerned stale as a whole.

Group-arrangement occupancy is not in the summary but is cached with its figures: a change to an
arrangement, its day parts or a placement renews the pilot's token instead, and the token of the
pilot it belonged to before. (The workflow ends placements with update() as it closes a trajectory,
whose own save marks its pilot's months stale; a placement's arrangement is of the trajectory's
pilot, and an arrangement with placements keeps its pilot: GroupArrangement.clean.)
"""

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from partners.models import School, SchoolHoliday
from pilots.models import DayPart, GroupArrangement, Pilot
from trajecten.models import ContactMoment, FollowUp, GroupPlacement, Handover, Referral, Trajectory

from .summary import mark_stale, month_of, months_of, renew_versions


def _loaded_months(trajectory):
    registered_at, start_date, end_date = trajectory.loaded_dates or (None, None, None)
    days = [timezone.localdate(registered_at) if registered_at else None, start_date, end_date]
    return {month_of(day) for day in days if day}


@receiver([post_save, post_delete], sender=Trajectory)
def trajectory_changed(sender, instance, **kwargs):
    now, before = months_of(instance), _loaded_months(instance)
    if instance.loaded_pilot_id not in (None, instance.pilot_id):
        mark_stale(instance.loaded_pilot_id, before)  # moved to another pilot: the old one loses it
        before = set()
    moved = (instance.loaded_pilot_id, instance.loaded_school_id) not in (
        (None, None), (instance.pilot_id, instance.school_id))
    if moved:  # its contact moments' minutes move with it, in their own months (hours per school)
        contacts = {month_of(day) for day in instance.contact_moments.values_list("date", flat=True)}
        if contacts and instance.loaded_pilot_id != instance.pilot_id:
            mark_stale(instance.loaded_pilot_id, contacts)
        now |= contacts
    mark_stale(instance.pilot_id, now | before)
    if instance.previous_id and (kwargs.get("created") or "created" not in kwargs):
        # A child registered again (or that registration deleted): the earlier trajectory's end month counts who
        # came back (the durability figure).
        # The continuing line counts it in the month of the earlier trajectory's handover to school.
        previous = (Trajectory.objects.filter(pk=instance.previous_id).values("pilot_id", "end_date")
                    .annotate(handed_over=Max("handovers__date")).order_by("pilot_id").first())
        if previous:
            days = {previous["end_date"], previous["handed_over"]} - {None}
            mark_stale(previous["pilot_id"], {month_of(day) for day in days})


@receiver([post_save, post_delete], sender=Handover)
def handover_changed(sender, instance, **kwargs):
    """A handover counts in its month, for the pilot of the trajectory it hands over (the continuing line)."""
    pilot_id = Trajectory.objects.filter(pk=instance.trajectory_id).values_list("pilot_id", flat=True).first()
    if pilot_id:
        mark_stale(pilot_id, {month_of(instance.date)})


@receiver([post_save, post_delete], sender=FollowUp)
def follow_up_changed(sender, instance, **kwargs):
    """An answered follow-up counts in the month its trajectory ended."""
    trajectory = Trajectory.objects.filter(pk=instance.trajectory_id).values("pilot_id", "end_date").first()
    if trajectory and trajectory["end_date"]:
        mark_stale(trajectory["pilot_id"], {month_of(trajectory["end_date"])})


@receiver([post_save, post_delete], sender=ContactMoment)
def contact_moment_changed(sender, instance, **kwargs):
    """Its minutes count in the month of its date, for its trajectory's pilot and school (hours per school)."""
    pilot_id = Trajectory.objects.filter(pk=instance.trajectory_id).values_list("pilot_id", flat=True).first()
    if pilot_id:
        mark_stale(pilot_id, {month_of(instance.date)})


@receiver(m2m_changed, sender=Trajectory.concern_areas.through)
def concern_areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    trajectories = Trajectory.objects.filter(pk__in=pk_set or []) if reverse else [instance]
    for trajectory in trajectories:
        mark_stale(trajectory.pilot_id, months_of(trajectory))


@receiver([post_save, post_delete], sender=Referral)
def referral_changed(sender, instance, **kwargs):
    trajectory = instance.trajectory if Referral.trajectory.is_cached(instance) else (
        Trajectory.objects.filter(pk=instance.trajectory_id).first()
    )
    if trajectory is not None:
        mark_stale(trajectory.pilot_id, months_of(trajectory) | {month_of(instance.date)})


def _renew_after_commit(pilot_ids):
    """Occupancy is cached with the summary's figures (summary.compute): a new token reads it anew.

    After the commit, and only for pilots that still exist: a pilot's deletion removes its token first
    and its arrangements after it, whose signals would otherwise write a token for a pilot that is gone.
    A reader before the commit keys the old occupancy under the old token, which this renewal retires."""
    pilot_ids = {pilot_id for pilot_id in pilot_ids if pilot_id}
    if pilot_ids:
        existing = Pilot.objects.filter(pk__in=pilot_ids).values_list("pk", flat=True)
        transaction.on_commit(lambda: renew_versions(existing))


def _pilots_of(arrangement_ids):
    return list(GroupArrangement.objects.filter(pk__in=arrangement_ids).values_list("pilot_id", flat=True))


@receiver(pre_save, sender=GroupArrangement)
@receiver(pre_save, sender=DayPart)
@receiver(pre_save, sender=GroupPlacement)
def remember_pilot(sender, instance, **kwargs):
    """The pilot the arrangement belonged to before this save: moved to another pilot, both change."""
    instance.pilot_before = None
    if not instance._state.adding:
        stored = {GroupArrangement: Q(pk=instance.pk), DayPart: Q(day_parts=instance.pk),
                  GroupPlacement: Q(placements=instance.pk)}[sender]
        instance.pilot_before = GroupArrangement.objects.filter(stored).values_list("pilot_id", flat=True).first()


@receiver([post_save, post_delete], sender=GroupArrangement)
def arrangement_changed(sender, instance, **kwargs):
    _renew_after_commit([instance.pilot_id, getattr(instance, "pilot_before", None)])


@receiver([post_save, post_delete], sender=DayPart)
@receiver([post_save, post_delete], sender=GroupPlacement)
def arrangement_part_changed(sender, instance, **kwargs):
    # By query: on a cascade the arrangement may be gone already (and then renewed its pilot's token itself).
    _renew_after_commit([*_pilots_of([instance.arrangement_id]), getattr(instance, "pilot_before", None)])


@receiver(m2m_changed, sender=GroupPlacement.day_parts.through)
def placement_day_parts_changed(sender, instance, action, **kwargs):
    # From either side (a placement or a day part) the arrangement is the same one.
    if action.startswith("post_"):
        _renew_after_commit(_pilots_of([instance.arrangement_id]))


@receiver([post_save, post_delete], sender=SchoolHoliday)
def school_holiday_changed(sender, instance, **kwargs):
    """A school holiday moves lead times in school days of every pilot with a school in its region (and any later
    month can hold a trajectory that spans it): those pilots are rebuilt whole. The beheerder adds a year once."""
    pilots = (Trajectory.objects.filter(school__holiday_region=instance.region).order_by()
              .values_list("pilot_id", flat=True).distinct())
    for pilot_id in pilots:
        mark_stale(pilot_id)


@receiver(post_save, sender=School)
def school_changed(sender, instance, created, **kwargs):
    """A school's holiday region or type decides its school days, and its municipality where the split by
    municipality counts it: its pilots' figures are rebuilt."""
    if not created:
        for pilot_id in (Trajectory.objects.filter(school=instance).order_by()
                         .values_list("pilot_id", flat=True).distinct()):
            mark_stale(pilot_id)
