"""Each role sees what DESIGN.md allows, and nothing of another samenwerkingsverband."""

import pytest
from django.contrib.auth.models import AnonymousUser

from partners.models import Organisation, Partnership, School
from pilots.models import Pilot
from tests.factories import make_organisation, make_trajectory
from trajecten.models import Trajectory


def names(queryset):
    return sorted(str(obj) for obj in queryset)


def test_ib_er_sees_only_own_school_and_its_pilot_and_partnership(world):
    assert names(School.objects.restrict(world.ib_a1)) == ["De Regenboog"]
    assert names(Pilot.objects.restrict(world.ib_a1)) == ["KID"]
    assert names(Partnership.objects.restrict(world.ib_a1)) == ["SWV Rotterdam"]


def test_coach_sees_the_schools_of_their_pilot_only(world):
    assert names(School.objects.restrict(world.coach_a)) == ["De Regenboog", "Het Anker"]
    assert names(Pilot.objects.restrict(world.coach_a)) == ["KID"]
    assert names(Partnership.objects.restrict(world.coach_b)) == ["SWV Eemsdelta"]


def test_stuurgroep_sees_every_school_and_pilot_of_their_partnership(world):
    assert names(School.objects.restrict(world.stuurgroep_a)) == [
        "De Piramide (niet in de pilot)", "De Regenboog", "Het Anker",
    ]
    assert names(Pilot.objects.restrict(world.stuurgroep_a)) == ["KID"]
    assert names(Partnership.objects.restrict(world.stuurgroep_b)) == ["SWV Eemsdelta"]


def test_beheerder_sees_the_whole_instance(world):
    assert School.objects.restrict(world.beheerder).count() == 4
    assert Partnership.objects.restrict(world.beheerder).count() == 2


def test_anonymous_sees_nothing(world):
    anonymous = AnonymousUser()
    assert not School.objects.restrict(anonymous).exists()
    assert not Pilot.objects.restrict(anonymous).exists()
    assert not Partnership.objects.restrict(anonymous).exists()
    assert not Trajectory.objects.restrict(anonymous).exists()


def test_no_role_of_one_partnership_sees_an_object_of_the_other(world):
    users_a = [world.ib_a1, world.ib_a2, world.coach_a, world.coordinator_a, world.stuurgroep_a]
    for user in users_a:
        assert not School.objects.restrict(user).filter(partnership=world.partnership_b).exists()
        assert not Pilot.objects.restrict(user).filter(partnership=world.partnership_b).exists()
        assert not Partnership.objects.restrict(user).filter(pk=world.partnership_b.pk).exists()


def test_organisations_are_visible_through_the_pilots_they_work_in(world):
    stek = make_organisation(name="Stek Jeugdhulp")
    world.pilot_a.partner_links.create(organisation=stek, role="levert de coaches")
    make_organisation(name="Jeugdhulp Noord")
    assert names(Organisation.objects.restrict(world.coach_a)) == ["Stek Jeugdhulp"]
    assert names(Organisation.objects.restrict(world.coach_b)) == []


def test_trajectories_are_seen_by_own_school_and_own_pilot_team_only(world):
    own = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    other_school = make_trajectory(world.ib_a2, world.school_a2, world.pilot_a)
    other_partnership = make_trajectory(world.ib_b1, world.school_b1, world.pilot_b)

    assert list(Trajectory.objects.restrict(world.ib_a1)) == [own]
    assert set(Trajectory.objects.restrict(world.coach_a)) == {own, other_school}
    assert set(Trajectory.objects.restrict(world.coordinator_a)) == {own, other_school}
    assert list(Trajectory.objects.restrict(world.coach_b)) == [other_partnership]
    # The stuurgroep and the beheerder read aggregates, never a child's record.
    assert not Trajectory.objects.restrict(world.stuurgroep_a).exists()
    assert not Trajectory.objects.restrict(world.beheerder).exists()


def test_a_deactivated_user_loses_every_role(world):
    world.coach_a.is_active = False
    world.coach_a.save()
    world.coach_a.refresh_from_db()
    assert not Pilot.objects.restrict(world.coach_a).exists()


def test_the_beheerder_reads_organisations_schools_and_pilots_but_no_child(world):
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    assert Pilot.objects.restrict(world.beheerder, "report").count() == 2
    for action in ("view", "work", "coordinate", "correct"):
        assert not Trajectory.objects.restrict(world.beheerder, action).exists()
    assert not Pilot.objects.restrict(world.beheerder, "work").exists()


def test_an_unknown_action_is_a_programming_error_not_an_empty_list(world):
    with pytest.raises(ValueError, match="Trajectory has no action 'edit'"):
        Trajectory.objects.restrict(world.coach_a, "edit")


def test_correcting_is_for_the_ib_er_of_the_school_while_registered(world):
    own = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    assert list(Trajectory.objects.restrict(world.ib_a1, "correct")) == [own]
    assert not Trajectory.objects.restrict(world.coach_a, "correct").exists()
    assert not Trajectory.objects.restrict(world.ib_a2, "correct").exists()
