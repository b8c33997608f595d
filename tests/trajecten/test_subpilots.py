"""Sub-pilots (issue 17): the parent's coördinator runs its sub-pilots' work, a sub-pilot's lead (kernteamlid)
runs theirs, another pilot's registrations in the same school stay out, and a registration tells who it says."""

from django.urls import reverse

from accounts.models import Membership, Role
from tests.factories import make_partnership, make_pilot, make_school, make_totp_device, make_trajectory, make_user
from trajecten.models import Notification, Trajectory
from trajecten.notifications import notify_new_registration


def setup_pilots(db):
    partnership = make_partnership()
    school = make_school(partnership)
    parent = make_pilot(partnership, [school], name="Samen")
    lead = make_user("kernteamlid", role=Role.COACH, pilot=parent)
    sub_a = make_pilot(partnership, [school], name="Kindcentrum")
    sub_a.parent, sub_a.lead = parent, lead
    sub_a.save()
    sub_b = make_pilot(partnership, [school], name="Dorpsscholen")
    sub_b.parent = parent
    sub_b.save()
    other = make_pilot(partnership, [school], name="Ander")
    coordinator = make_user("coordinator", role=Role.COORDINATOR, pilot=parent)
    ib = make_user("ib", role=Role.IB, school=school)
    made = {pilot.name: make_trajectory(ib, school, pilot) for pilot in (parent, sub_a, sub_b, other)}
    return coordinator, lead, ib, made


def test_the_parent_coordinator_sees_the_sub_pilots_work_but_not_another_pilot(db):
    coordinator, _, _, made = setup_pilots(db)
    seen = set(Trajectory.objects.restrict(coordinator, "work").values_list("pilot__name", flat=True))
    assert seen == {"Samen", "Kindcentrum", "Dorpsscholen"}


def test_the_sub_pilot_lead_runs_only_their_sub_pilot_and_their_own_team(db):
    _, lead, _, made = setup_pilots(db)
    seen = set(Trajectory.objects.restrict(lead, "work").values_list("pilot__name", flat=True))
    assert seen == {"Samen", "Kindcentrum"}  # coach in the parent's team, lead of Kindcentrum; not Dorpsscholen


def test_the_parent_coordinator_opens_a_sub_pilot_trajectory_in_the_queue(db, client):
    coordinator, _, _, made = setup_pilots(db)
    make_totp_device(coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("trajecten:queue"))
    body = response.content.decode()
    assert made["Dorpsscholen"].child.family_name in body
    assert made["Ander"].child.family_name not in body
    assert client.get(made["Dorpsscholen"].get_absolute_url()).status_code == 200


def test_a_sub_pilot_registration_tells_the_parent_coordinator_and_the_lead_and_the_page_says_so(db, client):
    coordinator, lead, ib, made = setup_pilots(db)
    trajectory = made["Kindcentrum"]
    notify_new_registration(trajectory, by=ib)
    assert set(Notification.objects.filter(trajectory=trajectory).values_list("user__username", flat=True)) == {
        "coordinator", "kernteamlid",
    }
    client.force_login(ib)
    body = client.get(reverse("trajecten:confirmation", args=[trajectory.pk])).content.decode()
    assert "coördinator van Samen" in body
    assert "verantwoordelijk kernteamlid van Kindcentrum" in body


def test_a_registration_without_anyone_to_tell_does_not_say_the_coordinator_was_told(db, client):
    _, _, ib, made = setup_pilots(db)
    client.force_login(ib)
    body = client.get(reverse("trajecten:confirmation", args=[made["Ander"].pk])).content.decode()
    assert "Bericht kregen" not in body
    assert "Niemand van het pilotteam kreeg een bericht" in body


def test_a_coordinator_of_the_parent_and_the_sub_pilot_is_named_for_the_sub_pilot(db, client):
    coordinator, _, ib, made = setup_pilots(db)
    trajectory = made["Kindcentrum"]
    Membership.objects.create(user=coordinator, pilot=trajectory.pilot, role=Role.COORDINATOR)
    notify_new_registration(trajectory, by=ib)
    client.force_login(ib)
    body = client.get(reverse("trajecten:confirmation", args=[trajectory.pk])).content.decode()
    assert "coördinator van Kindcentrum" in body
    assert "coördinator van Samen" not in body
