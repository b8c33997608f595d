"""Monthly figures per pilot, kept beside the trajectories so that a dashboard reads a few
thousand summary rows instead of scanning every trajectory (docs/performance.md).

They are derived data: `summary.refresh()` rebuilds a pilot's rows from its trajectories whenever
a trajectory, its concern areas or its referral changed (signals mark the pilot stale), and the
dashboard refreshes stale pilots before it reads. Months are calendar months (their first day).
"""

from django.db import models

from pilots.models import Pilot


class PilotMonth(models.Model):
    """Counts of one pilot's trajectories by the month in which each event happened."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    registered = models.PositiveIntegerField(default=0)  # by registration date
    started = models.PositiveIntegerField(default=0)  # by start date
    completed = models.PositiveIntegerField(default=0)  # this and the next two: by end date
    referred = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    closed_started = models.PositiveIntegerField(default=0)  # closed, with a start date
    referred_special = models.PositiveIntegerField(default=0)  # referred to SBO or SO
    referred_mkd = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint("pilot", "month", name="pilotmonth_unique")]
        indexes = [models.Index("month", "pilot", name="pilotmonth_month")]

    def __str__(self):
        return f"{self.pilot_id} {self.month:%Y-%m}"


class CountKind(models.TextChoices):
    REFERRAL = "referral"  # referrals by destination, by the referral's date
    CONCERN_AREA = "area"  # registrations by concern area, by registration date


class PilotMonthCount(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=CountKind.choices)
    key = models.CharField(max_length=30)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index("pilot", "month", name="pilotmonthcount_pilot_month"),
                   models.Index("month", name="pilotmonthcount_month")]

    def __str__(self):
        return f"{self.pilot_id} {self.month:%Y-%m} {self.kind} {self.key}: {self.n}"


class Measure(models.TextChoices):
    WAITING = "waiting"  # registration → start, by start month
    DURATION = "duration"  # start → close (completed or referred), by end month
    TO_REFERRAL = "to_referral"  # registration → referral, by end month


class PilotMonthLeadTime(models.Model):
    """How many of a pilot's trajectories in a month took exactly `days` days: a histogram from
    which medians and percentiles over any set of months are read exactly."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    measure = models.CharField(max_length=12, choices=Measure.choices)
    days = models.IntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index("pilot", "month", name="pilotmonthlead_pilot_month"),
                   models.Index("month", name="pilotmonthlead_month")]

    def __str__(self):
        return f"{self.pilot_id} {self.month:%Y-%m} {self.measure} {self.days} d: {self.n}"


class InstanceMonthLeadTime(models.Model):
    """The same histogram summed over every pilot: the whole instance's medians read a few thousand
    rows instead of a million trajectories' worth. Kept by adding each pilot rebuild's difference."""

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
