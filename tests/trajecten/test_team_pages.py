"""The team's pages: who reaches which trajectory, what the school reads, and a constant query cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.factories import make_child, make_klasje, make_trajectory, make_user
from trajecten.models import Child, ContactMoment, Group, RecordChange, Trajectory, Urgency
from trajecten.states import Status

TODAY = timezone.localdate()


def every_trajectory_url(trajectory, klasje=None):
    urls = [reverse(name, args=[trajectory.pk]) for name in [
        "trajecten:detail", "trajecten:confirmation", "trajecten:correct", "trajecten:take", "trajecten:assign",
        "trajecten:contact_moment", "trajecten:placement",
    ]]
    urls += [reverse("trajecten:transition", args=[trajectory.pk, slug])
             for slug in ["starten", "afronden", "doorverwijzen", "stoppen"]]
    return urls


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.ACTIVE])
def test_coaches_of_another_pilot_get_404_on_every_trajectory_url(client, world, status):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=world.coach_a)
    for user in [world.coach_b, world.coordinator_b]:
        client.force_login(user)
        for url in every_trajectory_url(trajectory):
            assert client.get(url).status_code in (404, 405), url
            assert client.post(url, {"version": trajectory.version}).status_code == 404, url
    trajectory.refresh_from_db()
    assert trajectory.status == status


def test_coach_takes_a_registration_from_the_queue(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:take", args=[trajectory.pk]), {"version": trajectory.version})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.coach == world.coach_a
    change = RecordChange.objects.get(trajectory=trajectory)
    assert change.changes == [{"field": "Coach", "old": "—", "new": "Test Coach-a"}]
    assert trajectory.child.full_name in client.get(reverse("trajecten:caseload")).content.decode()


def test_taking_twice_is_refused(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coach_a)
    client.post(reverse("trajecten:take", args=[trajectory.pk]), {"version": trajectory.version})
    other = make_user("coach-a2", role="coach", pilot=world.pilot_a)
    client.force_login(other)
    assert client.post(reverse("trajecten:take", args=[trajectory.pk]), {"version": 1}).status_code == 404
    trajectory.refresh_from_db()
    assert trajectory.coach == world.coach_a


def test_coordinator_assigns_and_a_coach_cannot(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    url = reverse("trajecten:assign", args=[trajectory.pk])
    client.force_login(world.coach_a)
    assert client.post(url, {"version": trajectory.version, "coach": world.coach_a.pk}).status_code == 403
    client.force_login(world.coordinator_a)
    response = client.post(url, {"version": trajectory.version, "coach": world.coach_a.pk, "terug": "wachtrij"})
    assert response.url == reverse("trajecten:queue")
    trajectory.refresh_from_db()
    assert trajectory.coach == world.coach_a


def test_coordinator_hands_over_a_caseload(client, world):
    leaving = world.coach_a
    staying = make_user("coach-a2", role="coach", pilot=world.pilot_a)
    open_ones = [make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=leaving)
                 for _ in range(3)]
    closed = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED, coach=leaving)
    client.force_login(world.coordinator_a)
    response = client.post(reverse("trajecten:reassign"), {
        "pilot": world.pilot_a.pk, "from_coach": leaving.pk, "to_coach": staying.pk,
    }, follow=True)
    assert "3 open trajecten zijn overgedragen" in response.content.decode()
    assert all(Trajectory.objects.get(pk=t.pk).coach == staying for t in open_ones)
    assert Trajectory.objects.get(pk=closed.pk).coach == leaving


def test_only_a_coordinator_hands_over_caseloads(client, world):
    client.force_login(world.coach_a)
    assert client.get(reverse("trajecten:reassign")).status_code == 403


def test_ib_er_reads_only_the_contact_moments_shared_with_the_school(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)
    url = reverse("trajecten:contact_moment", args=[trajectory.pk])
    client.post(url, {"date": TODAY.isoformat(), "kind": "observatie", "minutes": 45,
                      "note": "Gedeeld: tips voor de kring.", "shared_with_school": "on"})
    client.post(url, {"date": TODAY.isoformat(), "kind": "gesprek_ouders", "minutes": 30,
                      "note": "Alleen team: zorgen thuis."})
    assert ContactMoment.objects.count() == 2
    team_page = client.get(trajectory.get_absolute_url()).content.decode()
    assert "Gedeeld: tips voor de kring." in team_page and "Alleen team: zorgen thuis." in team_page
    client.force_login(world.ib_a1)
    school_page = client.get(trajectory.get_absolute_url()).content.decode()
    assert "Gedeeld: tips voor de kring." in school_page
    assert "Alleen team: zorgen thuis." not in school_page


def test_contact_moment_bad_input(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)
    url = reverse("trajecten:contact_moment", args=[trajectory.pk])
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    content = client.post(url, {"date": tomorrow, "kind": "mdo", "minutes": 0}).content.decode()
    assert "Deze datum ligt in de toekomst" in content
    assert "Zorg ervoor dat deze waarde minstens 1 is." in content
    assert not ContactMoment.objects.exists()
    assert not AccessLog.objects.filter(detail="contactmoment vastgelegd").exists()


def test_no_contact_moments_on_a_closed_trajectory(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED)
    client.force_login(world.coach_a)
    assert client.get(reverse("trajecten:contact_moment", args=[trajectory.pk])).status_code == 404


def test_list_filters_by_status_school_and_waiting_time(client, world):
    waiting = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    Trajectory.objects.filter(pk=waiting.pk).update(registered_at=timezone.now() - datetime.timedelta(days=40))
    fresh = make_trajectory(world.ib_a2, world.school_a2, world.pilot_a)
    running = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coordinator_a)

    def names(**params):
        content = client.get(reverse("trajecten:list"), params).content.decode()
        return {t.child.full_name for t in (waiting, fresh, running) if t.child.full_name in content}

    assert names() == {waiting.child.full_name, fresh.child.full_name, running.child.full_name}
    assert names(status="registered", school=world.school_a1.pk) == {waiting.child.full_name}
    assert names(waiting_longer_than=30) == {waiting.child.full_name}
    assert names(open_or_closed="afgesloten") == set()
    assert names(coach=world.coach_a.pk) == {running.child.full_name}


@pytest.mark.parametrize("sort", ["school", "-status", "kind"])
def test_paging_through_a_sorted_list_shows_every_trajectory_once(client, world, sort):
    """Sorted on a column where many rows tie, no trajectory may repeat on a later page or go missing
    (PostgreSQL's top-N sort broke the ties of 130 rows differently for each page)."""
    for _number in range(130):
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coordinator_a)
    seen = []
    for number in range(1, 7):
        response = client.get(reverse("trajecten:list"), {"sort": sort, "pagina": number})
        seen += [trajectory.pk for trajectory in response.context["page"].object_list]
    assert sorted(seen) == sorted(Trajectory.objects.filter(pilot=world.pilot_a).values_list("pk", flat=True))


