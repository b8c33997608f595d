"""What the dashboards' figures are (Figures, LeadTime), and the two that do not come from the monthly summary:
group-arrangement occupancy, read from the placements, and the nulmeting, read from the pilots."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from pilots.models import BaselineFigure, BaselineMeasure, GroupArrangement, PilotSchool
from trajecten.models import GroupPlacement

from . import periods, schooldays


@dataclass
class LeadTime:
    count: int
    median: float | None
    p90: float | None

    @classmethod
    def from_ranks(cls, count, at):
        """Median and 90th percentile (nearest rank) of `count` ordered days, `at(rank)` giving the 1-based rank's
        days. A median between two days is a half day; a whole one stays an int, so it prints as 58 and not 58,0."""
        if not count:
            return cls(0, None, None)
        middle = (count + 1) // 2
        if count % 2:
            median = at(middle)
        else:
            both = at(middle) + at(middle + 1)
            median = both // 2 if both % 2 == 0 else both / 2
        return cls(count, median, at(max(1, -(-9 * count // 10))))


def occupancy(pilots, period, schools=None):
    """Per group arrangement: places per week, places taken at the period's end, children placed in it.
    Placements are found through the pilots' arrangements (a few thousand rows), not the trajectories."""
    arrangements = GroupArrangement.objects.filter(pilot__in=pilots).annotate(parts=Count("day_parts")).order_by("name")
    placements = GroupPlacement.objects.filter(arrangement__pilot__in=pilots)
    if schools is not None:
        placements = placements.filter(trajectory__school__in=schools)
    through = GroupPlacement.day_parts.through.objects.filter(groupplacement__in=placements.running_on(period.end))
    taken = dict(
        through.values("groupplacement__arrangement").annotate(n=Count("pk"))
        .values_list("groupplacement__arrangement", "n")
    )
    in_period = placements.filter(start_date__lte=period.end).running_from(period.start)
    children = dict(
        in_period.values("arrangement").annotate(n=Count("trajectory__child", distinct=True))
        .values_list("arrangement", "n")
    )
    return [
        {"name": a.name, "places": a.capacity * a.parts, "taken": taken.get(a.pk, 0), "children": children.get(a.pk, 0)}
        for a in arrangements
    ]


def hours(pilots, period, schools, per_school, today):
    """Per school of the pilots in scope (or of `schools` among them) that took part in the period: the hours planned
    (the school's hours per week, per school week it took part in the period up to today: school days / 5 on the
    school's calendar, schooldays.py), the hours of contact recorded and the children helped there, both from
    `per_school` ({(pilot id, school id): {"minutes", "helped"}}). A row per pilot and school, by their names."""
    links = PilotSchool.objects.filter(pilot__in=pilots).overlapping(period.start, period.end)
    if schools is not None:
        links = links.filter(school__in=schools)
    # Plain rows, the school's calendar with them: the whole instance has thousands of links.
    links = sorted(links.values_list("pilot__name", "school__name", "pilot_id", "school_id", "school__school_type",
                                     "school__holiday_region", "hours_per_week", "start_date", "end_date"))
    until = min(period.end, today)
    school_days = schooldays.SchoolDays(period.start - datetime.timedelta(days=1), until) if links else None
    # Most schools share their calendar and their days in the pilot (the whole period): each such span is counted once.
    days_in = {}
    rows, nothing = [], {"minutes": 0, "helped": 0}
    for pilot, school, pilot_id, school_id, school_type, region, per_week, start, end in links:
        span = (schooldays.calendar_of(school_type, region), max(period.start, start), min(until, end or until))
        if span not in days_in:
            calendar, first, last = span
            before = first - datetime.timedelta(days=1)
            days_in[span] = school_days.between(calendar, before, last) if first <= last else 0
        days = days_in[span]
        done = per_school.get((pilot_id, school_id), nothing)
        rows.append({
            "pilot": pilot, "school": school, "planned": float(per_week) * days / 5,
            "contact": done["minutes"] / 60, "helped": done["helped"],
        })
    return rows


def in_tree_order(pilots):
    """Pilots, each followed by its sub-pilots (indented in the tables); a sub-pilot whose parent is out of
    scope stands on its own."""
    ids = {pilot.pk for pilot in pilots}
    children = {}
    for pilot in pilots:
        children.setdefault(pilot.parent_id if pilot.parent_id in ids else None, []).append(pilot)
    ordered = []

    def add(parent, depth):
        for pilot in sorted(children.get(parent, []), key=lambda pilot: pilot.name):
            ordered.append((pilot, depth))
            add(pilot.pk, depth + 1)

    add(None, 0)
    return ordered


