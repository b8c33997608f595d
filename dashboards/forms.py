import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from base import places
from base.fields import KeyChoiceField, is_key, offer
from base.widgets import MonthInput
from partners.models import Municipality, Partnership, School
from pilots.models import Pilot, PilotSchool

from . import periods
from .models import MeetingMinutes

MONTH_YEARS = 10  # an own period's months: the five school years of the period list and five before them
OWN = "eigen"  # the period list's choice for an own range of months


def period_choices(today):
    choices = []
    first = periods.school_year_of(today).start.year
    choices.append((_("Schooljaar"), [(f"sj:{y}", periods.school_year(y).label) for y in range(first, first - 5, -1)]))
    quarters, year, number = [], today.year, (today.month - 1) // 3 + 1
    for _step in range(8):
        quarters.append((f"q:{year}-{number}", periods.quarter(year, number).label))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    choices.append((_("Kwartaal"), quarters))
    months, day = [], today.replace(day=1)
    for _step in range(24):
        months.append((f"m:{day:%Y-%m}", periods.month(day.year, day.month).label))
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    choices.append((_("Maand"), months))
    choices.append((_("Anders"), [(OWN, _("eigen periode (van – tot en met)"))]))
    return choices


def period_named(value, start=None, end=None):
    """The period a value of the period list names ('sj:2025', 'q:2026-1', 'm:2026-09'), or for OWN the months
    from `start` to `end` (first days of months)."""
    kind, _sep, rest = value.partition(":")
    if kind == "sj":
        return periods.school_year(int(rest))
    if kind == "q":
        year, number = rest.split("-")
        return periods.quarter(int(year), int(number))
    if kind == "m":
        year, number = rest.split("-")
        return periods.month(int(year), int(number))
    if kind == OWN and start and end and start <= end:
        return periods.months_from(start, end)
    return None


def month_range(today):
    """The months an own period may use: those of the last MONTH_YEARS school years, the current one up to
    July, as the dates of their first days."""
    current = periods.school_year_of(today)
    return current.start.replace(year=current.start.year - MONTH_YEARS + 1), current.end.replace(day=1)


MONTH_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),  # what the month picker sends: 2026-09
    re.compile(r"^(?P<month>\d{1,2})[-/ ](?P<year>\d{4})$"),  # typed the Dutch way: 09-2026, 9/2026
]


def month_in_range(value, today):
    """The month `value` names ('2026-09', as parse_month reads it) when it lies within `month_range`, else None."""
    month = parse_month(value or "")
    first, last = month_range(today)
    return month if month and first <= month <= last else None


def parse_month(value):
    """'2026-09', '09-2026' or 'september 2026' (also 'sep 2026') as the first day of that month, else None."""
    value = " ".join(value.strip().casefold().split())
    for pattern in MONTH_PATTERNS:
        match = pattern.match(value)
        if match and 1 <= int(match["month"]) <= 12:
            return datetime.date(int(match["year"]), int(match["month"]), 1)
    name, _sep, year = value.rpartition(" ")
    if len(name) >= 3 and year.isdigit() and len(year) == 4:
        numbers = [number for number, full in enumerate(periods.MONTHS, 1) if full.startswith(name)]
        if len(numbers) == 1:
            return datetime.date(int(year), numbers[0], 1)
    return None


