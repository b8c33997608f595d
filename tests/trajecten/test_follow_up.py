"""Nazorg (issue 19): follow-ups three and six months after a trajectory is completed or referred, in the coach's
Mijn trajecten, recorded once, and visible to the coördinator when due or overdue."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from base.dates import months_ago
from tests.factories import make_trajectory, make_user
from trajecten import followups, workflow
from trajecten.models import FollowUp
from trajecten.states import Status


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def closed(world, status=Status.COMPLETED, ended_days_ago=95, coach=None, **fields):
    fields.setdefault("registered_at", timezone.now() - datetime.timedelta(days=ended_days_ago + 60))
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=coach or world.coach_a,
                           ended=days_ago(ended_days_ago), **fields)


def schedule_of(trajectory):
    return list(FollowUp.objects.filter(trajectory=trajectory).order_by("moment").values_list("moment", "due_date"))


def record_data(**fields):
    return {"answer": "gaat_goed", "asked": ["leerkracht", "ouders"], "asked_on": timezone.localdate().isoformat(),
            "note": "Doet goed mee in de kring.", **fields}


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.REFERRED])
def test_completing_or_referring_schedules_follow_ups_three_and_six_months_after_the_end(world, status):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=world.coach_a,
                                 ended=datetime.date(2025, 3, 14), registered_at=timezone.now().replace(year=2025,
                                                                                                        month=1))
    assert schedule_of(trajectory) == [(3, datetime.date(2025, 6, 14)), (6, datetime.date(2025, 9, 14))]
    assert not FollowUp.objects.filter(trajectory=trajectory, answered_at__isnull=False).exists()


def test_a_due_date_at_a_month_end_falls_on_the_last_day_of_a_shorter_month():
    assert followups.months_after(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert followups.months_after(datetime.date(2023, 8, 31), 6) == datetime.date(2024, 2, 29)
    assert followups.months_after(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)


def test_a_withdrawn_trajectory_gets_no_follow_up(world):
    trajectory = closed(world, status=Status.WITHDRAWN)
    assert schedule_of(trajectory) == []


def test_a_closed_trajectory_does_not_reopen_and_keeps_its_two_follow_ups(world):
    trajectory = closed(world)
    for name in workflow.TRANSITIONS:
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.perform(trajectory, name, by=world.coach_a, version=trajectory.version)
    assert [moment for moment, _due in schedule_of(trajectory)] == [3, 6]


def test_the_coach_sees_due_and_overdue_follow_ups_in_mijn_trajecten_with_their_due_date(client, world):
    overdue = closed(world, ended_days_ago=120)  # 3 months: due about a month ago
    due_soon = closed(world, ended_days_ago=85)  # 3 months: due in about a week
    not_yet = closed(world, ended_days_ago=30)  # 3 months: due in two months
    others = closed(world, ended_days_ago=120, coach=make_user(role="coach", pilot=world.pilot_a))
    client.force_login(world.coach_a)
    page = client.get(reverse("trajecten:caseload")).content.decode()
    assert "Nazorg te doen" in page
    for trajectory, badge in [(overdue, "te laat"), (due_soon, "te doen")]:
        follow_up = trajectory.follow_ups.get(moment=3)
        link = reverse("trajecten:follow_up", args=[trajectory.pk, 3])
        row = _row_of(page, link)
        assert follow_up.due_date.strftime("%d-%m-%Y") in row and badge in row
    assert reverse("trajecten:follow_up", args=[not_yet.pk, 3]) not in page
    assert reverse("trajecten:follow_up", args=[others.pk, 3]) not in page
    assert reverse("trajecten:follow_up", args=[overdue.pk, 6]) not in page  # six months: not yet


def _row_of(page, link):
    """The table row of the caseload's follow-up tasks that holds `link`."""
    end = page.index(link)
    return page[page.rindex("<tr", 0, end):page.index("</tr>", end)]


