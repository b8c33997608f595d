"""Many people at once: every form works for each session, with the cache warm from the others.

Registration once broke for every user but the first: the page carried another session's CSRF token
from a cached rendering. These tests open the same forms in several sessions before any submits,
with CSRF checks on, as browsers do.
"""

import re

from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import join, make_pilot, make_school, make_trajectory, make_user
from tests.trajecten.test_registration_form import valid_data
from trajecten.models import Trajectory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_of(page):
    tokens = set(TOKEN.findall(page.content.decode()))
    assert len(tokens) == 1, f"one CSRF token per page, found {len(tokens)}"
    return tokens.pop()


def test_three_ib_ers_open_the_registration_form_and_each_registers_a_child(world):
    colleague = make_user("ib-a1-collega", role=Role.IB, school=world.school_a1)
    sessions = [browser(world.ib_a1), browser(world.ib_a1), browser(colleague)]
    url = reverse("trajecten:register")
    forms = [session.get(url) for session in sessions]
    assert len({token_of(form) for form in forms}) == 3
    for number, (session, form) in enumerate(zip(sessions, forms, strict=True)):
        response = session.post(url, {**valid_data(world, given_name=f"Kind{number}"),
                                       "csrfmiddlewaretoken": token_of(form)})
        assert response.status_code == 302, response.content.decode()[:500]
    assert sorted(Trajectory.objects.values_list("child__given_name", flat=True)) == ["Kind0", "Kind1", "Kind2"]


def test_two_ib_ers_of_different_schools_each_see_their_own_school_in_the_form(world):
    first = browser(world.ib_a1).get(reverse("trajecten:register")).content.decode()
    second = browser(world.ib_a2).get(reverse("trajecten:register")).content.decode()
    assert world.school_a1.name in first and world.school_a2.name not in first
    assert world.school_a2.name in second and world.school_a1.name not in second


def test_two_ib_ers_correct_their_own_registrations_from_forms_opened_at_once(world):
    own = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    colleague = make_user("ib-a1-collega", role=Role.IB, school=world.school_a1)
    other = make_trajectory(colleague, world.school_a1, world.pilot_a)
    sessions = [(browser(world.ib_a1), own, "Meester Bram"), (browser(colleague), other, "Juf Ineke")]
    pages = [(session, trajectory, name, session.get(reverse("trajecten:correct", args=[trajectory.pk])))
             for session, trajectory, name in sessions]
    for session, trajectory, name, page in pages:
        data = valid_data(world, version=trajectory.version, teacher_name=name,
                          given_name=trajectory.child.given_name, family_name=trajectory.child.family_name,
                          date_of_birth=trajectory.child.date_of_birth.isoformat())
        data.pop("school")
        response = session.post(reverse("trajecten:correct", args=[trajectory.pk]),
                                {**data, "csrfmiddlewaretoken": token_of(page)})
        assert response.status_code == 302, response.content.decode()[:500]
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.teacher_name, other.teacher_name) == ("Meester Bram", "Juf Ineke")


def options_of(page, name="school"):
    content = page.content if isinstance(page, str) else page.content.decode()
    select = content[content.index(f'name="{name}"'):]
    return select[:select.index("</select>")]


def school_options(page):
    return options_of(page, "school")


def test_the_filter_shows_each_coach_the_schools_of_their_own_pilot_and_their_choice(world):
    coach_a, coach_b = browser(world.coach_a), browser(world.coach_b)
    url = reverse("trajecten:list_filters")
    first = school_options(coach_a.get(url, {"status": "active"}))
    assert world.school_a1.name in first and world.school_b1.name not in first
    other = school_options(coach_b.get(url, {"status": "active"}))
    assert world.school_b1.name in other and world.school_a1.name not in other
    chosen = school_options(coach_a.get(url, {"status": "active", "school": world.school_a2.pk}))
    assert f'value="{world.school_a2.pk}" selected' in chosen
    second_coach = make_user("coach-a2", role=Role.COACH, pilot=world.pilot_a)
    unchosen = school_options(browser(second_coach).get(url, {"status": "active"}))
    assert "selected" not in unchosen.replace('value="" selected', "")


def test_a_school_that_joins_the_pilot_appears_in_the_filter_at_once(world):
    coach = browser(world.coach_a)
    url = reverse("trajecten:list_filters")
    coach.get(url, {"status": "active"})
    joined = make_school(world.partnership_a, "De Nieuwe School")
    join(world.pilot_a, joined, hours_per_week=2)
    assert "De Nieuwe School" in school_options(coach.get(url, {"status": "active"}))


def test_the_dashboard_scope_form_shows_each_reader_their_own_choices(world):
    make_pilot(world.partnership_a, [world.school_a1], "Tweede pilot")
    url = reverse("dashboards:scope")
    for reader, own, foreign in [
        (world.stuurgroep_a, world.partnership_a, world.partnership_b),
        (world.stuurgroep_b, world.partnership_b, world.partnership_a),
        (world.stuurgroep_a, world.partnership_a, world.partnership_b),
    ]:
        content = browser(reader).get(url).content.decode()
        assert own.name in content and foreign.name not in content
    chosen = browser(world.stuurgroep_a).get(url, {"partnership": world.partnership_a.pk, "pilot": world.pilot_a.pk})
    assert f'<option value="{world.pilot_a.pk}" selected>' in options_of(chosen, "pilot")
    unchosen = browser(world.stuurgroep_a).get(url, {"partnership": world.partnership_a.pk})
    assert f'<option value="{world.pilot_a.pk}" selected>' not in options_of(unchosen, "pilot")
