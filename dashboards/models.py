"""Monthly figures per pilot and per school, kept beside the trajectories so that a dashboard reads a
few thousand summary rows instead of scanning every trajectory (docs/performance.md).

A row with no school holds the pilot's figures over all its schools; a row with a school holds that
school's part of them. A partnership or the whole instance reads only the first kind, a school's
dashboard only its own rows. Both are derived data: signals mark a changed trajectory's months stale,
and `summary.refresh_stale()` rebuilds them after the commit (summary.mark_stale). Months are calendar
months (their first day).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Partnership, School
from pilots.models import Pilot

PILOT_TOTAL = Q(school__isnull=True)
SCHOOL_PART = Q(school__isnull=False)


def school_field():
    # No index of its own: a school's rows are read through the (pilot, school, month) indexes below. Deleting a
    # school scans these tables instead, which is rare (never while it has trajectories).
    return models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             db_index=False)


class PilotMonth(models.Model):
    """Counts of one pilot's trajectories (or of those at one of its schools) by the month in which each event
    happened."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    school = school_field()
    month = models.DateField()
    registered = models.PositiveIntegerField(default=0)  # by registration date
    started = models.PositiveIntegerField(default=0)  # by start date
    completed = models.PositiveIntegerField(default=0)  # this and the next two: by end date
    referred = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    closed_started = models.PositiveIntegerField(default=0)  # closed, with a start date
    referred_special = models.PositiveIntegerField(default=0)  # referred to SBO or SO
    referred_mkd = models.PositiveIntegerField(default=0)
    # Completed or referred, and the child registered again within a year of the end (trajecten/followups.py)
    came_back = models.PositiveIntegerField(default=0)

    class Meta:
        # SQLite has no NULLS NOT DISTINCT: one rule for the pilot's rows, one for its schools'.
        constraints = [
            models.UniqueConstraint("pilot", "month", condition=PILOT_TOTAL, name="pilotmonth_unique"),
            models.UniqueConstraint("pilot", "school", "month", condition=SCHOOL_PART, name="pilotmonth_school_unique"),
        ]
        indexes = [models.Index("month", "pilot", condition=PILOT_TOTAL, name="pilotmonth_month")]

    def __str__(self):
        return f"{self.pilot_id} {self.school_id or '-'} {self.month:%Y-%m}"


class CountKind(models.TextChoices):
    REFERRAL = "referral"  # referrals by destination, by the referral's date
    CONCERN_AREA = "area"  # registrations by concern area, by registration date
    FOLLOW_UP = "followup"  # answered follow-ups by moment and answer ("3:gaat_goed"), by the trajectory's end date
    # The continuing line (issue 18.2): peuters handed over to a school ("handed_over") and of those, registered for
    # support again after it ("supported_again"), by the handover's date.
    CONTINUING_LINE = "continuing"
    # Completed trajectories by outcome (Trajectory.outcome: "mkd_voorkomen"), by the end date (issue 17.1).
    OUTCOME = "outcome"


class PilotMonthCount(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    school = school_field()
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=CountKind.choices)
    key = models.CharField(max_length=30)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index("pilot", "month", condition=PILOT_TOTAL, name="pilotmonthcount_pilot_month"),
            models.Index("month", condition=PILOT_TOTAL, name="pilotmonthcount_month"),
            models.Index("pilot", "school", "month", condition=SCHOOL_PART, name="pilotmonthcount_school"),
        ]

    def __str__(self):
        return f"{self.pilot_id} {self.school_id or '-'} {self.month:%Y-%m} {self.kind} {self.key}: {self.n}"


class Measure(models.TextChoices):
    WAITING = "waiting"  # registration → start, by start month
    DURATION = "duration"  # start → close (completed or referred), by end month
    TO_REFERRAL = "to_referral"  # registration → referral, by end month
    # Registration → a fitting place, by every route: completed (the child goes on in its own school or group) or
    # referred, by end month (issue 17.1: "sneller op de meest passende plek").
    TO_PLACE = "to_place"
    # The same three in school days (schooldays.py): `days` holds school days.
    WAITING_SCHOOL_DAYS = "waiting_sd"
    DURATION_SCHOOL_DAYS = "duration_sd"
    TO_REFERRAL_SCHOOL_DAYS = "referral_sd"
    TO_PLACE_SCHOOL_DAYS = "place_sd"


IN_SCHOOL_DAYS = {Measure.WAITING: Measure.WAITING_SCHOOL_DAYS, Measure.DURATION: Measure.DURATION_SCHOOL_DAYS,
                  Measure.TO_REFERRAL: Measure.TO_REFERRAL_SCHOOL_DAYS, Measure.TO_PLACE: Measure.TO_PLACE_SCHOOL_DAYS}


class PilotMonthLeadTime(models.Model):
    """How many of a pilot's trajectories (or of a school's among them) in a month took exactly `days` days: a
    histogram from which medians and percentiles over any set of months are read exactly."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    school = school_field()
    month = models.DateField()
    measure = models.CharField(max_length=12, choices=Measure.choices)
    days = models.IntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index("pilot", "month", condition=PILOT_TOTAL, name="pilotmonthlead_pilot_month"),
            models.Index("month", condition=PILOT_TOTAL, name="pilotmonthlead_month"),
            models.Index("pilot", "school", "month", condition=SCHOOL_PART, name="pilotmonthlead_school"),
        ]

    def __str__(self):
        return f"{self.pilot_id} {self.school_id or '-'} {self.month:%Y-%m} {self.measure} {self.days} d: {self.n}"


class InstanceMonthLeadTime(models.Model):
    """The pilots' histograms (their rows without a school) summed over every pilot: the whole instance's
    medians read a few thousand rows instead of a million trajectories' worth. Kept by adding each pilot
    rebuild's difference."""

    month = models.DateField()
    measure = models.CharField(max_length=12, choices=Measure.choices)
    days = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint("month", "measure", "days", name="instancemonthleadtime_unique")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.measure} {self.days} d: {self.n}"


class StaleMonth(models.Model):
    """A month of a pilot whose summary rows no longer match its trajectories (1900-01: all months).

    Every marking draws a new `mark`: a rebuild removes only the markers it read unchanged, so a change
    committed while it ran keeps its month stale."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    mark = models.CharField(max_length=32, default="")

    class Meta:
        constraints = [models.UniqueConstraint("pilot", "month", name="stalemonth_unique")]

    def __str__(self):
        return f"{self.pilot_id} {self.month:%Y-%m}"


class SummaryVersion(models.Model):
    """A new token whenever a pilot's summary rows are rebuilt: computed figures are cached under the tokens
    of the pilots they cover, so a change anywhere in scope is never answered from the cache."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, primary_key=True, related_name="summary_version")
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.pilot_id}: {self.token}"


class MeetingMinutes(models.Model):
    """What the stuurgroep decided and remarked at its meeting about one month's vergaderstuk, entered by a
    coördinator of the partnership's pilots; the next month's vergaderstuk prints it (meeting_report.py)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("samenwerkingsverband"))
    month = models.DateField(_("maand van het vergaderstuk"))  # its first day
    text = models.TextField(_("besluiten en opmerkingen"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("vastgelegd door"))
    updated_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("besluiten van de stuurgroep")
        verbose_name_plural = _("besluiten van de stuurgroep")
        constraints = [models.UniqueConstraint("partnership", "month", name="meetingminutes_unique")]

    def __str__(self):
        return f"{self.partnership_id} {self.month:%Y-%m}"
