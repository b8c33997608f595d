"""Being told what changed: e-mail with a link (at once, in the day's digest or not at all, as each user
chose) and the 'nieuw' marks on lists and the timeline."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationFrequency, Preferences
from tests.factories import committed, make_trajectory, make_user
from trajecten.models import ContactMoment, Notification, Trajectory, Visit
from trajecten.states import Status

TODAY = timezone.localdate().isoformat()


def send_notifications(*args):
    call_command("send_notifications", *args, stdout=io.StringIO())


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def assert_no_child_data(message, trajectory):
    child = trajectory.child
    for personal in [child.given_name, child.family_name, child.code, child.date_of_birth.isoformat(),
                     trajectory.teacher_name, trajectory.school.name]:
        assert personal not in message.subject + message.body


def start(client, trajectory, coach):
    return client.post(reverse("trajecten:transition", args=[trajectory.pk, "starten"]), {
        "version": trajectory.version, "coach": coach.pk, "start_date": TODAY,
    })


def test_the_coach_is_mailed_a_link_when_the_coordinator_assigns_a_trajectory(client, world, settings):
    settings.PORTAL_BASE_URL = "https://kid.example.nl/"
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    mail.outbox.clear()
    client.force_login(world.coordinator_a)
    with committed():
        client.post(reverse("trajecten:assign", args=[trajectory.pk]),
                    {"version": trajectory.version, "coach": world.coach_a.pk})
    (message,) = mail.outbox
    assert message.to == [world.coach_a.email]
    assert message.subject == "KID-portaal: u bent de coach van een traject geworden"
    assert f"https://kid.example.nl{trajectory.get_absolute_url()}" in message.body
    assert "geen gegevens over het kind" in message.body
    assert_no_child_data(message, trajectory)


def test_a_coach_who_takes_a_registration_is_not_told_what_they_did(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    mail.outbox.clear()
    client.force_login(world.coach_a)
    with committed():
        client.post(reverse("trajecten:take", args=[trajectory.pk]), {"version": trajectory.version})
    assert mail.outbox == []


def test_the_schools_ib_ers_are_told_of_a_new_status_and_no_one_else(client, world):
    colleague = make_user("ib-a1-collega", role="ib", school=world.school_a1)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    workflow_coach = world.coach_a
    mail.outbox.clear()
    client.force_login(workflow_coach)
    with committed():
        assert start(client, trajectory, workflow_coach).status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.ib_a1.email, colleague.email])
    message = mails_to(world.ib_a1)[0]
    assert "De status van een aanmelding van uw school is veranderd" in message.body
    assert_no_child_data(message, trajectory)


def test_a_digest_reader_gets_one_mail_a_day_with_every_link(client, world):
    Preferences.objects.create(user=world.coach_a, notifications=NotificationFrequency.DAILY)
    trajectories = [make_trajectory(world.ib_a1, world.school_a1, world.pilot_a) for _number in range(2)]
    mail.outbox.clear()
    client.force_login(world.coordinator_a)
    for trajectory in trajectories:
        with committed():
            client.post(reverse("trajecten:assign", args=[trajectory.pk]),
                        {"version": trajectory.version, "coach": world.coach_a.pk})
    assert mails_to(world.coach_a) == []
    send_notifications("--digest")
    (digest,) = mails_to(world.coach_a)
    assert digest.subject == "KID-portaal: uw meldingen van vandaag"
    for trajectory in trajectories:
        assert trajectory.get_absolute_url() in digest.body
    send_notifications("--digest")
    assert len(mails_to(world.coach_a)) == 1


def test_who_chose_no_mail_gets_none_but_sees_it_marked_new(client, world):
    Preferences.objects.create(user=world.ib_a1, notifications=NotificationFrequency.NONE)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    mail.outbox.clear()
    client.force_login(world.coach_a)
    with committed():
        start(client, trajectory, world.coach_a)
    send_notifications()
    send_notifications("--digest")
    assert mails_to(world.ib_a1) == []
    client.force_login(world.ib_a1)
    rows = client.get(reverse("trajecten:school_list")).context["page"].object_list
    assert [row.is_new for row in rows] == [True]


def test_a_mail_that_failed_goes_out_with_the_next_run(client, world, monkeypatch):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    mail.outbox.clear()

    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", mail_server_down)
    client.force_login(world.coordinator_a)
    with committed():
        response = client.post(reverse("trajecten:assign", args=[trajectory.pk]),
                               {"version": trajectory.version, "coach": world.coach_a.pk})
    assert response.status_code == 302  # the assignment stands
    assert Trajectory.objects.get(pk=trajectory.pk).coach == world.coach_a
    assert Notification.objects.filter(user=world.coach_a, mailed_at__isnull=True).count() == 1
    monkeypatch.undo()
    send_notifications()
    assert len(mails_to(world.coach_a)) == 1
    assert not Notification.objects.filter(mailed_at__isnull=True, user=world.coach_a).exists()


def test_a_handed_over_caseload_arrives_in_one_mail(client, world):
    for _number in range(3):
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    successor = make_user("coach-a2", role="coach", pilot=world.pilot_a)
    mail.outbox.clear()
    client.force_login(world.coordinator_a)
    with committed():
        client.post(reverse("trajecten:reassign"), {
            "pilot": world.pilot_a.pk, "from_coach": world.coach_a.pk, "to_coach": successor.pk,
        })
    (message,) = mails_to(successor)
    assert message.subject == "KID-portaal: 3 meldingen"
    assert message.body.count("/trajecten/") == 3


def test_the_new_mark_goes_once_the_trajectory_was_opened(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.ib_a1)

    def marked():
        return [row.is_new for row in client.get(reverse("trajecten:school_list")).context["page"].object_list]

    assert marked() == [False]  # the IB-er made it: nothing new to them
    client.force_login(world.coach_a)
    start(client, trajectory, world.coach_a)
    client.force_login(world.ib_a1)
    assert marked() == [True]
    page = client.get(trajectory.get_absolute_url())
    new_entries = [entry.item.to_status for entry in page.context["timeline"] if entry.is_new]
    assert new_entries == [Status.ACTIVE]  # the start, not the IB-er's own registration
    assert 'class="badge text-bg-warning float-end">nieuw<' in page.content.decode()
    assert marked() == [False]
    assert not [entry for entry in client.get(trajectory.get_absolute_url()).context["timeline"] if entry.is_new]


def test_each_user_chooses_how_to_be_told(client, world):
    client.force_login(world.ib_a1)
    page = client.get(reverse("preferences")).content.decode()
    assert "Eén keer per dag" in page and "nooit gegevens over het kind" in page
    response = client.post(reverse("preferences"), {"notifications": "dagelijks"}, follow=True)
    assert "Uw keuze is opgeslagen." in response.content.decode()
    assert Preferences.objects.get(user=world.ib_a1).notifications == NotificationFrequency.DAILY
    response = client.post(reverse("preferences"), {"notifications": "wekelijks"})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Preferences.objects.get(user=world.ib_a1).notifications == NotificationFrequency.DAILY


@pytest.mark.parametrize("frequency", [NotificationFrequency.IMMEDIATE, NotificationFrequency.DAILY])
def test_the_coordinators_hear_of_a_new_registration_as_they_chose(client, world, frequency):
    from tests.trajecten.test_registration_form import valid_data

    Preferences.objects.create(user=world.coordinator_a, notifications=frequency)
    client.force_login(world.ib_a1)
    with committed():
        assert client.post(reverse("trajecten:register"), valid_data(world)).status_code == 302
    immediate = mails_to(world.coordinator_a)
    assert len(immediate) == (1 if frequency == NotificationFrequency.IMMEDIATE else 0)
    send_notifications("--digest")
    assert len(mails_to(world.coordinator_a)) == 1
    assert "Nieuwe aanmelding voor uw pilot" in mails_to(world.coordinator_a)[0].body


def test_a_contact_moment_the_reader_may_read_marks_the_row_new(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a)
    client.force_login(world.ib_a1)
    client.get(trajectory.get_absolute_url())  # seen

    def marked():
        return [row.is_new for row in client.get(reverse("trajecten:school_list")).context["page"].object_list]

    assert marked() == [False]
    ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate(), kind="mdo", minutes=30,
                                 created_by=world.coach_a, shared_with_school=False)
    assert marked() == [False]  # for the team only: nothing the IB-er can read
    ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate(), kind="mdo", minutes=30,
                                 created_by=world.coach_a, shared_with_school=True)
    assert marked() == [True]


def test_a_digest_leaves_out_what_the_reader_may_no_longer_open(client, world):
    Preferences.objects.create(user=world.ib_a1, notifications=NotificationFrequency.DAILY)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coach_a)
    with committed():
        start(client, trajectory, world.coach_a)
    assert Notification.objects.filter(user=world.ib_a1).count() == 1
    world.ib_a1.memberships.all().delete()  # moved to another job during the day
    send_notifications("--digest")
    assert mails_to(world.ib_a1) == []
    assert not Notification.objects.filter(user=world.ib_a1, mailed_at__isnull=True).exists()


def test_no_notifications_pile_up_for_who_wants_no_mail(client, world):
    Preferences.objects.create(user=world.ib_a1, notifications=NotificationFrequency.NONE)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coach_a)
    start(client, trajectory, world.coach_a)
    assert not Notification.objects.filter(user=world.ib_a1).exists()


def test_every_visit_moves_on_what_is_new(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a)
    client.force_login(world.ib_a1)

    def new_on_the_page():
        timeline = client.get(trajectory.get_absolute_url()).context["timeline"]
        return [entry.item.note for entry in timeline if entry.is_new and entry.kind == "contact"]

    new_on_the_page()  # the first visit
    for note in ("eerste", "tweede"):
        ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate(), kind="mdo", minutes=30,
                                     created_by=world.coach_a, shared_with_school=True, note=note)
        assert new_on_the_page() == [note]  # only what came since the visit before, the second and later ones too
    assert new_on_the_page() == []
    assert Visit.objects.filter(user=world.ib_a1, trajectory=trajectory).count() == 1
