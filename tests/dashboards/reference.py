"""The dashboard's figures counted straight from the trajectories: the reference that the monthly summary
(dashboards/summary.py) must equal, used by tests only.

Every figure is an SQL aggregate over the trajectories in scope; medians and 90th percentiles are read
with an ORDER BY … OFFSET. Occupancy and the nulmeting come from the same functions as in production.
"""

import datetime

import holidays
from django.db.models import Count, DateField, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from dashboards import periods, summary
from dashboards.figures import Figures, LeadTime, baseline_from, compared_year, hours, in_tree_order, occupancy
from dashboards.models import IN_SCHOOL_DAYS
from partners.models import SchoolHoliday, SchoolType
from pilots.models import Pilot
from trajecten.models import (
    ConcernArea,
    ContactMoment,
    FollowUp,
    FollowUpMoment,
    Handover,
    HelpKind,
    HowItGoes,
    Outcome,
    Referral,
    Trajectory,
)
from trajecten.workflow import Status


def from_trajectories(trajectories, pilots, period, *, schools=None):
    """The Figures of `period` over `trajectories` (those of `pilots`, or of `schools` among them)."""
    return Figures(
        period=period,
        core=core_counts(trajectories, period),
        lead_times=lead_times(trajectories, period),
        referrals=referral_destinations(trajectories, period),
        outcomes=outcomes(trajectories, period),
        concern_areas=concern_areas(trajectories, period),
        occupancy=occupancy(pilots, period, schools),
        # Not a count but what the portal knows of the holidays: the same question, asked the one way there is.
        missing_holidays=summary.missing_holidays(pilots, period, schools),
        trend=trend(trajectories, period),
        baseline=baseline(trajectories, pilots, period, schools),
        durability=durability(trajectories, period),
        by_municipality=by_municipality(trajectories, period),
        by_pilot=by_pilot(trajectories, pilots, period),
        hours=hours(pilots, period, schools, per_school(trajectories, period), timezone.localdate()),
    )


def per_school(trajectories, period):
    """Per pilot and school: children with a trajectory there open in the period, and the minutes of contact."""
    counts = {}
    for row in (trajectories.filter(_conditions(period)["open_during"]).order_by().values("pilot", "school")
                .annotate(n=Count("child", distinct=True))):
        counts.setdefault((row["pilot"], row["school"]), {"minutes": 0, "helped": 0})["helped"] = row["n"]
    for row in (ContactMoment.objects.filter(trajectory__in=trajectories, date__gte=period.start, date__lte=period.end)
                .order_by().values(pilot=F("trajectory__pilot"), school=F("trajectory__school"))
                .annotate(n=Sum("minutes"))):
        counts.setdefault((row["pilot"], row["school"]), {"minutes": 0, "helped": 0})["minutes"] = row["n"]
    return counts


def by_pilot(trajectories, pilots, period):
    """Each pilot's own main counts, when the scope holds two to 40 pilots; each pilot followed by its sub-pilots."""
    pilots = list(Pilot.objects.filter(pk__in=[pilot.pk for pilot in pilots]))
    if not 2 <= len(pilots) <= 40:
        return []
    result = []
    for pilot, depth in in_tree_order(pilots):
        core = core_counts(trajectories.filter(pilot=pilot), period)
        closed = core["completed"] + core["referred"] + core["withdrawn"]
        result.append((pilot.pk, pilot.name, depth, {"new": core["new"], "supported": core["supported"],
                                                     "closed": closed}))
    return result


def by_municipality(trajectories, period):
    """The main counts of each municipality's schools, when the trajectories are at schools in two or more."""
    municipalities = sorted(set(trajectories.values_list("school__municipality__name", flat=True)))
    if len(municipalities) < 2:
        return []
    parts = [(name, core_counts(trajectories.filter(school__municipality__name=name), period))
             for name in municipalities]
    return [(name, {"new": core["new"], "supported": core["supported"],
                    "closed": core["completed"] + core["referred"] + core["withdrawn"]}) for name, core in parts]


def _bounds(period):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min), tz)
    end = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min), tz)
    return start, end


