from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from base.dates import DateField
from base.fields import KeyChoiceField
from base.widgets import DateInput
from partners.models import School

from ..handovers import receiving_schools
from ..models import Handover, HandoverFact


class HandoverForm(forms.Form):
    """The warme overdracht, written by the coach or the pedagogisch medewerker for the new school."""

    to_school = KeyChoiceField(label=_("Naar de school"), queryset=School.objects.none())
    date = DateField(label=_("Datum van de overdracht"), widget=DateInput)
    summary = forms.CharField(
        label=capfirst(Handover._meta.get_field("summary").verbose_name),
        help_text=Handover._meta.get_field("summary").help_text, widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
    )
    facts = forms.MultipleChoiceField(
        label=_("Deel verder met de school"), choices=HandoverFact.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Naam, geboortedatum en groep van het kind gaan altijd mee; de rest alleen als u het kiest."),
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = receiving_schools(trajectory)
        self.initial.setdefault("date", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Overdragen aan de school")))
