"""Lead times in school days (issue 17, part 8).

A school day is a Monday to Friday that is not a Dutch public holiday (the `holidays` package) and not in a school
holiday of the school's region (partners.SchoolHoliday). A kinderopvang stays open in the school holidays, so a
kinderopvang location's school days are its working days: Monday to Friday, not a public holiday
(docs/decisions.md). School days from one date to a later one are those after the first up to and including the
second: a registration on the Friday before the autumn holiday and a start on the Monday after it took 1 school day
(and 10 calendar days).

The rebuild counts them with arithmetic on a cumulative index per calendar (school days up to each date), built once
per rebuild over the dates it meets: no query per trajectory.
"""

import datetime

import holidays
from django.db.models import Q

from partners.models import HolidayRegion, School, SchoolHoliday, SchoolType

CHILDCARE = "kinderopvang"  # the calendar of a kinderopvang location: no school holidays


def calendar_of(school_type, region):
    return CHILDCARE if school_type == SchoolType.KINDEROPVANG else region


def calendars_of(school_ids):
    """{school id: calendar key} for these schools."""
    return {pk: calendar_of(kind, region) for pk, kind, region in
            School.objects.filter(pk__in=school_ids).values_list("pk", "school_type", "holiday_region")}


class SchoolDays:
    """Counts school days between dates of [first, last] for every calendar (a region, or CHILDCARE)."""

    def __init__(self, first, last):
        self.first = first
        size = (last - first).days + 1
        public = holidays.country_holidays("NL", years=range(first.year, last.year + 1))
        working = [(first + datetime.timedelta(days=offset)).weekday() < 5
                   and first + datetime.timedelta(days=offset) not in public for offset in range(size)]
        closed = {region: [False] * size for region in HolidayRegion.values}
        overlapping = SchoolHoliday.objects.filter(Q(first_day__lte=last) & Q(last_day__gte=first))
        for region, start, end in overlapping.values_list("region", "first_day", "last_day"):
            for offset in range(max(0, (start - first).days), min(size - 1, (end - first).days) + 1):
                closed[region][offset] = True
        self.index = {CHILDCARE: self._cumulative(working)}
        for region, days in closed.items():
            open_days = [is_open and not shut for is_open, shut in zip(working, days, strict=True)]
            self.index[region] = self._cumulative(open_days)

    @staticmethod
    def _cumulative(days):
        total, running = 0, []
        for is_school_day in days:
            total += is_school_day
            running.append(total)
        return running

    def between(self, calendar, earlier, later):
        """School days after `earlier` up to and including `later` (negative when `later` comes first)."""
        index = self.index[calendar]
        return index[(later - self.first).days] - index[(earlier - self.first).days]
