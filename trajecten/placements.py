"""The group arrangement's rules (the bovenschools klasje): a few day parts, beside ambulant help.

- a child is placed only while its trajectory is active (ambulant traject), with the parents' consent for a group
  arrangement on the first day and today (workflow.require_consent);
- at most the arrangement's maximum of day parts per child per week (2 for KID);
- a day part never holds more children than the arrangement's capacity;
- a placement ends when its trajectory closes (see workflow.perform).
Placements in one arrangement are serialised by a row lock on the arrangement, so two coaches
taking the last place at once cannot both get it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from audit.log import log_access
from pilots.models import DayPart, GroupArrangement

from .models import ConsentPurpose, GroupPlacement, RecordChange, Trajectory
from .states import Status
from .workflow import require_consent


def free_places(arrangement, start_date, *, excluding_trajectory=None):
    """Per day part of the arrangement: (day part, children placed from start_date on)."""
    running = Q(placements__end_date__isnull=True) | Q(placements__end_date__gte=start_date)
    if excluding_trajectory is not None:
        running &= ~Q(placements__trajectory=excluding_trajectory)
    return DayPart.objects.filter(arrangement=arrangement).annotate(taken=Count("placements", filter=running))


@transaction.atomic
def place(trajectory, arrangement, day_parts, start_date, *, by, request=None):
    arrangement = GroupArrangement.objects.select_for_update().get(pk=arrangement.pk)
    # The trajectory's row too: a withdrawal of consent claims it (registrations.record_withdrawal), so the two
    # do not pass each other.
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    if trajectory.status != Status.ACTIVE:
        raise ValidationError(_("Een kind wordt alleen geplaatst tijdens een lopend ambulant traject."))
    require_consent(trajectory, ConsentPurpose.GROUP, start_date)
    if arrangement.pilot_id != trajectory.pilot_id:
        raise ValidationError(_("Dit groepsarrangement hoort niet bij de pilot van dit traject."))
    if len(day_parts) > arrangement.max_day_parts_per_child:
        raise ValidationError(
            _("In %(name)s is een kind ten hoogste %(max)s dagdelen per week.")
            % {"name": arrangement.name, "max": arrangement.max_day_parts_per_child}
        )
    chosen = {part.pk for part in day_parts}
    full = [
        part for part in free_places(arrangement, start_date, excluding_trajectory=trajectory)
        if part.pk in chosen and part.taken >= arrangement.capacity
    ]
    if full:
        raise ValidationError(
            _("Vol: %(parts)s (%(capacity)s plaatsen per dagdeel). Kies een ander dagdeel of een latere datum.")
            % {"parts": ", ".join(str(part) for part in full), "capacity": arrangement.capacity}
        )
    # A new placement replaces the child's running one in this arrangement from its first day.
    earlier = GroupPlacement.objects.filter(trajectory=trajectory, arrangement=arrangement)
    earlier.filter(start_date__gte=start_date).delete()
    earlier.running_from(start_date).update(end_date=start_date - datetime.timedelta(days=1))
    placement = GroupPlacement.objects.create(
        trajectory=trajectory, arrangement=arrangement, start_date=start_date, created_by=by,
    )
    placement.day_parts.set(day_parts)
    RecordChange.objects.create(trajectory=trajectory, changed_by=by, changes=[{
        "field": str(arrangement),
        "old": "—",
        "new": _("%(parts)s vanaf %(date)s") % {
            "parts": ", ".join(str(part) for part in day_parts), "date": start_date.strftime("%d-%m-%Y"),
        },
    }])
    log_access(request, "change", trajectory=trajectory, user=by, detail=_("geplaatst in %s") % arrangement)
    return placement


def week_occupancy(arrangement, monday):
    """The arrangement's week from `monday`: per day part, its date and the placements running then."""
    friday = monday + datetime.timedelta(days=4)
    placements = (
        GroupPlacement.objects.filter(arrangement=arrangement, start_date__lte=friday)
        .running_from(monday)
        .select_related("trajectory__child", "trajectory__school")
    )
    day_parts = arrangement.day_parts.prefetch_related(Prefetch("placements", queryset=placements, to_attr="week"))
    rows = []
    for part in day_parts:
        day = monday + datetime.timedelta(days=part.weekday - 1)
        present = [p for p in part.week if p.start_date <= day and (p.end_date is None or p.end_date >= day)]
        rows.append({"day_part": part, "date": day, "placements": present, "free": arrangement.capacity - len(present)})
    return rows
