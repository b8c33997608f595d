"""One chronological story of a trajectory: status changes, corrections, contact moments."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from accounts import access

from .models import ContactMoment


@dataclass
class Entry:
    kind: str  # "status", "change" or "contact"
    day: date
    at: datetime
    item: object
    note_shown: bool = True  # a status change's note: for the team always, for the school only when shared
    is_new: bool = False  # written by someone else since the reader last opened the trajectory


def _local_day(moment):
    return timezone.localtime(moment).date()


def build_timeline(trajectory, user, since=None):
    """Entries the user may read, oldest first; the school reads only the shared contact moments and notes.
    What others wrote after `since` (the reader's previous visit) is marked new."""
    in_team = trajectory.pilot_id in access.pilot_ids(user)
    entries = [
        Entry("status", _local_day(change.changed_at), change.changed_at, change,
              note_shown=in_team or change.shared_with_school)
        for change in trajectory.status_changes.select_related("changed_by")
    ]
    entries += [
        Entry("change", _local_day(change.changed_at), change.changed_at, change)
        for change in trajectory.record_changes.select_related("changed_by")
    ]
    moments = ContactMoment.objects.restrict(user).filter(trajectory=trajectory).select_related("created_by")
    for moment in moments:
        moment.trajectory = trajectory  # read once already, with its place, for the words of the place
    entries += [Entry("contact", moment.date, _moment_time(moment), moment) for moment in moments]
    if since is not None:
        for entry in entries:
            author = entry.item.created_by_id if entry.kind == "contact" else entry.item.changed_by_id
            written = entry.item.created_at if entry.kind == "contact" else entry.at
            entry.is_new = written > since and author != user.pk
    return sorted(entries, key=lambda entry: (entry.day, entry.at))


def _moment_time(moment):
    """A contact moment has a date, not a time: recorded that day, it sits where it was recorded; recorded
    later, at the end of its day, after what the portal saw happen that day (the registration, a start)."""
    if _local_day(moment.created_at) == moment.date:
        return moment.created_at
    return timezone.make_aware(datetime.combine(moment.date, time.max))
