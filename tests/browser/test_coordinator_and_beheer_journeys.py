"""The coördinator assigns, hands over a caseload and manages the pilot; the beheerder searches the access log."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in
from trajecten.models import Trajectory
from trajecten.states import OPEN_STATES, Status


def coach_option(username):
    """A coach as the portal offers them: name and open caseload."""
    coach = User.objects.get(username=username)
    return f"{coach.get_full_name()} ({Trajectory.objects.filter(coach=coach, status__in=OPEN_STATES).count()} open)"


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coordinator_assigns_hands_over_and_manages_the_pilot(page, live_server, demo):
    log_in(page, live_server, "coordinator-kid")
    expect(page.get_by_role("heading", name="Nieuwe aanmeldingen")).to_be_visible()
    waiting = Trajectory.objects.filter(pilot__name__startswith="KID", status=Status.REGISTERED,
                                        coach__isnull=True).order_by("registered_at").first()
    row = page.get_by_role("row").filter(has_text=waiting.child.full_name)
    # Each coach is offered with their open caseload.
    row.get_by_label(f"Coach voor {waiting.child.full_name}").select_option(label=coach_option("coach-kid"))
    row.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text(f"Romano Sital is nu de coach van {waiting.child.full_name}.")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.coach.username == "coach-kid"

    page.get_by_role("link", name="Alle trajecten").click()
    page.get_by_role("link", name="Caseload overdragen").click()
    page.get_by_label("Van coach").select_option(label=coach_option("coach-kid"))
    page.get_by_label("Naar coach").select_option(label=coach_option("coach-kid-2"))
    page.get_by_role("button", name="Caseload overdragen").click()
    expect(page.get_by_text("open trajecten zijn overgedragen aan Tweede coach")).to_be_visible()
    assert not Trajectory.objects.filter(coach__username="coach-kid", status__in=["registered", "active"]).exists()

    page.get_by_role("link", name="Pilots").click()
    page.get_by_role("link", name="KID — Kinderen In Delfshaven").click()
    page.get_by_role("link", name="Scholen en team beheren").click()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    newcomer = "Jeugdprofessional KID — Kinderen In De"
    page.get_by_label("Coach*", exact=True).select_option(label=f"{newcomer} — Stek Jeugdhulp")
    page.get_by_role("button", name="Coach toevoegen").click()
    expect(page.get_by_text("is nu coach in de pilot")).to_be_visible()
    expect(page.get_by_role("cell", name=f"rol coach gegeven aan {newcomer}").first).to_be_visible()
    page.get_by_role("button", name="Uit het team Romano Sital").click()
    expect(page.get_by_text("Romano Sital is geen coach meer in de pilot.")).to_be_visible()


def test_beheerder_searches_the_access_log_by_the_code_the_coordinator_copied(page, live_server, demo):
    trajectory = Trajectory.objects.filter(pilot__name__startswith="KID", status=Status.ACTIVE).first()
    coach = page.context.browser.new_context(locale="nl-NL").new_page()
    log_in(coach, live_server, "coach-kid")
    coach.goto(f"{live_server.url}{trajectory.get_absolute_url()}")

    context = page.context.browser.new_context(locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    coordinator = context.new_page()
    log_in(coordinator, live_server, "coordinator-kid")
    coordinator.goto(f"{live_server.url}{trajectory.get_absolute_url()}")
    coordinator.get_by_role("button", name="Kopieer code").click()
    expect(coordinator.get_by_role("button", name="Gekopieerd")).to_be_visible()
    copied = coordinator.evaluate("navigator.clipboard.readText()")
    assert copied == trajectory.child.code

    log_in(page, live_server, "beheer")
    page.get_by_role("link", name="Toegangslog").click()
    expect(page.get_by_text("Vraag het aan de coördinator van de pilot")).to_be_visible()
    page.get_by_label("Pseudoniem kind").fill(copied)
    page.get_by_role("button", name="Zoeken").click()
    row = page.get_by_role("row").filter(has_text="coach-kid")
    expect(row.get_by_text("inzien")).to_be_visible()
    assert trajectory.child.full_name not in page.content()
