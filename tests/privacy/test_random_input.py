"""Random input at the registration and transition forms: a Dutch form error or a redirect, never a 500,
never a partial save."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_trajectory
from trajecten.models import Child, StatusChange, Trajectory
from trajecten.states import Status

text = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["", " ", "0", "-1", "ja", "nee", "2026-02-30",
                                                                  "31-12-2999", "1900-01-01", "<script>", "=1+1"]))
numbers = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**6).map(str), text)

REGISTRATION_FIELDS = ["given_name", "family_name", "date_of_birth", "group", "school", "pilot", "teacher_name",
                       "help_request", "concern_areas", "tried_already", "help_involved", "wants_ambulant",
                       "wants_group_arrangement", "urgency", "consent_given", "consent_date", "consent_method",
                       "consent_purposes", "guardian1_name", "guardian1_relation", "guardian1_authority",
                       "guardian2_name", "guardian2_relation", "guardian2_authority", "guardian2_consents"]


def form_data(draw_values):
    return {key: value for key, value in draw_values.items() if value is not None}




@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({name: numbers if name in ("school", "pilot", "concern_areas") else text
                                     for name in REGISTRATION_FIELDS}))
def test_registration_form_never_breaks(client, world, values):
    client.force_login(world.ib_a1)
    before = (Trajectory.objects.count(), Child.objects.count(), StatusChange.objects.count())
    response = client.post(reverse("trajecten:register"), form_data(values))
    assert response.status_code in (200, 302, 400)  # 400: a NUL character, refused before any form
    if response.status_code == 400:
        assert "Ongeldig verzoek" in response.content.decode()
    if response.status_code in (200, 400):
        assert response.status_code == 400 or "verbeteren" in response.content.decode()
        assert (Trajectory.objects.count(), Child.objects.count(), StatusChange.objects.count()) == before
    else:
        trajectory = Trajectory.objects.latest("pk")
        assert trajectory.status_changes.count() == 1


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slug=st.sampled_from(["afronden", "doorverwijzen", "stoppen"]),
       values=st.fixed_dictionaries({"version": numbers, "outcome": text, "end_date": text, "reason": text,
                                     "help_kind": text, "organisation": numbers, "note": text}))
def test_transition_forms_never_break(client, world, slug, values):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a)
    client.force_login(world.coach_a)
    changes = trajectory.status_changes.count()
    response = client.post(reverse("trajecten:transition", args=[trajectory.pk, slug]), form_data(values))
    assert response.status_code in (200, 302, 400)  # 400: a NUL character, refused before any form
    trajectory.refresh_from_db()
    if response.status_code in (200, 400):
        assert trajectory.status == Status.ACTIVE
        assert trajectory.status_changes.count() == changes
    else:
        assert trajectory.status != Status.ACTIVE
        assert trajectory.status_changes.count() == changes + 1
