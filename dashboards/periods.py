"""Periods a dashboard is read over, always whole calendar months: a month, a quarter, a school year
(1 August – 31 July), or a chosen range of months."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def days(self):
        """First and last day, for a label that does not name its months ("kwartaal 4 2026"); empty for a month
        or a range of months, whose label says it already."""
        if self.label == months_from(self.start, self.end).label:
            return ""
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"

    def months(self):
        """The calendar months the period touches, each as a Period."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            months.append(Period(day, last, f"{MONTHS[day.month - 1][:3]} {day.year}"))
            day = last + datetime.timedelta(days=1)
        return months


def month(year, number):
    start = datetime.date(year, number, 1)
    end = start.replace(day=calendar.monthrange(year, number)[1])
    return Period(start, end, f"{MONTHS[number - 1]} {year}")


def quarter(year, number):
    start = datetime.date(year, 3 * number - 2, 1)
    last_month = 3 * number
    end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return Period(start, end, _("kwartaal %(number)s %(year)s") % {"number": number, "year": year})


def school_year(first_year):
    return Period(
        datetime.date(first_year, 8, 1), datetime.date(first_year + 1, 7, 31),
        _("schooljaar %(first)s-%(second)s") % {"first": first_year, "second": first_year + 1},
    )


def school_year_of(day):
    return school_year(day.year if day.month >= 8 else day.year - 1)


def months_from(first, last):
    """From the first day of `first`'s month to the last day of `last`'s."""
    start, end = month(first.year, first.month), month(last.year, last.month)
    label = start.label if start == end else f"{start.label} – {end.label}"
    return Period(start.start, end.end, label)


def last_full_month(today=None):
    today = today or timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return month(previous.year, previous.month)
