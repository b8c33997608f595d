"""The IB-er's list, the team's queue, the trajectory page: who sees what, at a fixed query cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.factories import advance, make_trajectory, make_user
from trajecten.models import ContactMoment, Trajectory
from trajecten.states import Status


@pytest.fixture
def registrations(world):
    own = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    colleague = make_trajectory(world.ib_a2, world.school_a2, world.pilot_a)
    other = make_trajectory(world.ib_b1, world.school_b1, world.pilot_b)
    return own, colleague, other


def test_ib_list_shows_own_schools_registrations_with_status_and_coach(client, world, registrations):
    own, colleague, other = registrations
    client.force_login(world.ib_a1)
    content = client.get(reverse("trajecten:school_list")).content.decode()
    assert own.child.full_name in content
    assert "aangemeld" in content
    assert "nog niet toegewezen" in content
    assert colleague.child.full_name not in content
    assert other.child.full_name not in content


def test_queue_shows_unassigned_registrations_of_the_pilot_to_coordinator_and_coach(client, world, registrations):
    own, colleague, other = registrations
    for user in [world.coordinator_a, world.coach_a]:
        client.force_login(user)
        content = client.get(reverse("trajecten:queue")).content.decode()
        assert own.child.full_name in content
        assert colleague.child.full_name in content
        assert other.child.full_name not in content


def test_queue_leaves_out_assigned_and_started_trajectories(client, world, registrations):
    own, colleague, _ = registrations
    Trajectory.objects.filter(pk=own.pk).update(coach=world.coach_a)
    advance(colleague, Status.ACTIVE, by=world.coach_a, coach=world.coach_a)
    client.force_login(world.coordinator_a)
    content = client.get(reverse("trajecten:queue")).content.decode()
    assert own.child.full_name not in content
    assert colleague.child.full_name not in content
    assert "Er liggen geen nieuwe aanmeldingen zonder coach." in content


def test_queue_is_not_for_ib_ers_or_the_stuurgroep(client, world, registrations):
    for user in [world.ib_a1, world.stuurgroep_a]:
        client.force_login(user)
        response = client.get(reverse("trajecten:queue"))
        assert response.status_code == 403
        assert registrations[0].child.full_name not in response.content.decode()


TRAJECTORY_URLS = ["trajecten:detail", "trajecten:confirmation", "trajecten:correct"]


@pytest.mark.parametrize("url_name", TRAJECTORY_URLS)
def test_ib_of_another_school_and_users_of_another_partnership_get_404(client, world, registrations, url_name):
    own = registrations[0]
    url = reverse(url_name, args=[own.pk])
    outsiders = [world.ib_a2, world.ib_b1, world.coach_b, world.coordinator_b, world.stuurgroep_a,
                 world.stuurgroep_b, world.beheerder, make_user("zonder-rol")]
    for user in outsiders:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
        assert client.post(url, {}).status_code in (404, 405), user.username


@pytest.mark.parametrize("url_name", TRAJECTORY_URLS)
def test_anonymous_is_sent_to_login(client, world, registrations, url_name):
    response = client.get(reverse(url_name, args=[registrations[0].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_trajectory_page_is_open_to_its_ib_er_and_its_team(client, world, registrations):
    own = registrations[0]
    for user in [world.ib_a1, world.coach_a, world.coordinator_a]:
        client.force_login(user)
        response = client.get(reverse("trajecten:detail", args=[own.pk]))
        assert response.status_code == 200
        assert own.child.full_name in response.content.decode()


def test_reading_a_trajectory_is_logged_without_the_name(client, world, registrations):
    from audit.models import AccessLog

    own = registrations[0]
    client.force_login(world.coach_a)
    client.get(reverse("trajecten:detail", args=[own.pk]))
    log = AccessLog.objects.filter(action="read").get()
    assert (log.username, log.child_code, log.object_id) == ("coach-a", own.child.code, str(own.pk))
    assert own.child.given_name not in str(log.__dict__)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_registrations(world, count):
    for _ in range(count):
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)


@pytest.mark.parametrize(("user_attr", "url_name"), [
    ("ib_a1", "trajecten:school_list"),
    ("coordinator_a", "trajecten:queue"),
])
def test_list_pages_cost_the_same_queries_for_5_and_50_registrations(client, world, user_attr, url_name):
    client.force_login(getattr(world, user_attr))
    url = reverse(url_name)
    add_registrations(world, 5)
    with_5 = queries_for(client, url)
    add_registrations(world, 45)
    with_50 = queries_for(client, url)
    assert with_5 == with_50
    assert with_50 <= 12


def test_the_trajectory_page_costs_the_same_queries_with_a_long_history(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a)
    url = reverse("trajecten:detail", args=[trajectory.pk])
    client.force_login(world.coach_a)
    first_visit = queries_for(client, url)
    short = queries_for(client, url)
    for day in range(20):
        ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate() - datetime.timedelta(days=day),
                                     kind="mdo", minutes=30, created_by=world.coach_a, shared_with_school=True)
    long = queries_for(client, url)
    assert short == long
    assert long <= first_visit  # a repeat visit is an UPDATE (on PostgreSQL no upsert in a transaction of its own)
    assert long <= 18
    # Read once, logged once, with the child's code, without reading the trajectory again for the log.
    logs = AccessLog.objects.filter(action="read", object_id=str(trajectory.pk))
    assert logs.count() == 3
    assert set(logs.values_list("child_code", flat=True)) == {trajectory.child.code}


def test_a_referred_trajectorys_page_says_where_the_child_was_referred_and_an_open_one_does_not_look(client, world):
    referred = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    advance(referred, Status.REFERRED, by=world.coordinator_a, coach=world.coach_a)
    running = make_trajectory(world.ib_a1, world.school_a2, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)
    content = client.get(reverse("trajecten:detail", args=[referred.pk])).content.decode()
    assert "Doorverwezen naar</dt>" in content
    assert f'SBO ({referred.referral.date.strftime("%d-%m-%Y")})' in content
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("trajecten:detail", args=[running.pk])).content.decode()
    assert "Doorverwezen naar" not in page
    assert not [query for query in captured if "trajecten_referral" in query["sql"]]
