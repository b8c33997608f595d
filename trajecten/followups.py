"""Nazorg (issue 19): three and six months after a trajectory is completed or referred, its coach asks how the
child is doing in class.

The follow-ups are rows made when the trajectory closes (`schedule`, called by workflow.perform in the
transition's transaction), each due a whole number of months after the end date. A closed trajectory is final, so
its end date and with it the due dates never move. A withdrawn trajectory gets none: there was no support whose
lasting could be asked about. Recording the answer (`record`) is one transaction with its access-log entry;
a recorded follow-up is not changed afterwards.
"""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import log_access

from .models import FollowUp, FollowUpMoment
from .states import Status

FOLLOWED_UP = (Status.COMPLETED, Status.REFERRED)
# A follow-up shows among the coach's tasks this many days before it is due.
SHOWN_BEFORE = datetime.timedelta(days=14)
# A child "came back" (the dashboards' durability figure) when registered again at most this long after a
# trajectory was completed or referred: a later trajectory linked to it through `Trajectory.previous`.
CAME_BACK_WITHIN = datetime.timedelta(days=365)


def months_after(day, months):
    """The same day `months` later, or the last day of that month (31 August + 6 months: 28/29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(trajectory):
    """The follow-ups of a trajectory that was just completed or referred."""
    if trajectory.status not in FOLLOWED_UP:
        return []
    return FollowUp.objects.bulk_create([
        FollowUp(trajectory=trajectory, moment=moment, due_date=months_after(trajectory.end_date, moment))
        for moment in FollowUpMoment.values
    ])


def shown_until(today=None):
    """Pending follow-ups due on or before this day are the coach's tasks now."""
    return (today or timezone.localdate()) + SHOWN_BEFORE


class AlreadyAnswered(Exception):
    pass


@transaction.atomic
def record(follow_up, *, answer, asked, asked_on, note, by, request=None):
    """Records how the child is doing. Raises AlreadyAnswered when someone recorded it first."""
    # Locked and saved (not update()): two coaches at once, the second is told; the save marks the dashboards'
    # month of the trajectory's end stale (dashboards/signals.py).
    locked = FollowUp.objects.select_for_update().select_related("trajectory__child").get(pk=follow_up.pk)
    if locked.is_answered:
        raise AlreadyAnswered(follow_up.pk)
    locked.answer, locked.asked, locked.asked_on, locked.note = answer, list(asked), asked_on, note
    locked.answered_by, locked.answered_at = by, timezone.now()
    locked.save()
    log_access(request, "change", trajectory=locked.trajectory, user=by,
               detail=_("nazorg %(moment)s vastgelegd") % {"moment": locked.get_moment_display()})
    return locked
