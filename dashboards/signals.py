"""Every change that moves a figure marks the months it touches stale in the pilot's monthly summary
(summary.py): the months of a trajectory's registration, start and end, before and after the change.

Signals, not calls in each view: a trajectory is saved by the registration form, the workflow,
the admin and the retention job, and a summary that one of them forgot would show wrong figures.
Queryset.update() and bulk_create() send no signals: code that changes dates that way calls
summary.mark_stale() itself (or `manage.py refresh_figures` rebuilds everything).

Group-arrangement occupancy is not in the summary but is cached with its figures: a change to an
arrangement, its day parts or a placement renews the pilot's token instead. (The workflow ends
placements with update() as it closes a trajectory, whose own save marks its months stale.)
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from pilots.models import DayPart, GroupArrangement
from trajecten.models import GroupPlacement, Referral, Trajectory

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
    mark_stale(instance.pilot_id, now | before)


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


@receiver([post_save, post_delete], sender=GroupArrangement)
def arrangement_changed(sender, instance, **kwargs):
    """Occupancy is cached with the summary's figures (summary.compute): a new token reads it anew."""
    renew_versions([instance.pilot_id])


@receiver([post_save, post_delete], sender=DayPart)
@receiver([post_save, post_delete], sender=GroupPlacement)
def arrangement_part_changed(sender, instance, **kwargs):
    # By query: on a cascade the arrangement may be gone already (and then renewed its pilot's token itself).
    renew_versions(GroupArrangement.objects.filter(pk=instance.arrangement_id).values_list("pilot_id", flat=True))


@receiver(m2m_changed, sender=GroupPlacement.day_parts.through)
def placement_day_parts_changed(sender, instance, action, **kwargs):
    # From either side (a placement or a day part) the arrangement is the same one.
    if action.startswith("post_"):
        arrangement_part_changed(sender, instance)