def test_list_does_not_offer_schools_of_another_partnership(client, world):
    client.force_login(world.coordinator_a)
    content = client.get(reverse("trajecten:list_filters")).content.decode()
    assert "De Regenboog" in content
    assert "De Wilster" not in content
    # A school that is not the user's to choose: the list shows the form with the message, not a summary.
    response = client.get(reverse("trajecten:list"), {"school": world.school_b1.pk})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert "Gefilterd op" not in response.content.decode()


def test_the_list_names_its_filters_and_keeps_them_in_a_search_by_name(client, world):
    running = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coordinator_a)
    plain = client.get(reverse("trajecten:list")).content.decode()
    assert "Gefilterd op" not in plain and 'name="school"' not in plain  # the form is a page of its own
    assert f'href="{reverse("trajecten:list_filters")}"' in plain
    response = client.get(reverse("trajecten:list"), {
        "status": ["active", "registered"], "school": world.school_a1.pk, "coach": world.coach_a.pk,
        "registered_after": "2020-01-01", "sort": "-school", "naam": running.child.given_name,
    })
    content = response.content.decode()
    summary = content[content.index('id="filters"'):content.index("</p>", content.index('id="filters"'))]
    for label, value in [("Status", "ambulant traject, aangemeld"), ("School", world.school_a1.name),
                         ("Coach", world.coach_a.get_full_name()), ("Aangemeld tussen", "01-01-2020 – …")]:
        assert f"{label}: <strong>{value}</strong>" in summary, (label, summary)
    assert "Sorteren op: <strong>" in summary
    # The search by name sends the filters along, hidden; the name itself is in the search field.
    start = content.index('role="search"')
    search = content[start:content.index("</form>", start)]
    for name, value in [("status", "active"), ("status", "registered"), ("school", world.school_a1.pk),
                        ("sort", "-school")]:
        assert f'<input type="hidden" name="{name}" value="{value}">' in search
    assert 'type="hidden" name="naam"' not in search
    assert [t.pk for t in response.context["page"].object_list] == [running.pk]
    # Changing them starts from what is chosen; clearing them keeps the name searched for.
    page = client.get(f'{reverse("trajecten:list_filters")}?{response.context["query"]}').content.decode()
    assert f'value="{world.school_a1.pk}" selected' in page and 'value="active"  id="id_status_1" checked' in page
    assert f'<input type="hidden" name="naam" value="{running.child.given_name}">' in page
    assert f'href="{reverse("trajecten:list")}?naam={running.child.given_name}"' in content


