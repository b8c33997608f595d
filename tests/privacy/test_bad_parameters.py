"""Every parameter the portal parses, given nonsense: a Dutch form error, a 400 or the page as if the parameter
were missing, never a 500. Runs on SQLite and PostgreSQL (CI runs both): the two refuse different things
(PostgreSQL: NUL characters, numbers beyond 64 bits, strings longer than the column)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_klasje, make_trajectory
from tests.trajecten.test_registration_form import valid_data
from trajecten.states import Status

NONSENSE = [
    "", "abc", "-1", "1.5", "99999999999999999999999", "-99999999999999999999999", "0001-01-01", "9999-12-31",
    "31-12-9999", "2026-02-30", "\x00", "a\x00b", "x" * 300, "m:0001-01", "sj:9999", "q:9999-9", "m:2026-13", "%",
    "'; --", "²",
]


def nonsense_for(params):
    for name in params:
        for value in NONSENSE:
            yield {name: value}


@pytest.fixture
def setting(world):
    klasje = make_klasje(world.pilot_a)
    registered = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    active = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    return {"klasje": klasje, "registered": registered, "active": active}


def assert_no_server_error(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code < 500, f"{method.upper()} {url} {data!r}: {response.status_code}"
    return response


GET_PAGES = [
    ("coordinator_a", "trajecten:list", ["status", "open_or_closed", "school", "coach", "concern_area",
                                         "registered_after", "registered_before", "waiting_longer_than", "sort",
                                         "pagina"]),
    ("coordinator_a", "trajecten:list_filters", ["status", "open_or_closed", "school", "coach", "concern_area",
                                                 "registered_after", "registered_before", "waiting_longer_than",
                                                 "sort", "naam"]),
    ("coach_a", "trajecten:caseload", ["pagina"]),
    ("coordinator_a", "trajecten:queue", ["pagina"]),
    ("ib_a1", "trajecten:school_list", ["pagina"]),
    ("stuurgroep_a", "dashboards:dashboard", ["partnership", "pilot", "school", "period", "start", "end"]),
    ("stuurgroep_a", "dashboards:scope", ["partnership", "pilot", "municipality", "school", "period", "start", "end"]),
    ("stuurgroep_a", "dashboards:export_csv", ["partnership", "period", "start", "end"]),
    ("stuurgroep_a", "dashboards:meeting_report", ["partnership", "maand"]),
    ("beheerder", "audit:access_log", ["at_after", "at_before", "username", "child_code", "action", "pagina"]),
    ("beheerder", "admin:auth_user_changelist", ["q", "is_active__exact", "memberships__role", "o", "p"]),
    ("beheerder", "admin:partners_school_changelist", ["q", "o", "p"]),
    ("beheerder", "admin:accounts_membership_changelist", ["q", "role", "pilot__partnership__id__exact"]),
]


@pytest.mark.parametrize(("who", "name", "params"), GET_PAGES, ids=[page[1] for page in GET_PAGES])
def test_query_parameters_of_every_list_and_dashboard(client, world, setting, who, name, params):
    client.force_login(getattr(world, who))
    for data in nonsense_for(params):
        assert_no_server_error(client, "get", reverse(name), data)


def test_the_week_of_a_group_arrangement(client, world, setting):
    client.force_login(world.coach_a)
    url = reverse("trajecten:arrangement_week", args=[setting["klasje"].pk])
    for data in nonsense_for(["week"]):
        assert assert_no_server_error(client, "get", url, data).status_code in (200, 400)


def test_keys_in_urls_beyond_64_bits(client, world, setting):
    client.force_login(world.coordinator_a)
    for path in ("/trajecten/99999999999999999999999/", "/trajecten/99999999999999999999999/starten/",
                 "/pilots/99999999999999999999999/", "/groepsarrangementen/99999999999999999999999/bezetting/"):
        assert client.get(path).status_code == 404, path


def test_login_with_nonsense(client, db):
    for data in nonsense_for(["username", "password"]):
        assert_no_server_error(client, "post", reverse("login"), {"username": "ib-a1", "password": "x", **data})


def test_registration_form(client, world, setting):
    client.force_login(world.ib_a1)
    for field in valid_data(world):
        for data in nonsense_for([field]):
            assert_no_server_error(client, "post", reverse("trajecten:register"), valid_data(world, **data))


def test_correction_form(client, world, setting):
    trajectory = setting["registered"]
    client.force_login(world.ib_a1)
    url = reverse("trajecten:correct", args=[trajectory.pk])
    base = {**valid_data(world), "version": trajectory.version}
    base.pop("school")
    for field in [*base, "school"]:
        for data in nonsense_for([field]):
            assert_no_server_error(client, "post", url, {**base, **data})


TRANSITIONS = {
    "starten": ["version", "coach", "start_date", "note"],
    "afronden": ["version", "outcome", "end_date", "note", "definitief"],
    "doorverwijzen": ["version", "help_kind", "organisation", "end_date", "note", "definitief"],
    "stoppen": ["version", "reason", "end_date", "definitief"],
}


@pytest.mark.parametrize("slug", TRANSITIONS)
def test_transition_forms(client, world, setting, slug):
    trajectory = setting["registered" if slug == "starten" else "active"]
    client.force_login(world.coordinator_a)
    url = reverse("trajecten:transition", args=[trajectory.pk, slug])
    today = timezone.localdate().isoformat()
    base = {"version": "999999", "coach": world.coach_a.pk, "start_date": today, "end_date": today,
            "outcome": "doel_bereikt", "help_kind": "sbo", "reason": "Verhuisd.",
            "definitief": "on"}  # a stale version: nothing saved
    for data in nonsense_for(TRANSITIONS[slug]):
        assert_no_server_error(client, "post", url, {**base, **data})


def test_team_forms_take_assign_contact_moment_and_placement(client, world, setting):
    registered, active, klasje = setting["registered"], setting["active"], setting["klasje"]
    client.force_login(world.coordinator_a)
    forms = [
        (reverse("trajecten:take", args=[registered.pk]), {"version": "999999"}, ["version"]),
        (reverse("trajecten:assign", args=[registered.pk]), {"version": "999999", "coach": world.coach_a.pk},
         ["version", "coach", "terug"]),
        (reverse("trajecten:contact_moment", args=[active.pk]),
         {"date": timezone.localdate().isoformat(), "kind": "observatie", "minutes": "30"},
         ["date", "kind", "minutes", "note", "shared_with_school"]),
        (reverse("trajecten:placement", args=[active.pk]),
         {"arrangement": klasje.pk, "day_parts": [klasje.day_parts.first().pk], "start_date": "2000-01-01"},
         ["arrangement", "day_parts", "start_date"]),
        (reverse("trajecten:reassign"), {"pilot": world.pilot_a.pk}, ["pilot", "from_coach", "to_coach"]),
        (reverse("trajecten:pilot_add_school", args=[world.pilot_a.pk]), {"school": world.school_a3.pk},
         ["school", "hours_per_week", "contact_weekday", "contact_time"]),
        (reverse("trajecten:pilot_add_coach", args=[world.pilot_a.pk]), {}, ["account", "organisation"]),
    ]
    for url, base, fields in forms:
        for data in nonsense_for(fields):
            assert_no_server_error(client, "post", url, {**base, **data})
