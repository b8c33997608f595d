"""Every change that moves a figure marks the pilot's monthly summary stale (summary.py).

Signals, not calls in each view: a trajectory is saved by the registration form, the workflow,
the admin and the retention job, and a summary that one of them forgot would show wrong figures.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from trajecten.models import Referral, Trajectory

from .summary import mark_stale


@receiver([post_save, post_delete], sender=Trajectory)
def trajectory_changed(sender, instance, **kwargs):
    mark_stale(instance.pilot_id)
    if instance.loaded_pilot_id not in (None, instance.pilot_id):
        mark_stale(instance.loaded_pilot_id)  # moved to another pilot: the old one loses it


@receiver(m2m_changed, sender=Trajectory.concern_areas.through)
def concern_areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # a concern area's trajectories changed
        for pilot_id in Trajectory.objects.filter(pk__in=pk_set or []).values_list("pilot_id", flat=True).distinct():
            mark_stale(pilot_id)
    else:
        mark_stale(instance.pilot_id)


@receiver([post_save, post_delete], sender=Referral)
def referral_changed(sender, instance, **kwargs):
    trajectory = instance.trajectory if Referral.trajectory.is_cached(instance) else None
    pilot_id = trajectory.pilot_id if trajectory else (
        Trajectory.objects.filter(pk=instance.trajectory_id).values_list("pilot_id", flat=True).first()
    )
    mark_stale(pilot_id)
