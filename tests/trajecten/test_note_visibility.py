"""A note on a status change is the team's unless the coach shares it with the school, as with contact moments;
each form says so beside the field."""

from django.urls import reverse
from django.utils import timezone

from tests.factories import make_trajectory
from trajecten.states import Status


def transition(client, trajectory, slug, **data):
    trajectory.refresh_from_db()
    return client.post(reverse("trajecten:transition", args=[trajectory.pk, slug]),
                       {"version": trajectory.version, "end_date": timezone.localdate().isoformat(), "definitief": "on",
                        **data})


def test_the_forms_say_who_reads_the_note_and_share_nothing_by_default(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a)
    client.force_login(world.coach_a)
    for slug in ("afronden", "doorverwijzen", "stoppen"):
        page = client.get(reverse("trajecten:transition", args=[trajectory.pk, slug])).content.decode()
        assert "Toelichting zichtbaar voor de school" in page
        assert 'name="note_shared"' in page and 'name="note_shared" checked' not in page


def test_the_school_reads_a_stop_reason_only_when_the_coach_shared_it(client, world):
    private = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    shared = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)
    assert transition(client, private, "stoppen", reason="Zorgen thuis, alleen voor het team").status_code == 302
    assert transition(client, shared, "stoppen", reason="Verhuisd naar Utrecht", note_shared="on").status_code == 302
    team_page = client.get(reverse("trajecten:detail", args=[private.pk])).content.decode()
    assert "Zorgen thuis, alleen voor het team" in team_page and "alleen voor het team" in team_page
    client.force_login(world.ib_a1)
    assert "Zorgen thuis" not in client.get(reverse("trajecten:detail", args=[private.pk])).content.decode()
    school_page = client.get(reverse("trajecten:detail", args=[shared.pk])).content.decode()
    assert "Verhuisd naar Utrecht" in school_page
    assert "Aangemeld door de school." in school_page
