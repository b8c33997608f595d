"""The coach's and coördinator's everyday pages: the timeline's order, confirmation before a final step,
the menu, and who gets which coach."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_trajectory
from trajecten.models import ContactMoment, StatusChange, Trajectory
from trajecten.states import Status
from trajecten.timeline import build_timeline


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_timeline_is_in_the_order_things_happened(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    Trajectory.objects.filter(pk=trajectory.pk).update(registered_at=at(yesterday, 15))
    StatusChange.objects.filter(trajectory=trajectory).update(changed_at=at(yesterday, 15))
    # A call in the afternoon of the registration day, written down this morning; and one from today.
    late = ContactMoment.objects.create(trajectory=trajectory, date=yesterday, kind="telefonisch", minutes=10,
                                        created_by=world.coach_a)
    today = ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate(), kind="mdo", minutes=30,
                                         created_by=world.coach_a)
    started = StatusChange.objects.create(trajectory=trajectory, from_status=Status.REGISTERED,
                                          to_status=Status.ACTIVE, changed_by=world.coach_a)
    StatusChange.objects.filter(pk=started.pk).update(changed_at=timezone.now() + datetime.timedelta(seconds=5))
    entries = [(entry.kind, entry.item.pk) for entry in build_timeline(trajectory, world.coach_a)]
    registration = StatusChange.objects.filter(trajectory=trajectory, from_status="").get().pk
    assert entries == [("status", registration), ("contact", late.pk), ("contact", today.pk), ("status", started.pk)]


@pytest.mark.parametrize(("slug", "data"), [
    ("afronden", {"outcome": "leerkracht_verder"}),
    ("doorverwijzen", {"help_kind": "sbo"}),
    ("stoppen", {"reason": "Verhuisd."}),
])
def test_a_final_step_asks_for_confirmation_and_keeps_what_was_filled_in(client, world, slug, data):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a,
                                 consent_purposes=["ondersteuning", "delen"])
    client.force_login(world.coach_a)
    url = reverse("trajecten:transition", args=[trajectory.pk, slug])
    assert "Ik weet dat dit definitief is" in client.get(url).content.decode()
    form = {"version": trajectory.version, "end_date": timezone.localdate().isoformat(), **data}
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Vink aan dat u weet dat deze stap definitief is." in response.content.decode()
    assert response.context["form"]["end_date"].value() == form["end_date"]
    assert Trajectory.objects.get(pk=trajectory.pk).status == Status.ACTIVE
    assert client.post(url, {**form, "definitief": "on"}).status_code == 302
    assert Trajectory.objects.get(pk=trajectory.pk).status != Status.ACTIVE


def active_menu_items(client, url):
    content = client.get(url).content.decode()
    return re.findall(r'class="nav-link active" href="[^"]*" aria-current="page">([^<]+)<', content)


def test_the_menu_marks_the_page_one_is_on(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)
    assert active_menu_items(client, reverse("trajecten:caseload")) == ["Mijn trajecten"]
    assert active_menu_items(client, reverse("trajecten:list")) == ["Alle trajecten"]
    assert active_menu_items(client, reverse("trajecten:queue")) == ["Nieuwe aanmeldingen"]
    assert active_menu_items(client, trajectory.get_absolute_url()) == []
    assert active_menu_items(client, reverse("pilots:detail", args=[world.pilot_a.pk])) == ["Pilots"]
    client.force_login(world.ib_a1)
    assert active_menu_items(client, reverse("trajecten:register")) == ["Kind aanmelden"]
    assert active_menu_items(client, reverse("trajecten:school_list")) == ["Aanmeldingen van mijn school(en)"]


def test_the_coordinator_sees_each_coachs_caseload_and_is_told_who_got_whom(client, world):
    for _number in range(2):
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED, coach=world.coach_a)
    waiting = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coordinator_a)
    queue = client.get(reverse("trajecten:queue")).content.decode()
    assert f'<option value="{world.coach_a.pk}">Test Coach-a (2 open)</option>' in queue
    response = client.post(reverse("trajecten:assign", args=[waiting.pk]),
                           {"version": waiting.version, "coach": world.coach_a.pk, "terug": "wachtrij"}, follow=True)
    assert f"Test Coach-a is nu de coach van {waiting.child.full_name}." in response.content.decode()
    start = client.get(reverse("trajecten:transition", args=[waiting.pk, "starten"])).content.decode()
    assert "Test Coach-a (3 open)" in start


def test_taking_a_registration_names_the_child(client, world):
    waiting = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:take", args=[waiting.pk]), {"version": waiting.version}, follow=True)
    assert f"U bent nu de coach van {waiting.child.full_name}." in response.content.decode()
    assert Trajectory.objects.get(pk=waiting.pk).coach == world.coach_a
