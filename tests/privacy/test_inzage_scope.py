"""A child can have trajectories in two pilots at one school: each pilot's coördinator gives inzage of their
own, and no page links to or shows the other pilot's."""

import json

from django.urls import reverse

from accounts.models import Role
from tests.factories import advance, make_pilot, make_trajectory, make_user
from trajecten.models import ContactMoment
from trajecten.states import Status


def two_pilots_one_child(world):
    pilot_c = make_pilot(world.partnership_a, [world.school_a1], "Pilot C")
    coach_c = make_user("coach-c", role=Role.COACH, pilot=pilot_c)
    earlier = make_trajectory(world.ib_a1, world.school_a1, pilot_c)
    advance(earlier, Status.ACTIVE, by=coach_c, coach=coach_c)
    ContactMoment.objects.create(trajectory=earlier, date=earlier.start_date, kind="observatie", minutes=30,
                                 note="Geheime notitie van pilot C", created_by=coach_c)
    earlier.refresh_from_db()
    from trajecten import workflow

    workflow.perform(earlier, "withdraw", by=coach_c, version=earlier.version, reason="Reden alleen voor pilot C")
    later = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=earlier.child)
    assert later.previous == earlier
    return earlier, later


def test_inzage_page_and_json_hold_only_the_readers_pilot(client, world):
    earlier, later = two_pilots_one_child(world)
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:inzage", args=[later.pk])).content.decode()
    exported = client.get(reverse("trajecten:inzage_json", args=[later.pk]))
    data = json.loads(b"".join(exported.streaming_content) if exported.streaming else exported.content)
    assert [t["nummer"] for t in data["trajecten"]] == [later.pk]
    for text in (page, json.dumps(data, ensure_ascii=False)):
        assert "Geheime notitie van pilot C" not in text
        assert "Reden alleen voor pilot C" not in text
        assert "Pilot C" not in text
    assert {row["toelichting"] for row in data["toegangslog"]}.isdisjoint({"Stoppen"})


def test_the_trajectory_page_links_the_earlier_trajectory_only_for_who_may_open_it(client, world):
    earlier, later = two_pilots_one_child(world)
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:detail", args=[later.pk])).content.decode()
    assert "Eerder aangemeld" not in page and reverse("trajecten:detail", args=[earlier.pk]) not in page
    client.force_login(world.ib_a1)  # the school's IB-er sees both trajectories of its school
    page = client.get(reverse("trajecten:detail", args=[later.pk])).content.decode()
    assert reverse("trajecten:detail", args=[earlier.pk]) in page
