"""Retention (AVG): children whose trajectories closed long ago are anonymised; the figures stay.

What identifies a child or holds free text about them is removed: names, the exact date of birth,
the teacher's name, the question for help, notes (of follow-ups too), corrections, follow-ups never asked, the
names of parents and guardians and why one could not be asked. What the dashboards count stays: dates, statuses,
outcomes, kinds of referral, concern areas, placements, follow-up answers, the pseudonymous code, and the consent
ledger's facts (relation, gezag, purpose, given or withdrawn, date), which say on what ground the support was given.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import AccessLog
from base.dates import months_ago

from .models import Child, ContactMoment, FollowUp, Guardian, Handover, RecordChange, Referral, StatusChange, Trajectory
from .states import OPEN_STATES

ANONYMOUS_GIVEN_NAME = "Geanonimiseerd"


def children_due(months, today=None):
    """Children without an open trajectory whose last trajectory closed before the retention date."""
    cutoff = months_ago(months, today)
    return (
        Child.objects.filter(anonymised_at__isnull=True)
        .exclude(trajectories__status__in=OPEN_STATES)
        .annotate(last_closed=Max("trajectories__end_date"))
        .filter(last_closed__lt=cutoff)
    )


@transaction.atomic
def anonymise(children):
    ids = list(children.values_list("pk", flat=True))
    trajectories = Trajectory.objects.filter(child__in=ids)
    for child in Child.objects.filter(pk__in=ids):
        child.given_name = ANONYMOUS_GIVEN_NAME
        child.family_name = child.code
        child.date_of_birth = child.date_of_birth.replace(month=1, day=1)
        child.anonymised_at = timezone.now()
        child.save()
    trajectories.update(teacher_name="", help_request="", tried_already="")
    Guardian.objects.filter(trajectory__in=trajectories).update(name="", cannot_be_asked_reason="")
    ContactMoment.objects.filter(trajectory__in=trajectories).update(note="")
    Referral.objects.filter(trajectory__in=trajectories).update(note="")
    # A handover keeps its date, school and what kinds of fact it shared (the continuing line's figure); its summary
    # is free text about the child.
    Handover.objects.filter(trajectory__in=trajectories).update(summary="")
    # An answered follow-up keeps its answer (the durability figure counts it) and loses its note; one never asked,
    # long overdue by now, is no task any more (the figure counts only answers).
    follow_ups = FollowUp.objects.filter(trajectory__in=trajectories)
    follow_ups.filter(answered_at__isnull=False).exclude(note="").update(note="")
    follow_ups.filter(answered_at__isnull=True).delete()
    # History rows are never edited by the application; retention is the one exception, and only empties text.
    StatusChange.objects.filter(trajectory__in=trajectories).exclude(reason="").update(reason="")
    RecordChange.objects.filter(trajectory__in=trajectories).delete()
    return len(ids)


def log_cutoff(years, now=None):
    return (now or timezone.now()) - datetime.timedelta(days=round(365.25 * years))


def expired_log_rows(years, now=None):
    return AccessLog.objects.filter(at__lt=log_cutoff(years, now))


def remove_expired_log_rows(years, now=None):
    return AccessLog.objects.remove_expired(log_cutoff(years, now))
