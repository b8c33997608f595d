"""The bovenschools klasje: day parts within the maximum, capacity never exceeded, only while active."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_klasje, make_trajectory
from trajecten import workflow
from trajecten.models import GroupPlacement
from trajecten.states import Status

TODAY = timezone.localdate()


@pytest.fixture
def klasje(world):
    return make_klasje(world.pilot_a, capacity=2, max_day_parts=2)


@pytest.fixture
def coach(client, world):
    client.force_login(world.coach_a)
    return client


def active(world):
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a,
                           consent_purposes=["ondersteuning", "groepsarrangement"])


def place(client, trajectory, klasje, parts, start=None):
    return client.post(reverse("trajecten:placement", args=[trajectory.pk]), {
        "arrangement": klasje.pk, "day_parts": [part.pk for part in parts],
        "start_date": (start or TODAY).isoformat(),
    })


def test_a_child_is_placed_for_two_day_parts(coach, world, klasje):
    trajectory = active(world)
    tuesday, thursday, _friday = klasje.day_parts.all()
    response = place(coach, trajectory, klasje, [tuesday, thursday])
    assert response.status_code == 302
    placement = GroupPlacement.objects.get()
    assert set(placement.day_parts.all()) == {tuesday, thursday}
    assert placement.end_date is None
    page = coach.get(trajectory.get_absolute_url()).content.decode()
    assert "dinsdagochtend" in page


def test_more_day_parts_than_the_maximum_are_refused(coach, world, klasje):
    response = place(coach, active(world), klasje, list(klasje.day_parts.all()))
    assert "In Bovenschools klasje is een kind ten hoogste 2 dagdelen per week." in response.content.decode()
    assert not GroupPlacement.objects.exists()


def test_capacity_is_never_exceeded(coach, world, klasje):
    tuesday = klasje.day_parts.get(weekday=2)
    for _ in range(2):
        assert place(coach, active(world), klasje, [tuesday]).status_code == 302
    response = place(coach, active(world), klasje, [tuesday])
    assert "Vol: dinsdagochtend (2 plaatsen per dagdeel)" in response.content.decode()
    assert GroupPlacement.objects.count() == 2


def test_a_place_comes_free_when_a_trajectory_closes(coach, world, klasje):
    tuesday = klasje.day_parts.get(weekday=2)
    first, second = active(world), active(world)
    place(coach, first, klasje, [tuesday])
    place(coach, second, klasje, [tuesday])
    first.refresh_from_db()
    workflow.perform(first, "complete", by=world.coach_a, version=first.version,
                     changes={"outcome": "doel_bereikt", "end_date": TODAY})
    placement = first.placements.get()
    assert placement.end_date == TODAY
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert place(coach, active(world), klasje, [tuesday], start=tomorrow).status_code == 302


def test_only_while_the_trajectory_is_active(coach, world, klasje):
    registered = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    assert place(coach, registered, klasje, [klasje.day_parts.first()]).status_code == 404
    assert not GroupPlacement.objects.exists()


def test_a_new_placement_replaces_the_running_one(coach, world, klasje):
    trajectory = active(world)
    tuesday, thursday, friday = klasje.day_parts.all()
    place(coach, trajectory, klasje, [tuesday, thursday], start=TODAY - datetime.timedelta(days=7))
    place(coach, trajectory, klasje, [friday])
    old, new = trajectory.placements.order_by("start_date")
    assert old.end_date == TODAY - datetime.timedelta(days=1)
    assert new.end_date is None
    assert list(new.day_parts.all()) == [friday]


def test_placement_before_the_start_of_the_trajectory_is_refused(coach, world, klasje):
    trajectory = active(world)
    response = place(coach, trajectory, klasje, [klasje.day_parts.first()],
                     start=trajectory.start_date - datetime.timedelta(days=1))
    assert "Een plaatsing begint niet voor de start van het traject." in response.content.decode()


def test_week_view_shows_occupancy_to_the_coordinator(client, world, klasje):
    tuesday = klasje.day_parts.get(weekday=2)
    trajectory = active(world)
    client.force_login(world.coach_a)
    place(client, trajectory, klasje, [tuesday], start=TODAY - datetime.timedelta(days=TODAY.weekday()))
    client.force_login(world.coordinator_a)
    content = client.get(reverse("trajecten:arrangement_week", args=[klasje.pk])).content.decode()
    assert "1 / 2" in content
    assert trajectory.child.full_name in content


def test_week_view_is_not_found_for_another_pilot(client, world, klasje):
    for user in [world.coordinator_b, world.coach_b, world.ib_a1, world.stuurgroep_a]:
        client.force_login(user)
        assert client.get(reverse("trajecten:arrangement_week", args=[klasje.pk])).status_code == 404


def test_no_placement_without_the_parents_consent_for_a_group_arrangement(coach, world, klasje):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a, consent_purposes=["ondersteuning"])
    response = place(coach, trajectory, klasje, [klasje.day_parts.get(weekday=2)])
    assert response.status_code == 200
    assert ("De ouders gaven (nog) geen toestemming voor: deelname aan een groepsarrangement."
            in response.content.decode())
    assert not GroupPlacement.objects.exists()
    trajectory.refresh_from_db()
    response = coach.post(reverse("trajecten:consent", args=[trajectory.pk]), {
        "version": trajectory.version, "guardian": trajectory.guardians.get().pk, "purposes": ["groepsarrangement"],
        "consent_date": TODAY.isoformat(), "method": "mondeling"})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    change = trajectory.record_changes.latest("pk").changes[0]
    assert change["field"] == "Toestemming gegeven"
    assert change["new"].startswith("Moeder Jansen (moeder)") and "deelname aan een groepsarrangement" in change["new"]
    assert place(coach, trajectory, klasje, [klasje.day_parts.get(weekday=2)]).status_code == 302
