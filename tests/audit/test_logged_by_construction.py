"""Every URL with a child's record in it writes exactly one access-log row per request: a read, a change, or a
refused attempt, whoever asks and however it ends."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.models import AccessLog, Outcome
from tests.factories import make_klasje, make_trajectory
from trajecten.states import Status

TRANSITION_SLUGS = ["starten", "afronden", "doorverwijzen", "stoppen"]


def child_url_names():
    """The names of every URL pattern whose route holds a trajectory's key."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and str(pattern.pattern).startswith("trajecten/<int:pk>"):
                names.append(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


def urls_of(name, pk):
    if name == "trajecten:transition":
        return [reverse(name, args=[pk, slug]) for slug in TRANSITION_SLUGS]
    if name == "trajecten:follow_up":
        return [reverse(name, args=[pk, moment]) for moment in (3, 6)]
    return [reverse(name, args=[pk])]


def test_the_walk_finds_every_page_about_a_child():
    assert set(child_url_names()) >= {
        "trajecten:detail", "trajecten:confirmation", "trajecten:correct", "trajecten:take", "trajecten:assign",
        "trajecten:contact_moment", "trajecten:placement", "trajecten:inzage", "trajecten:inzage_json",
        "trajecten:transition", "trajecten:follow_up",
    }


@pytest.fixture
def trajectories(world):
    make_klasje(world.pilot_a)
    return {
        "registered": make_trajectory(world.ib_a1, world.school_a1, world.pilot_a),
        "active": make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                  coach=world.coach_a),
        # Its follow-up at 3 months is due (the form shows), the one at 6 months is not yet (a redirect).
        "completed": make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED,
                                     coach=world.coach_a, ended=timezone.localdate() - datetime.timedelta(days=95),
                                     registered_at=timezone.now() - datetime.timedelta(days=150)),
    }


def rows_written(client, method, url, data=None):
    before = AccessLog.objects.count()
    response = getattr(client, method)(url, data or {})
    return response, list(AccessLog.objects.order_by("pk")[before:])


@pytest.mark.parametrize("name", child_url_names())
@pytest.mark.parametrize("who", ["ib_a1", "coach_a", "coordinator_a", "coach_b", "ib_b1", "stuurgroep_a", "beheerder"])
@pytest.mark.parametrize("state", ["registered", "active", "completed"])
def test_one_row_per_get(client, world, trajectories, name, who, state):
    trajectory = trajectories[state]
    client.force_login(getattr(world, who))
    for url in urls_of(name, trajectory.pk):
        response, rows = rows_written(client, "get", url)
        assert len(rows) == 1, (url, response.status_code, [(r.action, r.outcome) for r in rows])
        row = rows[0]
        assert row.username == getattr(world, who).username
        assert row.child_code == trajectory.child.code and row.object_id == str(trajectory.pk)
        expected = Outcome.OK if response.status_code < 400 else Outcome.REFUSED
        assert row.outcome == expected, (url, response.status_code)


@pytest.mark.parametrize("name", child_url_names())
def test_a_record_that_does_not_exist_is_a_refused_attempt(client, world, name):
    client.force_login(world.coach_a)
    for url in urls_of(name, 987654):
        response, rows = rows_written(client, "get", url)
        assert response.status_code in (404, 405)
        assert [(row.outcome, row.child_code) for row in rows] == [(Outcome.REFUSED, "")]


@pytest.mark.parametrize("name", child_url_names())
@pytest.mark.parametrize("state", ["active", "completed"])
def test_one_row_per_post_whatever_the_outcome(client, world, trajectories, name, state):
    """An empty or invalid POST re-shows the form (a read) or is refused; it never writes two rows or none."""
    client.force_login(world.coordinator_a)
    for url in urls_of(name, trajectories[state].pk):
        _response, rows = rows_written(client, "post", url, {"version": "1"})
        assert len(rows) == 1, (url, [(r.action, r.outcome) for r in rows])


def test_a_change_is_one_row_of_its_own_not_a_read_beside_it(client, world, trajectories):
    trajectory = trajectories["active"]
    client.force_login(world.coach_a)
    _response, rows = rows_written(client, "post", reverse("trajecten:contact_moment", args=[trajectory.pk]), {
        "date": timezone.localdate().isoformat(), "kind": "observatie", "minutes": "30", "note": "Rustig."})
    assert [(row.action, row.outcome) for row in rows] == [("change", Outcome.OK)]


def test_a_change_that_conflicts_is_logged_as_a_read_of_the_form(client, world, trajectories):
    trajectory = trajectories["active"]
    client.force_login(world.coach_a)
    stale = trajectory.version - 1
    response, rows = rows_written(client, "post", reverse("trajecten:transition", args=[trajectory.pk, "stoppen"]), {
        "version": stale, "reason": "Verhuisd.", "end_date": timezone.localdate().isoformat(), "definitief": "on"})
    assert response.status_code == 200
    assert [(row.action, row.outcome) for row in rows] == [("read", Outcome.OK)]


def test_recording_a_follow_up_is_one_change_row(client, world, trajectories):
    trajectory = trajectories["completed"]
    client.force_login(world.coach_a)
    _response, rows = rows_written(client, "post", reverse("trajecten:follow_up", args=[trajectory.pk, 3]), {
        "answer": "gaat_goed", "asked": ["leerkracht"], "asked_on": timezone.localdate().isoformat()})
    assert [(row.action, row.outcome, row.child_code) for row in rows] == [
        ("change", Outcome.OK, trajectory.child.code)]