def _conditions(period):
    start, end = _bounds(period)
    registered_by_end = Q(registered_at__lt=end)
    return {
        "registered_in": Q(registered_at__gte=start, registered_at__lt=end),
        "open_during": registered_by_end & (Q(end_date__isnull=True) | Q(end_date__gte=period.start)),
        "open_at_end": registered_by_end & (Q(end_date__isnull=True) | Q(end_date__gt=period.end)),
        "started_in": Q(start_date__gte=period.start, start_date__lte=period.end),
        "closed_in": Q(end_date__gte=period.start, end_date__lte=period.end),
    }


def core_counts(trajectories, period):
    when = _conditions(period)
    return trajectories.aggregate(
        new=Count("pk", filter=when["registered_in"]),
        supported=Count("child", distinct=True, filter=when["open_during"]),
        open_at_end=Count("pk", filter=when["open_at_end"]),
        active_at_end=Count("pk", filter=when["open_at_end"] & Q(start_date__lte=period.end)),
        started=Count("pk", filter=when["started_in"]),
        completed=Count("pk", filter=when["closed_in"] & Q(status=Status.COMPLETED)),
        referred=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED)),
        withdrawn=Count("pk", filter=when["closed_in"] & Q(status=Status.WITHDRAWN)),
    )


def _days(value):
    return value.days if isinstance(value, datetime.timedelta) else int(value)


def lead_time(trajectories, condition, later, earlier):
    """Median and 90th percentile (nearest rank) of `later - earlier` in days, over rows matching `condition`."""
    rows = trajectories.filter(condition).annotate(
        days=ExpressionWrapper(later - earlier, output_field=DurationField())
    )
    ordered = rows.order_by("days", "pk").values_list("days", flat=True)
    return LeadTime.from_ranks(rows.count(), lambda rank: _days(ordered[rank - 1]))


def school_days_between(school, earlier, later):
    """School days after `earlier` up to and including `later`, day by day (the reference for schooldays.py): Monday
    to Friday, no Dutch public holiday, and for a school (not a kinderopvang) none of its region's school holidays."""
    public = holidays.country_holidays("NL", years=range(earlier.year, later.year + 1))
    closed = SchoolHoliday.objects.filter(region=school.holiday_region, first_day__lte=later, last_day__gte=earlier)
    spans = [] if school.school_type == SchoolType.KINDEROPVANG else list(closed.values_list("first_day", "last_day"))
    count, day = 0, earlier
    while day < later:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in public and not any(first <= day <= last for first, last in spans):
            count += 1
    return count


def lead_time_in_school_days(trajectories, condition, later, earlier):
    """As lead_time, in school days: counted per trajectory in Python."""
    rows = trajectories.filter(condition).select_related("school").annotate(
        a=ExpressionWrapper(earlier, output_field=DateField()), b=ExpressionWrapper(later, output_field=DateField()))
    ordered = sorted(school_days_between(row.school, row.a, row.b) for row in rows)
    return LeadTime.from_ranks(len(ordered), lambda rank: ordered[rank - 1])


def lead_times(trajectories, period):
    when = _conditions(period)
    registered_on = TruncDate("registered_at")
    measures = {
        "waiting": (when["started_in"], F("start_date"), registered_on),
        "duration": (when["closed_in"] & Q(start_date__isnull=False, status__in=[Status.COMPLETED, Status.REFERRED]),
                     F("end_date"), F("start_date")),
        "to_referral": (when["closed_in"] & Q(status=Status.REFERRED), F("end_date"), registered_on),
        "to_place": (when["closed_in"] & Q(status__in=[Status.COMPLETED, Status.REFERRED]), F("end_date"),
                     registered_on),
    }
    return {
        **{key: lead_time(trajectories, *arguments) for key, arguments in measures.items()},
        **{IN_SCHOOL_DAYS[key]: lead_time_in_school_days(trajectories, *arguments)
           for key, arguments in measures.items()},
    }


