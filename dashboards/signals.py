"""Every change that moves a figure marks the months it touches stale in the pilot's monthly summary
(summary.py): the months of a trajectory's registration, start and end, before and after the change.

Signals, not calls in each view: a trajectory is saved by the registration form, the workflow,
the admin and the retention job, and a summary that one of them forgot would show wrong figures.
Queryset.update() and bulk_create() send no signals: code that changes dates that way calls
summary.mark_stale() itself (or `manage.py refresh_figures` rebuilds everything).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from trajecten.models import Referral, Trajectory

from .summary import mark_stale, month_of, months_of


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
