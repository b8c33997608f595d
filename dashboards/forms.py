import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from base.fields import KeyChoiceField, is_key
from partners.models import Partnership, School
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


def month_choices(today):
    """Every month of the last MONTH_YEARS school years (the current one up to July), newest first:
    "2026-11" → "november 2026"."""
    current = periods.school_year_of(today)
    day, first = current.end.replace(day=1), current.start.replace(year=current.start.year - MONTH_YEARS + 1)
    months = []
    while day >= first:
        months.append((f"{day:%Y-%m}", periods.month(day.year, day.month).label))
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return [("", "—"), *months]


def first_of_month(value):
    return datetime.date.fromisoformat(f"{value}-01")


class MonthField(forms.TypedChoiceField):
    """A calendar month from the list, as the date of its first day."""

    def __init__(self, **kwargs):
        super().__init__(coerce=first_of_month, empty_value=None, required=False, error_messages={
            "invalid_choice": _("Kies een maand uit de lijst: een eigen periode bestaat uit hele maanden."),
        }, **kwargs)


class ScopeForm(forms.Form):
    """Which figures: partnership, pilot and school within what the user may read, and the period."""

    partnership = KeyChoiceField(label=_("Samenwerkingsverband"), queryset=Partnership.objects.none(),
                                         required=False)
    pilot = KeyChoiceField(label=_("Pilot"), queryset=Pilot.objects.none(), required=False,
                                   empty_label=_("alle pilots"))
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
        self.fields["pilot"].queryset = pilots.order_by("name")
        # Schools of the chosen partnership only: the whole country's thousands of schools in one list
        # would help nobody (and cost a second to render).
        chosen = self.data.get("partnership")
        if chosen and is_key(chosen):
            self.fields["school"].queryset = School.objects.filter(
                pk__in=PilotSchool.objects.filter(pilot__in=pilots, pilot__partnership=chosen).values("school_id")
            ).order_by("name")
        else:
            self.fields["school"].help_text = _("Kies eerst een samenwerkingsverband.")
        self.fields["period"].choices = period_choices(today)
        self.fields["start"].choices = self.fields["end"].choices = month_choices(today)

    def clean(self):
        cleaned = super().clean()
        partnership, pilot, school = cleaned.get("partnership"), cleaned.get("pilot"), cleaned.get("school")
        if pilot and partnership and pilot.partnership_id != partnership.pk:
            self.add_error("pilot", _("Deze pilot hoort niet bij het gekozen samenwerkingsverband."))
        if school and partnership and school.partnership_id != partnership.pk:
            self.add_error("school", _("Deze school hoort niet bij het gekozen samenwerkingsverband."))
        if school and pilot and not PilotSchool.objects.filter(pilot=pilot, school=school).exists():
            self.add_error("school", _("Deze school doet niet mee aan de gekozen pilot."))
        if cleaned.get("period") == OWN and not self.has_error("start") and not self.has_error("end"):
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start or not end:
                self.add_error("start", _("Vul bij een eigen periode beide maanden in."))
            elif end < start:
                self.add_error("end", _("De eindmaand ligt niet voor de beginmaand."))
            elif (end.year - start.year) * 12 + end.month - start.month >= 5 * 12:
                self.add_error("end", _("Kies een periode van ten hoogste vijf jaar."))
        return cleaned

    def chosen_period(self):
        value = self.cleaned_data["period"]
        kind, _sep, rest = value.partition(":")
        if kind == "sj":
            return periods.school_year(int(rest))
        if kind == "q":
            year, number = rest.split("-")
            return periods.quarter(int(year), int(number))
        if kind == "m":
            year, number = rest.split("-")
            return periods.month(int(year), int(number))
        return periods.months_from(self.cleaned_data["start"], self.cleaned_data["end"])

    def scope(self):
        """(pilots in scope, school or None, title)."""
        pilots = Pilot.objects.restrict(self.user, "report")
        partnership, pilot, school = (self.cleaned_data.get(k) for k in ("partnership", "pilot", "school"))
        title = str(_("Alle samenwerkingsverbanden"))
        if partnership:
            pilots, title = pilots.filter(partnership=partnership), partnership.name
        if pilot:
            pilots, title = pilots.filter(pk=pilot.pk), pilot.name
        if school:
            pilots = pilots.filter(school_links__school=school)
            title = f"{title} · {school.name}"
        return pilots, school, title


def report_partnerships(user):
    """The samenwerkingsverbanden of whose pilots the user reads figures."""
    return Partnership.objects.filter(pk__in=Pilot.objects.restrict(user, "report").values("partnership_id"))


class MeetingReportForm(forms.Form):
    """Which vergaderstuk: a samenwerkingsverband the user reads figures of, and a month (last month unless
    chosen)."""

    partnership = KeyChoiceField(label=_("Samenwerkingsverband"), queryset=Partnership.objects.none(),
                                 empty_label=None)
    maand = forms.TypedChoiceField(label=_("Maand"), coerce=first_of_month, error_messages={
        "invalid_choice": _("Kies een maand uit de lijst.")})

    def __init__(self, data, *, user):
        today = timezone.localdate()
        partnerships = report_partnerships(user)
        first = partnerships.first()
        defaults = {"maand": f"{periods.last_full_month(today).start:%Y-%m}",
                    "partnership": first.pk if first else ""}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v != ""}})
        self.fields["partnership"].queryset = partnerships
        self.fields["maand"].choices = month_choices(today)[1:]

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