def referral_destinations(trajectories, period):
    rows = (
        Referral.objects.filter(trajectory__in=trajectories, date__gte=period.start, date__lte=period.end)
        .values("help_kind").annotate(n=Count("pk"))
    )
    counts = {row["help_kind"]: row["n"] for row in rows}
    return {kind: counts.get(kind, 0) for kind in HelpKind.values}


def outcomes(trajectories, period):
    rows = (trajectories.filter(_conditions(period)["closed_in"], status=Status.COMPLETED)
            .values("outcome").annotate(n=Count("pk")))
    counts = {row["outcome"]: row["n"] for row in rows}
    return {outcome: counts.get(outcome, 0) for outcome in Outcome.values}


def concern_areas(trajectories, period):
    rows = (
        trajectories.filter(_conditions(period)["registered_in"])
        .values("concern_areas").annotate(n=Count("pk"))
    )
    counts = {row["concern_areas"]: row["n"] for row in rows}
    return [(area.name, counts.get(area.pk, 0)) for area in ConcernArea.objects.all()]


def trend(trajectories, period):
    """Month by month over the school year that holds the period's end, up to that end and not past today:
    new, closed, open at month end."""
    last = min(period.end, timezone.localdate())
    months = [month for month in periods.school_year_of(period.end).months() if month.start <= last]
    aggregates = {}
    for index, month in enumerate(months):
        when = _conditions(month)
        aggregates[f"new_{index}"] = Count("pk", filter=when["registered_in"])
        aggregates[f"closed_{index}"] = Count("pk", filter=when["closed_in"])
        aggregates[f"open_{index}"] = Count("pk", filter=when["open_at_end"])
    counts = trajectories.aggregate(**aggregates)
    return [
        {"label": month.label, "new": counts[f"new_{i}"], "closed": counts[f"closed_{i}"], "open": counts[f"open_{i}"]}
        for i, month in enumerate(months)
    ]


def baseline(trajectories, pilots, period, schools=None):
    """This school year up to the period's end (or today) against the nulmeting of the pilots in scope (counts
    summed; a median only for one pilot)."""
    year, through = compared_year(period, timezone.localdate())
    when = _conditions(periods.months_from(year.start, through))
    counts = trajectories.aggregate(
        registrations=Count("pk", filter=when["registered_in"]),
        referrals=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED)),
        special=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED,
                                                          referral__help_kind__in=[HelpKind.SBO, HelpKind.SO])),
        mkd=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED, referral__help_kind=HelpKind.MKD)),
    )
    to_place = lead_time(trajectories, when["closed_in"] & Q(status__in=[Status.COMPLETED, Status.REFERRED]),
                         F("end_date"), TruncDate("registered_at"))
    return baseline_from(pilots, year, through, counts, to_place, schools)


def durability(trajectories, period):
    """Of the trajectories completed or referred in the period: the answered follow-ups by moment and answer, and
    how many whose child was registered again (a trajectory with it as `previous`) 0 to 365 days after the end. And
    the continuing line: peuters handed over in the period, and of those registered again on or after the handover."""
    closed = trajectories.filter(_conditions(period)["closed_in"], status__in=[Status.COMPLETED, Status.REFERRED])
    counts = {(row["moment"], row["answer"]): row["n"] for row in (
        FollowUp.objects.filter(trajectory__in=closed, answered_at__isnull=False)
        .values("moment", "answer").annotate(n=Count("pk")))}
    again = Trajectory.objects.filter(previous__in=closed).values_list("previous_id", "previous__end_date",
                                                                       "registered_at")
    came_back = {previous for previous, end, registered in again
                 if 0 <= (timezone.localdate(registered) - end).days <= 365}
    handed_over = Handover.objects.filter(trajectory__in=trajectories, date__gte=period.start, date__lte=period.end)
    later = Trajectory.objects.filter(previous=OuterRef("trajectory"), registered_at__date__gte=OuterRef("date"))
    return {
        "answers": {moment: {answer: counts.get((moment, answer), 0) for answer in HowItGoes.values}
                    for moment in FollowUpMoment.values},
        "came_back": len(came_back),
        "handed_over": handed_over.count(),
        "supported_again": handed_over.filter(Exists(later)).count(),
    }