class MonthField(forms.Field):
    """A calendar month, as the date of its first day; within the months of `month_range` (set by the form
    for the day it is made on)."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Vul een maand in als jjjj-mm, bijvoorbeeld 2026-09: een eigen periode bestaat uit hele "
                     "maanden."),
        "out_of_range": _("Kies een maand van %(first)s tot en met %(last)s."),
    }

    def __init__(self, required=False, **kwargs):
        super().__init__(required=required, **kwargs)
        self.limit(*month_range(timezone.localdate()))

    def limit(self, first, last):
        self.first, self.last = first, last
        self.widget.attrs.update({"min": f"{first:%Y-%m}", "max": f"{last:%Y-%m}"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.first <= value <= self.last:
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range", params={
                "first": periods.month(self.first.year, self.first.month).label,
                "last": periods.month(self.last.year, self.last.month).label,
            })

    def prepare_value(self, value):
        """What the month picker shows: yyyy-mm, also for a month typed another way."""
        month = value if isinstance(value, datetime.date) else parse_month(str(value or ""))
        return f"{month:%Y-%m}" if month else value


class ScopeForm(forms.Form):
    """Which figures: partnership, pilot, municipality and school within what the user may read, and the period."""

    partnership = KeyChoiceField(label=_("Samenwerkingsverband"), queryset=Partnership.objects.none(),
                                         required=False)
    pilot = KeyChoiceField(label=_("Pilot"), queryset=Pilot.objects.none(), required=False,
                                   empty_label=_("alle pilots"))
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none(), required=False,
                                          empty_label=_("alle gemeenten"))
    school = KeyChoiceField(label=_("School"), queryset=School.objects.none(), required=False,
                                    empty_label=_("alle scholen"))
    period = forms.ChoiceField(label=_("Periode"), help_text=_(
        "Of kies hiernaast een van- en een tot-en-met-maand: dan wordt het een eigen periode."))
    start = MonthField(label=_("Van maand"))
    end = MonthField(label=_("Tot en met maand"))

    def __init__(self, data, *, user):
        today = timezone.localdate()
        pilots = Pilot.objects.restrict(user, "report")
        defaults = {"period": f"m:{periods.last_full_month(today).start:%Y-%m}"}
        partnerships = Partnership.objects.filter(pk__in=pilots.values("partnership_id"))
        self.whole_instance_allowed = access.is_beheerder(user)
        if not self.whole_instance_allowed and not data.get("partnership"):
            first = partnerships.first()
            if first:
                defaults["partnership"] = first.pk
        values = {**defaults, **{k: v for k, v in data.items() if v != ""}}
        if values.get("start") or values.get("end"):
            # Months filled in are an own period, whatever the period list still shows (often its default,
            # last month): the months once lost silently to it.
            values["period"] = OWN
        super().__init__(values)
        self.user = user
        self.fields["partnership"].queryset = partnerships
        if self.whole_instance_allowed:
            self.fields["partnership"].empty_label = _("alle samenwerkingsverbanden")
        else:
            self.fields["partnership"].empty_label = None
            self.fields["partnership"].required = True
        # Pilots and schools of the chosen partnership only: the whole country's hundreds of pilots and
        # thousands of schools in one list would help nobody. A pilot in a link without a partnership is kept.
        chosen = self.data.get("partnership")
        if chosen and is_key(chosen):
            self.fields["pilot"].queryset = pilots.filter(partnership=chosen).order_by("name")
            # The list shows the schools whose membership overlaps the period asked for; clean() explains a
            # school of another period of the pilots.
            memberships = PilotSchool.objects.filter(pilot__in=pilots, pilot__partnership=chosen)
            self.fields["school"].queryset = School.objects.filter(
                pk__in=memberships.values("school_id")).order_by("name")
            # Only the municipalities of those schools: where the user's figures are.
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=self.fields["school"].queryset.values("municipality_id")).order_by("name")
            period = self._period_asked(values)
            if period is not None:
                offer(self.fields["school"], self.fields["school"].queryset.filter(
                    pk__in=memberships.overlapping(period.start, period.end).values("school_id")))
        else:
            linked = self.data.get("pilot")
            self.fields["pilot"].queryset = pilots.filter(pk=linked) if linked and is_key(linked) else pilots.none()
            for name in ("pilot", "municipality", "school"):
                self.fields[name].help_text = _("Kies eerst een samenwerkingsverband.")
        self._name_places()
        self.fields["period"].choices = period_choices(today)
        for name in ("start", "end"):
            self.fields[name].limit(*month_range(today))

    @staticmethod
    def _period_asked(values):
        """The period the data names, before validation (for the list of schools), or None."""
        try:
            return period_named(values.get("period", ""), parse_month(values.get("start") or ""),
                                parse_month(values.get("end") or ""))
        except (ValueError, TypeError):
            return None

    def _name_places(self):
        """School, kinderopvang or both, as the list holds (base/places.py)."""
        queryset = self.fields["school"].queryset
        words = places.words_for_all(queryset.order_by().values_list("school_type", flat=True).distinct())
        self.fields["school"].label = capfirst(words.place)
        self.fields["school"].empty_label = _("alle %(places)s") % {"places": words.plural}

    def clean(self):
        cleaned = super().clean()
        partnership, pilot, school = cleaned.get("partnership"), cleaned.get("pilot"), cleaned.get("school")
        if pilot and partnership and pilot.partnership_id != partnership.pk:
            self.add_error("pilot", _("Deze pilot hoort niet bij het gekozen samenwerkingsverband."))
        if school and partnership and school.partnership_id != partnership.pk:
            self.add_error("school", _("Deze %(place)s hoort niet bij het gekozen samenwerkingsverband.") % {
                "place": school.words.place,
            })
        municipality = cleaned.get("municipality")
        if school and municipality and school.municipality_id != municipality.pk:
            self.add_error("school", _("Deze %(place)s ligt niet in de gekozen gemeente.") % {
                "place": school.words.place,
            })
        if municipality and pilot and not pilot.school_links.filter(school__municipality=municipality).exists():
            self.add_error("municipality", _("De gekozen pilot werkt niet in deze gemeente."))
        if school and pilot and not PilotSchool.objects.filter(pilot=pilot, school=school).exists():
            self.add_error("school", _("Deze %(place)s doet niet mee aan de gekozen pilot.") % {
                "place": school.words.place,
            })
        self._check_own_period(cleaned)
        if school and not self.errors:
            period = self.chosen_period()
            memberships = PilotSchool.objects.filter(school=school, pilot__in=self.fields["pilot"].queryset)
            if pilot:
                memberships = memberships.filter(pilot=pilot)
            if not memberships.overlapping(period.start, period.end).exists():
                self.add_error("school", _(
                    "Deze %(place)s deed in %(period)s niet mee aan %(pilots)s. Kies een andere periode of "
                    "%(place)s.") % {"place": school.words.place, "period": period.label,
                                     "pilots": _("de gekozen pilot") if pilot else _("een van de pilots")})
        return cleaned

    def _check_own_period(self, cleaned):
        if cleaned.get("period") == OWN and not self.has_error("start") and not self.has_error("end"):
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start or not end:
                self.add_error("start", _("Vul bij een eigen periode beide maanden in."))
            elif end < start:
                self.add_error("end", _("De eindmaand ligt niet voor de beginmaand."))
            elif (end.year - start.year) * 12 + end.month - start.month >= 5 * 12:
                self.add_error("end", _("Kies een periode van ten hoogste vijf jaar."))

    def chosen_period(self):
        return period_named(self.cleaned_data["period"], self.cleaned_data.get("start"), self.cleaned_data.get("end"))

    def scope(self):
        """(pilots in scope, the keys of the schools whose part of them is shown or None for all of it, title)."""
        pilots = Pilot.objects.restrict(self.user, "report")
        partnership, pilot, municipality, school = (
            self.cleaned_data.get(k) for k in ("partnership", "pilot", "municipality", "school"))
        title, schools = str(_("Alle samenwerkingsverbanden")), None
        if partnership:
            pilots, title = pilots.filter(partnership=partnership), partnership.name
        if pilot:  # a pilot's figures are those of its own work and of its sub-pilots' (issue 17.2)
            pilots, title = pilots.with_sub_pilots(pilot), pilot.name
        if municipality:
            links = PilotSchool.objects.filter(pilot__in=pilots, school__municipality=municipality)
            schools = sorted(set(links.values_list("school_id", flat=True)))
            pilots = pilots.filter(pk__in=links.values("pilot_id"))
            title = f"{title} · {municipality.name}"
        if school:
            period = self.chosen_period()
            pilots = pilots.filter(pk__in=PilotSchool.objects.filter(school=school)
                                   .overlapping(period.start, period.end).values("pilot_id"))
            schools = [school.pk]
            title = f"{title} · {school.name}"
        return pilots, schools, title


def report_partnerships(user):
    """The samenwerkingsverbanden of whose pilots the user reads figures."""
    return Partnership.objects.filter(pk__in=Pilot.objects.restrict(user, "report").values("partnership_id"))


class MeetingReportForm(forms.Form):
    """Which vergaderstuk: a samenwerkingsverband the user reads figures of, and a month (last month unless
    chosen)."""

    partnership = KeyChoiceField(label=_("Samenwerkingsverband"), queryset=Partnership.objects.none(),
                                 empty_label=None)
    maand = MonthField(label=_("Maand"), required=True)

    def __init__(self, data, *, user):
        today = timezone.localdate()
        partnerships = report_partnerships(user)
        first = partnerships.first()
        defaults = {"maand": f"{periods.last_full_month(today).start:%Y-%m}",
                    "partnership": first.pk if first else ""}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v != ""}})
        self.fields["partnership"].queryset = partnerships
        self.fields["maand"].limit(*month_range(today))

    def chosen_month(self):
        day = self.cleaned_data["maand"]
        return periods.month(day.year, day.month)


class MeetingMinutesForm(forms.ModelForm):
    class Meta:
        model = MeetingMinutes
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"text": _(
            "Wat de stuurgroep besloot en opmerkte. Het komt in het vergaderstuk van de maand erna. Schrijf geen "
            "namen of andere gegevens van kinderen: het vergaderstuk is voor de hele stuurgroep.")}