def test_a_coach_records_a_follow_up_once_and_it_leaves_the_tasks(client, world):
    trajectory = closed(world)
    url = reverse("trajecten:follow_up", args=[trajectory.pk, 3])
    client.force_login(world.coach_a)
    response = client.post(url, {**record_data(), "terug": "mijn-trajecten"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("trajecten:caseload")
    assert "De nazorg na 3 maanden voor" in response.content.decode()
    assert url not in response.content.decode()
    follow_up = trajectory.follow_ups.get(moment=3)
    assert (follow_up.answer, follow_up.asked, follow_up.answered_by) == (
        "gaat_goed", ["leerkracht", "ouders"], world.coach_a)

    again = client.post(url, record_data(answer="nieuwe_aanmelding", note="Anders."), follow=True)
    assert "Deze nazorg is al vastgelegd." in again.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.answer, follow_up.note) == ("gaat_goed", "Doet goed mee in de kring.")

    detail = client.get(trajectory.get_absolute_url()).content.decode()
    assert "gaat goed" in detail and "Doet goed mee in de kring." in detail
    assert "leerkracht, ouders" in detail


def test_a_follow_up_without_answer_or_whom_was_asked_is_refused(client, world):
    trajectory = closed(world)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:follow_up", args=[trajectory.pk, 3]),
                           record_data(answer="", asked=[]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies hoe het met het kind gaat." in page and "Kies bij wie u het navroeg." in page
    assert not trajectory.follow_ups.filter(answered_at__isnull=False).exists()


def test_a_follow_up_is_not_recorded_months_before_it_is_due(client, world):
    trajectory = closed(world)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:follow_up", args=[trajectory.pk, 6]), record_data(), follow=True)
    assert "vastleggen kan vanaf" in response.content.decode()
    assert not trajectory.follow_ups.filter(answered_at__isnull=False).exists()


def test_asked_before_the_follow_up_window_is_refused(client, world):
    trajectory = closed(world)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:follow_up", args=[trajectory.pk, 3]),
                           record_data(asked_on=days_ago(60).isoformat()))
    assert "Deze nazorg vraagt u na vanaf" in response.content.decode()


def test_a_re_registration_keeps_the_pending_follow_ups_and_says_so(client, world):
    first = closed(world)
    again = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=first.child)
    assert again.previous == first
    assert list(first.follow_ups.filter(answered_at__isnull=True).values_list("moment", flat=True)) == [3, 6]
    assert not again.follow_ups.exists()  # an open trajectory has no follow-up
    client.force_login(world.coach_a)
    page = client.get(reverse("trajecten:caseload")).content.decode()
    assert "opnieuw aangemeld" in _row_of(page, reverse("trajecten:follow_up", args=[first.pk, 3]))
    response = client.post(reverse("trajecten:follow_up", args=[first.pk, 3]),
                           record_data(answer="nieuwe_aanmelding"))
    assert response.status_code == 302
    assert first.follow_ups.get(moment=3).answer == "nieuwe_aanmelding"


def test_the_coordinator_sees_due_and_overdue_follow_ups_of_their_pilots_only(client, world):
    overdue = closed(world, ended_days_ago=120)
    not_yet = closed(world, ended_days_ago=30)
    other = make_trajectory(world.ib_b1, world.school_b1, world.pilot_b, status=Status.COMPLETED,
                            coach=world.coach_b, ended=days_ago(120))
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:follow_ups")).content.decode()
    row = _row_of(page, reverse("trajecten:follow_up", args=[overdue.pk, 3]))
    assert overdue.child.full_name in row and "te laat" in row
    assert (world.coach_a.get_full_name() or world.coach_a.username) in row
    assert "waarvan 1 te laat" in page
    assert not_yet.child.full_name not in page
    assert other.child.full_name not in page
    assert "Nazorg" in [item["label"] for item in client.get(reverse("trajecten:follow_ups")).context["navigation"]]


def test_a_coach_and_a_school_do_not_open_the_coordinators_list(client, world):
    for user in (world.coach_a, world.ib_a1):
        client.force_login(user)
        assert client.get(reverse("trajecten:follow_ups")).status_code == 403


