from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role
from partners.models import Organisation, School

from .models import PilotSchool


class PilotSchoolForm(forms.ModelForm):
    """A coördinator adds a school of the samenwerkingsverband to the pilot."""

    class Meta:
        model = PilotSchool
        fields = ["school", "hours_per_week", "contact_weekday", "contact_time"]
        localized_fields = ["hours_per_week"]
        widgets = {"contact_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pilot = pilot
        self.fields["school"].queryset = School.objects.filter(partnership=pilot.partnership).exclude(
            pk__in=pilot.school_links.values("school_id")
        ).order_by("name")
        self.fields["school"].error_messages["invalid_choice"] = _(
            "Kies een school van het samenwerkingsverband die nog niet meedoet."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "school",
            Row(Column("hours_per_week", css_class="col-sm-4"), Column("contact_weekday", css_class="col-sm-4"),
                Column("contact_time", css_class="col-sm-4")),
        )
        self.helper.add_input(Submit("submit", _("School toevoegen")))


class TeamMemberForm(forms.Form):
    """A coördinator adds an existing account as coach of the pilot."""

    account = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"), max_length=254,
        help_text=_("Heeft de coach nog geen account? Vraag de functioneel beheerder er een aan te maken."),
    )
    organisation = forms.ModelChoiceField(label=_("In dienst van"), queryset=Organisation.objects.none(),
                                          required=False)

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot = pilot
        self.fields["organisation"].queryset = Organisation.objects.filter(pilot_links__pilot=pilot).order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Coach toevoegen")))

    def clean_account(self):
        value = self.cleaned_data["account"].strip()
        user = get_user_model().objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True,
        ).first()
        if user is None:
            raise forms.ValidationError(_("Er is geen actief account met deze gebruikersnaam of dit e-mailadres."))
        if Membership.objects.filter(user=user, pilot=self.pilot, role=Role.COACH).exists():
            raise forms.ValidationError(_("%(name)s is al coach in deze pilot.") % {
                "name": user.get_full_name() or user.username
            })
        return user