def test_the_list_is_for_the_team_only(client, world):
    for user in [world.ib_a1, world.stuurgroep_a, world.beheerder]:
        client.force_login(user)
        assert client.get(reverse("trajecten:list")).status_code == 403
        assert client.get(reverse("trajecten:caseload")).status_code == 403


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def fill(world, count, klasje):
    from trajecten import placements

    for index in range(count):
        status = [Status.REGISTERED, Status.ACTIVE, Status.COMPLETED, Status.REFERRED, Status.WITHDRAWN][index % 5]
        trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=world.coach_a,
                                     consent_purposes=["ondersteuning", "groepsarrangement"])
        ContactMoment.objects.create(trajectory=trajectory, date=TODAY, kind="mdo", minutes=30,
                                     created_by=world.coach_a, shared_with_school=True)
        if status == Status.ACTIVE and index < 2:
            placements.place(trajectory, klasje, [klasje.day_parts.first()], trajectory.start_date, by=world.coach_a)


@pytest.mark.parametrize("url_name", ["trajecten:caseload", "trajecten:list", "trajecten:queue"])
def test_team_lists_cost_the_same_queries_for_5_and_50_trajectories(client, world, url_name):
    klasje = make_klasje(world.pilot_a, capacity=60)
    client.force_login(world.coach_a)
    url = reverse(url_name) + (f"?status=active&status=registered&school={world.school_a1.pk}"
                               if url_name == "trajecten:list" else "")
    fill(world, 5, klasje)
    with_5 = count_queries(client, url)
    fill(world, 45, klasje)
    assert count_queries(client, url) == with_5


def test_trajectory_page_costs_the_same_queries_with_more_history(client, world):
    klasje = make_klasje(world.pilot_a, capacity=60)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a,
                                 consent_purposes=["ondersteuning", "groepsarrangement"])
    client.force_login(world.coach_a)
    from trajecten import placements

    placements.place(trajectory, klasje, [klasje.day_parts.first()], trajectory.start_date, by=world.coach_a)
    few = count_queries(client, trajectory.get_absolute_url())
    for day in range(40):
        ContactMoment.objects.create(trajectory=trajectory, date=TODAY - datetime.timedelta(days=day % 19),
                                     kind="observatie", minutes=20, created_by=world.coach_a)
    assert count_queries(client, trajectory.get_absolute_url()) == few


def test_caseload_rows_name_status_and_group_in_dutch(client, world):
    peuter = make_child(world.school_a1, given_name="Pim", group="peuter")
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=peuter, status=Status.ACTIVE,
                    coach=world.coach_a)
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.REFERRED, coach=world.coach_a)
    client.force_login(world.coach_a)
    page = client.get(reverse("trajecten:caseload")).content.decode()
    for label in ["ambulant traject", "doorverwezen", "peuter", "groep 3"]:
        assert f">{label}<" in page, label


def test_display_labels_match_djangos_and_keep_an_unknown_value():
    for value, label in Status.choices:
        assert Trajectory(status=value).get_status_display() == label
        assert type(Trajectory(status=value).get_status_display()) is str  # as Django's: JSON, comparisons
    for value, label in Group.choices:
        assert Child(group=value).get_group_display() == label
    for value, label in Urgency.choices:
        assert Trajectory(urgency=value).get_urgency_display() == label
    assert Trajectory(status="onbekend").get_status_display() == "onbekend"
