import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Employment, Role
from base import places
from base.dates import DateField
from base.display import display_name
from base.fields import KeyChoiceField
from base.widgets import DateInput
from partners.models import School

from .models import Indicator, IndicatorFrequency, PilotSchool, period_label


class PilotSchoolForm(forms.ModelForm):
    """A coördinator adds a school or kinderopvang of the samenwerkingsverband to the pilot."""

    class Meta:
        model = PilotSchool
        fields = ["school", "hours_per_week", "contact_weekday", "contact_time", "start_date", "end_date"]
        field_classes = {"school": KeyChoiceField, "start_date": DateField, "end_date": DateField}
        localized_fields = ["hours_per_week"]
        widgets = {"contact_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pilot = pilot
        self.initial.setdefault("start_date", timezone.localdate())
        self.fields["school"].queryset = School.objects.filter(partnership=pilot.partnership).exclude(
            pk__in=pilot.school_links.values("school_id")
        ).order_by("name")
        schools = self.fields["school"].queryset
        self.words = words = places.words_for_all(schools.order_by().values_list("school_type", flat=True).distinct())
        self.fields["school"].label = capfirst(words.place)
        self.fields["school"].error_messages["invalid_choice"] = _(
            "Kies een %(place)s van het samenwerkingsverband die nog niet meedoet."
        ) % {"place": words.place}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "school",
            Row(Column("hours_per_week", css_class="col-sm-4"), Column("contact_weekday", css_class="col-sm-4"),
                Column("contact_time", css_class="col-sm-4")),
            Row(Column("start_date", css_class="col-sm-6"), Column("end_date", css_class="col-sm-6")),
        )
        self.helper.add_input(Submit("submit", capfirst(_("%(place)s toevoegen") % {"place": words.place})))


class EmployeeChoiceField(KeyChoiceField):
    def label_from_instance(self, employment):
        return f"{display_name(employment.user)} — {employment.organisation.name}"


class TeamMemberForm(forms.Form):
    """A coördinator adds a coach to the pilot: an employee of one of the pilot's partner organisations, chosen
    from the list (never by a typed username or e-mail address: that would let anyone probe accounts)."""

    employment = EmployeeChoiceField(
        label=_("Coach"), queryset=Employment.objects.none(), empty_label=_("kies een medewerker"),
        help_text=_("Medewerkers van de partnerorganisaties van de pilot. Staat de coach er niet bij? Vraag de "
                    "functioneel beheerder het account en het dienstverband vast te leggen."),
        error_messages={"invalid_choice": _("Kies een medewerker uit de lijst."),
                        "required": _("Kies een medewerker uit de lijst.")},
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot = pilot
        self.fields["employment"].queryset = (
            Employment.objects.filter(organisation__pilot_links__pilot=pilot, user__is_active=True)
            .exclude(user__memberships__pilot=pilot, user__memberships__role=Role.COACH)
            .exclude(user__memberships__role__in=[Role.BEHEERDER, Role.STUURGROEP])
            .exclude(user__is_superuser=True)
            .select_related("user", "organisation").order_by("user__first_name", "user__last_name")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Coach toevoegen")))


MONTHS_BACK = 36  # a monthly value may be entered up to three years late
SCHOOL_YEARS_BACK = 5


def school_year_start(day):
    return datetime.date(day.year if day.month >= 8 else day.year - 1, 8, 1)


def period_choices(frequency, today):
    """(first day, label) of the periods a value may be entered for, the latest first: the months up to this one,
    or the school years (from 1 August) up to the current one."""
    if frequency == IndicatorFrequency.SCHOOL_YEAR:
        first = school_year_start(today).year
        starts = [datetime.date(year, 8, 1) for year in range(first, first - SCHOOL_YEARS_BACK - 1, -1)]
    else:
        starts, day = [], today.replace(day=1)
        for _step in range(MONTHS_BACK):
            starts.append(day)
            day = (day - datetime.timedelta(days=1)).replace(day=1)
    return [(start.isoformat(), period_label(frequency, start)) for start in starts]


class IndicatorForm(forms.ModelForm):
    """A coördinator defines an indicator of the pilot's monitoringsafspraken."""

    class Meta:
        model = Indicator
        fields = ["name", "unit", "frequency"]

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pilot = pilot
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name", Row(Column("unit", css_class="col-sm-6"), Column("frequency", css_class="col-sm-6")),
        )
        self.helper.add_input(Submit("submit", _("Indicator toevoegen")))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Indicator.objects.filter(pilot=self.instance.pilot, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("De pilot heeft al een indicator met deze naam."))
        return name


class IndicatorValueForm(forms.Form):
    """The value of one indicator for a month or a school year; a period that has a value gets the new one."""

    period = forms.TypedChoiceField(label=_("Periode"), coerce=datetime.date.fromisoformat)
    value = forms.DecimalField(label=_("Waarde"), max_digits=12, decimal_places=2, localize=True,
                               error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 12 of 7,5.")})

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        choices = period_choices(indicator.frequency, today)
        self.fields["period"].choices = choices
        self.fields["period"].error_messages["invalid_choice"] = _("Kies een periode uit de lijst.")
        self.fields["value"].label = _("Waarde (%(unit)s)") % {"unit": indicator.unit}
        if indicator.frequency == IndicatorFrequency.MONTH:
            previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
            self.initial.setdefault("period", previous.isoformat())
        else:
            self.initial.setdefault("period", choices[0][0])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("period", css_class="col-sm-6"), Column("value", css_class="col-sm-6")),
        )
        self.helper.add_input(Submit("submit", _("Waarde opslaan")))
