"""A cached form's HTML is only ever reused for a form that would render the same."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from kidportal.caching import form_cache_key
from partners.models import School
from pilots.models import PilotSchool
from tests.factories import make_school


class Form(forms.Form):
    name = forms.CharField(max_length=5)
    school = forms.ModelChoiceField(queryset=School.objects.order_by("name"), required=False)


@pytest.mark.django_db
def test_the_key_follows_values_choices_and_language(world):
    key = form_cache_key(Form({"name": "Sem"}))
    assert key == form_cache_key(Form({"name": "Sem", "unrelated": "x"}))
    assert key != form_cache_key(Form({"name": "Ties"}))
    assert key != form_cache_key(Form({"name": "Sem", "school": world.school_a1.pk}))
    world.school_b1.name = "Een nieuwe naam"
    world.school_b1.save()
    assert key != form_cache_key(Form({"name": "Sem"}))
    key = form_cache_key(Form({"name": "Sem"}))
    with translation.override("en"):
        assert key != form_cache_key(Form({"name": "Sem"}))


@pytest.mark.django_db
def test_a_form_with_errors_is_not_cached():
    assert form_cache_key(Form({"name": "te lang voor het veld"})) is None
    assert form_cache_key(Form()) is not None


def test_the_filter_shows_each_coach_the_schools_of_their_own_pilot(client, world):
    def school_options(user, **params):
        client.force_login(user)
        content = client.get(reverse("trajecten:list"), params).content.decode()
        select = content[content.index('name="school"'):]
        return select[:select.index("</select>")]

    first = school_options(world.coach_a, status="active")
    assert world.school_a1.name in first and world.school_b1.name not in first
    assert school_options(world.coach_a, status="active") == first
    other = school_options(world.coach_b, status="active")
    assert world.school_b1.name in other and world.school_a1.name not in other
    joined = make_school(world.partnership_a, "De Nieuwe School")
    PilotSchool.objects.create(pilot=world.pilot_a, school=joined, hours_per_week=2)
    assert "De Nieuwe School" in school_options(world.coach_a, status="active")
    selected = school_options(world.coach_a, status="active", school=world.school_a1.pk)
    assert f'value="{world.school_a1.pk}" selected' in selected
