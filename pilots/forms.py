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

from .models import PilotSchool


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
