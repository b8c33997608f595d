"""Finding a child by name on the IB-er's list, the coach's caseload and "Alle trajecten", within the
user's scope, and what the access log keeps of a search."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import AccessLog
from tests.factories import make_child, make_trajectory
from trajecten import workflow
from trajecten.models import ContactMoment, Trajectory
from trajecten.states import Status


def shown(client, url_name, **params):
    """The children's names on the list page."""
    page = client.get(reverse(url_name), params)
    assert page.status_code == 200
    return {trajectory.child.full_name for trajectory in page.context["page"].object_list}


@pytest.fixture
def children(world):
    """Two Jansens and a De Vries at one pilot school, a Jansen at another school of the pilot and one in
    another partnership."""
    def registered(school, ib, pilot, given, family, **fields):
        child = make_child(school, given_name=given, family_name=family)
        return make_trajectory(ib, school, pilot, child=child, **fields)

    return {
        "noor": registered(world.school_a1, world.ib_a1, world.pilot_a, "Noor", "Jansen", coach=world.coach_a,
                           status=Status.ACTIVE),
        "daan": registered(world.school_a1, world.ib_a1, world.pilot_a, "Daan", "Jansen"),
        "sem": registered(world.school_a1, world.ib_a1, world.pilot_a, "Sem", "de Vries", coach=world.coach_a,
                          status=Status.ACTIVE),
        "lotte": registered(world.school_a2, world.ib_a2, world.pilot_a, "Lotte", "Jansen"),
        "other": registered(world.school_b1, world.ib_b1, world.pilot_b, "Noor", "Jansen"),
    }


def test_an_ib_er_finds_a_child_of_their_own_school_by_part_of_a_name(client, world, children):
    client.force_login(world.ib_a1)
    assert shown(client, "trajecten:school_list", naam="jans") == {"Noor Jansen", "Daan Jansen"}
    assert shown(client, "trajecten:school_list", naam="jansen noor") == {"Noor Jansen"}
    assert shown(client, "trajecten:school_list", naam="  vries ") == {"Sem de Vries"}
    assert shown(client, "trajecten:school_list", naam="Bakker") == set()
    page = client.get(reverse("trajecten:school_list"), {"naam": "Bakker"})
    assert "Geen aanmeldingen gevonden" in page.content.decode()


def test_the_ib_er_filters_their_list_by_status(client, world, children):
    client.force_login(world.ib_a1)
    assert shown(client, "trajecten:school_list", status="registered") == {"Daan Jansen"}
    assert shown(client, "trajecten:school_list", status="active", naam="jansen") == {"Noor Jansen"}
    page = client.get(reverse("trajecten:school_list"), {"status": "onzin"})
    assert page.status_code == 200
    assert "Selecteer een geldige keuze" in page.content.decode()


def test_the_coach_searches_their_caseload_only(client, world, children):
    client.force_login(world.coach_a)
    assert shown(client, "trajecten:caseload", naam="jansen") == {"Noor Jansen"}
    assert shown(client, "trajecten:list", naam="jansen") == {"Noor Jansen", "Daan Jansen", "Lotte Jansen"}


def test_all_trajectories_combine_the_name_with_the_other_filters(client, world, children):
    client.force_login(world.coordinator_a)
    assert shown(client, "trajecten:list", naam="jansen", school=world.school_a1.pk) == {"Noor Jansen", "Daan Jansen"}
    assert shown(client, "trajecten:list", naam="jansen", status="registered") == {"Daan Jansen", "Lotte Jansen"}
    # A page further on keeps the search.
    assert "naam=jansen" in client.get(reverse("trajecten:list"), {"naam": "jansen"}).context["query"]


def test_the_pseudonymous_code_finds_the_child_too(client, world, children):
    client.force_login(world.coordinator_a)
    code = children["sem"].child.code
    assert shown(client, "trajecten:list", naam=code.lower()) == {"Sem de Vries"}
    client.force_login(world.coordinator_b)
    assert shown(client, "trajecten:list", naam=code) == set()


