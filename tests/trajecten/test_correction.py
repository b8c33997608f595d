"""The IB-er corrects a registration while it is aangemeld; every change is recorded."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from tests.factories import advance, make_trajectory
from tests.trajecten.test_registration_form import valid_data
from trajecten.models import RecordChange, Trajectory
from trajecten.states import Status


@pytest.fixture
def registered(client, world):
    client.force_login(world.ib_a1)
    client.post(reverse("trajecten:register"), valid_data(world))
    return Trajectory.objects.get()


def correction(world, trajectory, **changes):
    data = valid_data(world, version=trajectory.version, **changes)
    data.pop("school")
    return data


def test_a_correction_is_saved_and_recorded_with_who_and_what(client, world, registered):
    url = reverse("trajecten:correct", args=[registered.pk])
    response = client.post(url, correction(world, registered, teacher_name="Meester Bram", urgency="spoed"))
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.teacher_name == "Meester Bram"
    assert registered.version == 2
    change = RecordChange.objects.get()
    assert change.changed_by == world.ib_a1
    assert {"field": "Naam van de leerkracht", "old": "Juf Samira", "new": "Meester Bram"} in change.changes
    assert {"field": "Urgentie", "old": "normaal", "new": "met spoed"} in change.changes
    assert AccessLog.objects.filter(action="change", child_code=registered.child.code).exists()
    page = client.get(registered.get_absolute_url()).content.decode()
    assert "Gewijzigd" in page
    assert "Juf Samira → Meester Bram" in page


def test_correcting_the_childs_name_changes_the_child(client, world, registered):
    url = reverse("trajecten:correct", args=[registered.pk])
    client.post(url, correction(world, registered, given_name="Semmy"))
    registered.child.refresh_from_db()
    assert registered.child.given_name == "Semmy"


def test_a_stale_form_gets_a_conflict_naming_who_changed_it(client, world, registered):
    url = reverse("trajecten:correct", args=[registered.pk])
    stale = correction(world, registered, teacher_name="Meester Bram")
    client.post(url, correction(world, registered, teacher_name="Juf Ilse"))
    response = client.post(url, stale)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Uw wijzigingen zijn niet opgeslagen" in content
    assert "Test Ib-a1 heeft deze aanmelding" in content
    registered.refresh_from_db()
    assert registered.teacher_name == "Juf Ilse"
    assert RecordChange.objects.count() == 1


def test_bad_input_in_a_correction_saves_nothing(client, world, registered):
    url = reverse("trajecten:correct", args=[registered.pk])
    response = client.post(url, correction(world, registered, teacher_name="", given_name="Anders"))
    assert "Dit veld is verplicht." in response.content.decode()
    registered.refresh_from_db()
    assert registered.teacher_name == "Juf Samira"
    assert registered.child.given_name == "Sem"
    assert not RecordChange.objects.exists()


def test_no_correction_once_the_trajectory_has_started(client, world, registered):
    advance(registered, Status.ACTIVE, by=world.coach_a, coach=world.coach_a)
    url = reverse("trajecten:correct", args=[registered.pk])
    assert client.get(url).status_code == 404
    assert "Aanmelding wijzigen" not in client.get(registered.get_absolute_url()).content.decode()


def test_the_team_reads_but_does_not_correct_the_registration(client, world, registered):
    client.force_login(world.coach_a)
    assert client.get(reverse("trajecten:correct", args=[registered.pk])).status_code == 404


def test_a_correction_into_another_childs_identity_is_a_form_error_with_a_link(client, world, registered):
    other = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    url = reverse("trajecten:correct", args=[registered.pk])
    response = client.post(url, correction(world, registered, given_name=other.child.given_name,
                                           family_name=other.child.family_name,
                                           date_of_birth=other.child.date_of_birth.isoformat()))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Op deze school is al een ander kind met deze naam en geboortedatum bekend." in content
    assert reverse("trajecten:detail", args=[other.pk]) in content
    registered.refresh_from_db()
    assert registered.child.given_name == "Sem" and registered.version == 1


def test_a_correction_racing_another_into_the_same_identity_is_a_form_error(client, world, registered, monkeypatch):
    from trajecten.forms import RegistrationForm

    other = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    monkeypatch.setattr(RegistrationForm, "_check_no_open_trajectory", lambda self, cleaned: None)
    response = client.post(reverse("trajecten:correct", args=[registered.pk]), correction(
        world, registered, given_name=other.child.given_name, family_name=other.child.family_name,
        date_of_birth=other.child.date_of_birth.isoformat()))
    assert response.status_code == 200
    assert "Op deze school is al een ander kind met deze naam en geboortedatum bekend." in response.content.decode()


def test_consent_given_after_registering_is_added_with_a_correction_once(client, world):
    client.force_login(world.ib_a1)
    client.post(reverse("trajecten:register"), valid_data(world, consent_given="nee"))
    trajectory = Trajectory.objects.get()
    url = reverse("trajecten:correct", args=[trajectory.pk])
    assert 'name="guardian1_name"' in client.get(url).content.decode()
    assert client.post(url, correction(world, trajectory)).status_code == 302
    assert [str(guardian) for guardian in trajectory.guardians.all()] == ["Anouk de Vries (moeder)"]
    # Once recorded, consent grows in the ledger (the team's page 'Toestemming'), not in the registration.
    trajectory.refresh_from_db()
    assert 'name="guardian1_name"' not in client.get(url).content.decode()
    response = client.post(url, correction(world, trajectory, guardian1_name="Iemand Anders"))
    assert response.status_code == 302
    assert [str(guardian) for guardian in trajectory.guardians.all()] == ["Anouk de Vries (moeder)"]
