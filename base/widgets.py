"""Form widgets shared by the portal's forms and filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as yyyy-mm-dd, typed Dutch dates are read too."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.TextInput):
    """The browser's month picker; the value travels as yyyy-mm. A browser without one shows a text field,
    where the placeholder says what to type."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": _("jjjj-mm"), "inputmode": "numeric", **(attrs or {})})


class DateRangeInput(django_filters.widgets.DateRangeWidget):
    """Two date fields under one label; each gets its own accessible name."""

    names = (_("vanaf"), _("tot en met"))

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.names, strict=True):
            subwidget["attrs"]["aria-label"] = str(label)
        return context


class Checkboxes(forms.CheckboxSelectMultiple):
    """Each choice a Bootstrap form-check, all written by one template (Django's own takes three per choice)."""

    template_name = "forms/widgets/choices.html"


class Radios(forms.RadioSelect):
    """As Checkboxes, one choice only."""

    template_name = "forms/widgets/choices.html"