def test_the_school_does_not_read_the_follow_up(client, world):
    trajectory = closed(world)
    followups.record(trajectory.follow_ups.get(moment=3), answer="lichte_ondersteuning", asked=["leerkracht"],
                     asked_on=timezone.localdate(), note="Nog wat hulp bij rekenen.", by=world.coach_a)
    client.force_login(world.ib_a1)
    page = client.get(trajectory.get_absolute_url()).content.decode()
    assert "Nog wat hulp bij rekenen." not in page and "lichte ondersteuning nodig" not in page
    client.force_login(world.coach_a)
    assert "Nog wat hulp bij rekenen." in client.get(trajectory.get_absolute_url()).content.decode()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("who", "url_name"), [("coach_a", "trajecten:caseload"),
                                               ("coach_a", "trajecten:my_follow_ups"),
                                               ("coordinator_a", "trajecten:follow_ups")])
def test_the_follow_up_lists_cost_the_same_queries_with_one_task_or_many(client, world, who, url_name):
    first = closed(world, ended_days_ago=120)
    later = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=first.child)
    assert later.previous == first
    client.force_login(getattr(world, who))
    url = reverse(url_name)
    queries_of(client, url)  # warm
    few = queries_of(client, url)
    for days in range(100, 200, 10):
        closed(world, ended_days_ago=days)
    assert FollowUp.objects.due_by(followups.shown_until()).count() > 10
    assert queries_of(client, url) == few


def test_a_search_by_name_in_mijn_trajecten_shows_the_list_without_the_follow_up_tasks(client, world):
    due = closed(world)
    client.force_login(world.coach_a)
    link = reverse("trajecten:follow_up", args=[due.pk, 3])
    assert link in client.get(reverse("trajecten:caseload")).content.decode()
    searched = client.get(reverse("trajecten:caseload"), {"naam": due.child.family_name}).content.decode()
    assert due.get_absolute_url() in searched and link not in searched


def test_trajectories_closed_before_nazorg_existed_get_the_follow_ups_still_to_come(world):
    """The data migration: only follow-ups due from a month ago on, never twice, never for a withdrawal."""
    backfill = importlib.import_module("trajecten.migrations.0012_backfill_follow_ups").backfill
    recent, half_year, long_ago, withdrawn = (closed(world, ended_days_ago=30), closed(world, ended_days_ago=150),
                                              closed(world, ended_days_ago=700),
                                              closed(world, status=Status.WITHDRAWN, ended_days_ago=30))
    answered = closed(world, ended_days_ago=100)
    FollowUp.objects.exclude(trajectory=answered).delete()
    followups.record(FollowUp.objects.get(trajectory=answered, moment=3), answer="gaat_goed", asked=["ouders"],
                     asked_on=timezone.localdate(), note="", by=world.coach_a)
    before = schedule_of(answered)

    backfill(django_apps, None)
    backfill(django_apps, None)  # run twice: nothing doubles

    assert [moment for moment, _due in schedule_of(recent)] == [3, 6]
    assert [moment for moment, _due in schedule_of(half_year)] == [6]  # its 3 months were up two months ago
    assert schedule_of(long_ago) == [] and schedule_of(withdrawn) == []
    assert schedule_of(answered) == before


def test_more_than_three_tasks_fold_up_under_their_count_so_the_caseload_stays_in_reach(client, world):
    for days in (95, 100, 110, 120):
        closed(world, ended_days_ago=days)
    client.force_login(world.coach_a)
    content = client.get(reverse("trajecten:caseload")).content.decode()
    assert '<details class="mb-4 nazorg">' in content and "(4 taken, waarvan 4 te laat)" in content
    FollowUp.objects.filter(trajectory__end_date__lt=days_ago(100)).delete()
    content = client.get(reverse("trajecten:caseload")).content.decode()
    assert '<details class="mb-4 nazorg" open>' in content and "(2 taken, waarvan 2 te laat)" in content