def test_a_search_is_logged_by_the_codes_it_found_never_by_the_name_typed(client, world, children):
    client.force_login(world.coordinator_a)
    before = AccessLog.objects.count()
    client.get(reverse("trajecten:list"), {"naam": "Jansen", "school": world.school_a1.pk})
    rows = list(AccessLog.objects.order_by("pk")[before:])
    assert {row.action for row in rows} == {"search"}
    assert sorted(row.child_code for row in rows) == sorted([children["noor"].child.code, children["daan"].child.code])
    assert all("Jansen" not in row.detail and "jansen" not in row.detail.lower() for row in rows)
    assert all(f"school={world.school_a1.pk}" in row.detail for row in rows)

    before = AccessLog.objects.count()
    client.get(reverse("trajecten:list"), {"naam": "Bakker"})
    (row,) = AccessLog.objects.order_by("pk")[before:]
    assert (row.action, row.child_code) == ("search", "")
    assert "Bakker" not in row.detail

    before = AccessLog.objects.count()
    client.get(reverse("trajecten:caseload"))
    (row,) = AccessLog.objects.order_by("pk")[before:]
    assert row.action == "list"


def test_the_caseload_puts_who_is_still_to_be_started_first_with_the_last_contact(client, world):
    today = timezone.localdate()
    running = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    closed = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED, coach=world.coach_a)
    waiting = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    workflow.assign_coach(waiting, world.coach_a, by=world.coordinator_a, version=waiting.version)
    for days_ago in (20, 3, 9):
        ContactMoment.objects.create(trajectory=running, date=today - datetime.timedelta(days=days_ago), kind="mdo",
                                     minutes=30, created_by=world.coach_a)
    client.force_login(world.coach_a)
    response = client.get(reverse("trajecten:caseload"))
    assert [t.pk for t in response.context["page"].object_list] == [waiting.pk, running.pk, closed.pk]
    content = response.content.decode()
    assert "Laatste contact" in content
    assert date_format(today - datetime.timedelta(days=3), "SHORT_DATE_FORMAT") in content


def test_a_search_longer_than_a_name_is_refused_politely(client, world, children):
    client.force_login(world.ib_a1)
    page = client.get(reverse("trajecten:school_list"), {"naam": "x" * 101})
    assert page.status_code == 200
    assert "niet meer dan 100 tekens" in page.content.decode()


def test_a_bad_value_in_another_filter_does_not_hide_a_search_from_the_log(client, world, children):
    client.force_login(world.ib_a1)
    before = AccessLog.objects.count()
    client.get(reverse("trajecten:school_list"), {"naam": "Jansen", "status": "onzin"})
    rows = list(AccessLog.objects.order_by("pk")[before:])
    assert {row.action for row in rows} == {"search"}
    client.force_login(world.coordinator_a)
    before = AccessLog.objects.count()
    client.get(reverse("trajecten:list"), {"naam": "Jansen", "coach": 999999})
    assert {row.action for row in AccessLog.objects.order_by("pk")[before:]} == {"search"}


def test_a_search_row_names_the_trajectory_so_the_parents_inzage_shows_it(client, world, children):
    client.force_login(world.coordinator_a)
    before = AccessLog.objects.count()
    client.get(reverse("trajecten:list"), {"naam": "Sem"})
    (row,) = AccessLog.objects.order_by("pk")[before:]
    assert (row.object_type, row.object_id) == ("traject", str(children["sem"].pk))
    inzage = client.get(reverse("trajecten:inzage_json", args=[children["sem"].pk])).json()
    assert "zoeken" in str(inzage)


def test_closed_trajectories_come_last_the_most_recently_closed_first(client, world):
    first = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED, coach=world.coach_a)
    later = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED, coach=world.coach_a)
    Trajectory.objects.filter(pk=first.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=10))
    running = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)
    rows = client.get(reverse("trajecten:caseload")).context["page"].object_list
    assert [row.pk for row in rows] == [running.pk, later.pk, first.pk]
