"""Dates the portal accepts: anything a person can mean, nothing that overflows a date calculation.

Year 1 or 9999 typed in a filter or a form once ended in a 500 (a week before 1 January of year 1, a time
zone shift before the first day). Every date the portal reads lies between EARLIEST and LATEST."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def plausible_date(value):
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Kies een datum tussen %(earliest)s en %(latest)s."),
            params={"earliest": EARLIEST.strftime("%d-%m-%Y"), "latest": LATEST.strftime("%d-%m-%Y")},
            code="implausible_date",
        )


def months_ago(months, today=None):
    """The day `months` whole months before `today` (a 29th to 31st as the 28th: every month has one)."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(today.day, 28))


def parse_date(value):
    """A yyyy-mm-dd query parameter as a date, or None when it is missing, malformed or implausible."""
    try:
        day = datetime.date.fromisoformat(value or "")
        plausible_date(day)
    except (ValueError, ValidationError):
        return None
    return day


class DateRangeField(django_filters.fields.DateRangeField):
    """django-filter's from–to dates, each checked before they become times of day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields:
            field.validators.append(plausible_date)


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = DateRangeField


class DateField(forms.DateField):
    default_validators = [plausible_date]