def test_the_caseload_shows_the_first_five_tasks_and_mijn_nazorg_all_of_them(client, world):
    # Seven tasks, the earliest due first; another coach's task is on neither page.
    tasks = [closed(world, ended_days_ago=days) for days in (160, 150, 140, 130, 120, 110, 100)]
    others = closed(world, ended_days_ago=120, coach=make_user(role="coach", pilot=world.pilot_a))
    client.force_login(world.coach_a)
    caseload = client.get(reverse("trajecten:caseload")).content.decode()
    shown = [t for t in tasks if reverse("trajecten:follow_up", args=[t.pk, 3]) in caseload]
    assert shown == tasks[:5]
    assert reverse("trajecten:follow_up", args=[others.pk, 3]) not in caseload
    assert "(meer dan 5 taken, waarvan ten minste 5 te laat)" in caseload
    assert reverse("trajecten:my_follow_ups") in caseload and "Alle nazorg die u nu kunt doen" in caseload

    response = client.get(reverse("trajecten:my_follow_ups"))
    page = response.content.decode()
    links = [reverse("trajecten:follow_up", args=[t.pk, 3]) for t in tasks]
    assert all(link in page for link in links)
    assert [page.index(link) for link in links] == sorted(page.index(link) for link in links)
    assert "7 keer nazorg te doen, waarvan 7 te laat." in page
    assert reverse("trajecten:follow_up", args=[others.pk, 3]) not in page
    assert "Mijn nazorg" in [item["label"] for item in response.context["navigation"]]

    # Recorded from Mijn nazorg, the coach is back there.
    saved = client.post(links[0], {**record_data(), "terug": "mijn-nazorg"}, follow=True)
    assert saved.redirect_chain[-1][0] == reverse("trajecten:my_follow_ups")
    assert "6 keer nazorg te doen" in saved.content.decode()


def test_mijn_nazorg_pages_through_its_tasks_earliest_first_with_their_counts_over_all_pages(client, world):
    # 27 overdue tasks, one a day apart, and one due in five days: 25 on the first page, three on the second.
    overdue = [closed(world, ended_days_ago=days) for days in range(147, 94, -2)]
    soon = closed(world, ended_days_ago=86)
    links = [reverse("trajecten:follow_up", args=[t.pk, 3]) for t in [*overdue, soon]]
    client.force_login(world.coach_a)

    first = client.get(reverse("trajecten:my_follow_ups")).content.decode()
    second = client.get(reverse("trajecten:my_follow_ups"), {"pagina": 2}).content.decode()

    for page in (first, second):
        assert "28 keer nazorg te doen, waarvan 27 te laat." in page
    assert [link for link in links if link in first] == links[:25]
    assert [first.index(link) for link in links[:25]] == sorted(first.index(link) for link in links[:25])
    assert [link for link in links if link in second] == links[25:]
    assert second.index(links[25]) < second.index(links[26]) < second.index(links[27])
    assert overdue[0].child.full_name in first and soon.child.full_name in second


def test_five_tasks_or_fewer_are_all_on_the_caseload_without_a_link_to_more(client, world):
    tasks = [closed(world, ended_days_ago=days) for days in (130, 120, 110, 100, 95)]
    client.force_login(world.coach_a)
    caseload = client.get(reverse("trajecten:caseload")).content.decode()
    assert all(reverse("trajecten:follow_up", args=[t.pk, 3]) in caseload for t in tasks)
    assert "(5 taken, waarvan 5 te laat)" in caseload
    assert "Alle nazorg die u nu kunt doen" not in caseload


def test_a_school_does_not_open_mijn_nazorg(client, world):
    client.force_login(world.ib_a1)
    assert client.get(reverse("trajecten:my_follow_ups")).status_code == 403


@override_settings(RETENTION_MONTHS=12)
def test_nazorg_of_a_trajectory_that_ended_before_the_retention_period_is_no_task(client, world):
    """apply_retention removes a follow-up never asked together with the child's name; the lists already leave
    it out."""
    cutoff = months_ago(12)
    kept = closed(world, ended_days_ago=(timezone.localdate() - cutoff).days)
    gone = closed(world, ended_days_ago=(timezone.localdate() - cutoff).days + 1)
    for who, url_name in [("coach_a", "trajecten:caseload"), ("coach_a", "trajecten:my_follow_ups"),
                          ("coordinator_a", "trajecten:follow_ups")]:
        client.force_login(getattr(world, who))
        page = client.get(reverse(url_name)).content.decode()
        assert reverse("trajecten:follow_up", args=[kept.pk, 6]) in page, url_name
        assert reverse("trajecten:follow_up", args=[gone.pk, 6]) not in page, url_name
