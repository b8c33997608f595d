"""Django's own form rendering in Bootstrap's markup (base/forms.py, templates/forms/): what a form laid out in
its template, as the registration form is, shows."""

from django import forms

from base.forms import BootstrapBoundField
from base.widgets import Checkboxes


class ExampleForm(forms.Form):
    bound_field_class = BootstrapBoundField

    name = forms.CharField(label="Naam", widget=forms.TextInput(attrs={"class": "w-50"}))
    agreed = forms.BooleanField(label="Akkoord", required=False)
    areas = forms.MultipleChoiceField(label="Gebieden", choices=[("a", "<b>A</b>"), ("b", "B")], widget=Checkboxes)


def test_a_widget_keeps_its_own_class_beside_bootstraps_and_turns_red_with_an_error():
    form = ExampleForm({"areas": ["a"]})
    assert not form.is_valid()
    html = form["name"].as_field_group()
    assert 'class="w-50 form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html and 'id="id_name_error"' in html
    assert "w-50" in str(ExampleForm()["name"]) and "is-invalid" not in str(ExampleForm()["name"])


def test_one_checkbox_has_its_label_after_it_and_a_group_is_a_fieldset_with_escaped_choices():
    form = ExampleForm(initial={"areas": ["b"]})
    single = form["agreed"].as_field_group()
    assert 'class="form-check mb-3"' in single
    assert single.index('type="checkbox"') < single.index('class="form-check-label"')
    group = form["areas"].as_field_group()
    assert "<fieldset" in group and "<legend" in group and "Gebieden" in group
    assert "&lt;b&gt;A&lt;/b&gt;" in group and "<b>A</b>" not in group
    assert 'value="b" class="form-check-input" id="id_areas_1" checked' in group