def compared_year(period, today):
    """The part of the school year that the nulmeting is held against: from the school year of the period's end up
    to the period's end, or today if that comes first. The same months as the trend shows."""
    year = periods.school_year_of(period.end)
    return year, max(year.start, min(period.end, today))


# Measures that count a whole school year, so that a part of the year can be held against the same part of it;
# a median, and thuiszitters counted on one day, compare as they are.
COUNTED_OVER_THE_YEAR = {BaselineMeasure.REGISTRATIONS, BaselineMeasure.REFERRALS,
                         BaselineMeasure.REFERRALS_SPECIAL_EDUCATION, BaselineMeasure.MKD_PLACEMENTS}


def baseline_from(pilots, year, through, counts, to_place, schools=None):
    """This school year up to `through` against the nulmeting of `pilots`: counts summed over the pilots, a median only
    for one pilot. While the year runs, a count of the nulmeting (a whole year) is also given pro rata, for the
    part of the year's days that has passed, and labelled so (reporting.py).

    For `schools` (one school, a municipality's), the schools' own figures: a count only when every school in scope
    has one (a sum over some of them would compare less with more), a median only for one school of one pilot."""
    figures = BaselineFigure.objects.filter(pilot__in=pilots)
    if schools is None:
        figures = list(figures.filter(school=None).values("pilot", "measure", "value"))
        expected = None
    else:
        # Only the schools that take part in a pilot in scope can have a figure (BaselineFigure.clean).
        expected = len(set(PilotSchool.objects.filter(pilot__in=pilots, school__in=schools)
                           .values_list("pilot", "school")))
        figures = list(figures.filter(school__in=schools).values("pilot", "school", "measure", "value"))
    pilot_count = len({(f["pilot"], f.get("school")) for f in figures})
    by_measure = {}
    for figure in figures:
        by_measure.setdefault(figure["measure"], []).append(figure["value"])
    if expected is not None:
        by_measure = {measure: values for measure, values in by_measure.items() if len(values) == expected}
    now = {
        BaselineMeasure.REGISTRATIONS: counts["registrations"],
        BaselineMeasure.REFERRALS: counts["referrals"],
        BaselineMeasure.REFERRALS_SPECIAL_EDUCATION: counts["special"],
        BaselineMeasure.DAYS_TO_PLACE: to_place,
        BaselineMeasure.MKD_PLACEMENTS: counts["mkd"],
    }
    whole = through >= year.end
    share = ((through - year.start).days + 1) / ((year.end - year.start).days + 1)
    rows = []
    for measure in BaselineMeasure:
        values = by_measure.get(measure.value, [])
        if measure == BaselineMeasure.DAYS_TO_PLACE:
            before = values[0] if pilot_count == 1 and values else None
        else:
            before = sum(values) if values else None
        pro_rata = None
        if not whole and before is not None and measure in COUNTED_OVER_THE_YEAR:
            pro_rata = round(float(before) * share, 1)
        rows.append({"measure": measure, "label": measure.label, "before": before, "pro_rata": pro_rata,
                     "now": now.get(measure)})
    return {"year": year, "through": through, "whole": whole, "share": share, "rows": rows,
            "per_school": schools is not None}


@dataclass
class Figures:
    period: periods.Period
    core: dict
    lead_times: dict
    referrals: dict
    # Of the trajectories completed in the period: how many by outcome {Trajectory.outcome: count}.
    outcomes: dict
    concern_areas: list
    occupancy: list
    trend: list
    baseline: dict
    # Of the trajectories completed or referred in the period: answered follow-ups {moment: {answer: count}}, and
    # how many children came back (trajecten/followups.py).
    durability: dict
    # Per pilot and school: hours planned, hours of contact recorded, children helped (hours()).
    hours: list = field(default_factory=list)
    # (school year, region) pairs of the period's school years whose holidays the portal does not know, for the
    # regions of the schools in scope: their school days would count those holidays as school days.
    missing_holidays: list = field(default_factory=list)
    # Per municipality of the schools in scope, when they are in more than one: (name, {"new", "supported",
    # "closed"}), by name (summary.by_municipality).
    by_municipality: list = field(default_factory=list)
    # Per pilot in scope, when there are two or more: (id, name, depth under its parent, {"new", "supported", "closed"})
    # of its own work, each pilot followed by its sub-pilots (summary.by_pilot).
    by_pilot: list = field(default_factory=list)
    # The pilots in scope, for the tables read beside the summary (indicators.py: their own indicators). Not a
    # figure: two Figures of the same numbers are equal whatever queryset they were computed for.
    pilots: object = field(default=None, compare=False, repr=False)
