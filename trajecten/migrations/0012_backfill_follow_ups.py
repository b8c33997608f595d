"""Follow-ups for trajectories closed before nazorg existed (issue 19): those whose 3- or 6-month follow-up is
still to come, or was due at most a month ago. Older ones are left out: a list of long-overdue tasks about
children whose support ended a year ago would bury the ones that matter."""

import calendar
import datetime

from django.db import migrations
from django.utils import timezone

LATE_AT_MOST = datetime.timedelta(days=31)
MOMENTS = (3, 6)


def months_after(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def backfill(apps, schema_editor):
    Trajectory = apps.get_model("trajecten", "Trajectory")
    FollowUp = apps.get_model("trajecten", "FollowUp")
    earliest_due = timezone.localdate() - LATE_AT_MOST
    closed = (Trajectory.objects.filter(status__in=("completed", "referred"),
                                        end_date__gte=months_after(earliest_due, -max(MOMENTS)) - LATE_AT_MOST)
              .exclude(follow_ups__isnull=False).values_list("pk", "end_date"))
    batch = []
    for pk, end_date in closed.iterator(chunk_size=2000):
        for moment in MOMENTS:
            due = months_after(end_date, moment)
            if due >= earliest_due:
                batch.append(FollowUp(trajectory_id=pk, moment=moment, due_date=due))
        if len(batch) >= 2000:
            FollowUp.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    FollowUp.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("trajecten", "0011_follow_up")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
