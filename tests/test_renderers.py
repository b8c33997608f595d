"""The Python-written <select> is exactly Django's template-written one."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from kidportal.renderers import SELECT, Renderer
from partners.models import School
from tests.factories import make_partnership, make_school


def both(widget, name, value, attrs=None):
    context = widget.get_context(name, value, attrs)
    return Renderer().render(SELECT, context), TemplatesSetting().render(SELECT, context)


CHOICES = [
    ("", "---------"),
    ("a", "Eén & twee <b>"),
    ("Schooljaar", [("sj:2026", "schooljaar 2026-2027"), ("sj:2025", 'met "quotes"')]),
    (3, "drie"),
]


@pytest.mark.parametrize("value", [None, "", "a", "sj:2025", 3])
def test_a_select_with_groups_escaping_and_attributes(value):
    widget = forms.Select(choices=CHOICES, attrs={"class": "form-select", "aria-describedby": "x_help"})
    ours, djangos = both(widget, "period", value, {"id": "id_period", "required": True, "disabled": False})
    assert ours == djangos
    assert "&lt;b&gt;" in ours and "&quot;quotes&quot;" in ours


def test_a_multiple_select():
    ours, djangos = both(forms.SelectMultiple(choices=CHOICES), "status", ["a", "sj:2026"])
    assert ours == djangos and ours.count(" selected") == 2


@pytest.mark.django_db
def test_a_model_choice_field_and_the_page_uses_it():
    partnership = make_partnership()
    for name in ("De Regenboog", "Het Anker & de Zee"):
        make_school(partnership, name)
    field = forms.ModelChoiceField(queryset=School.objects.order_by("name"))
    school = School.objects.get(name="De Regenboog")
    ours, djangos = both(field.widget, "school", school.pk, {"id": "id_school"})
    assert ours == djangos and "Het Anker &amp; de Zee" in ours

    class Form(forms.Form):
        school = forms.ModelChoiceField(queryset=School.objects.order_by("name"))

    assert str(Form({"school": school.pk})["school"]) == ours.replace('<select name="school" id="id_school">',
                                                                       '<select name="school" required id="id_school">')
