"""Only POST changes anything, and never without the CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_trajectory
from trajecten.models import Trajectory
from trajecten.states import Status


@pytest.mark.parametrize("name", ["trajecten:take", "trajecten:assign"])
def test_a_get_on_a_changing_view_is_405(client, world, name):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coordinator_a)
    assert client.get(reverse(name, args=[trajectory.pk])).status_code == 405
    assert client.get(reverse("logout")).status_code == 405


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:transition", args=[trajectory.pk, "stoppen"]),
                           {"version": trajectory.version, "reason": "x", "end_date": "2026-11-20"})
    assert response.status_code == 403
    assert Trajectory.objects.get(pk=trajectory.pk).status == Status.ACTIVE
    response = client.post(reverse("trajecten:register"), {})
    assert response.status_code == 403
