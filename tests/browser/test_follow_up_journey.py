"""Nazorg in a real browser: the demo coach finds a follow-up in Mijn trajecten and records it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, axe_violations, describe, log_in
from trajecten.models import FollowUp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_coach_records_a_due_follow_up_from_mijn_trajecten(page, live_server, demo):
    log_in(page, live_server, "coach-kid")
    page.get_by_role("link", name="Mijn trajecten").click()
    tasks = page.get_by_role("table", name="Nazorg die u nu kunt doen")
    expect(page.get_by_role("heading", name="Nazorg te doen")).to_be_visible()
    if not tasks.is_visible():  # more than three tasks fold up under their count
        page.get_by_role("heading", name="Nazorg te doen").click()
    overdue = tasks.get_by_role("row").filter(has_text="te laat").first
    expect(overdue).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "mijn-trajecten-nazorg.png"), full_page=False)
    child = overdue.get_by_role("cell").first.get_by_role("link").inner_text()
    moment = overdue.get_by_role("cell").nth(2).inner_text()  # "na 3 maanden" or "na 6 maanden"
    to_do = FollowUp.objects.filter(answered_at__isnull=True).count()

    overdue.get_by_role("link", name="Nazorg vastleggen").click()
    expect(page.get_by_role("heading", name=f"Nazorg {moment}")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "follow-up form: " + describe(violations)
    page.get_by_role("button", name="Nazorg opslaan").click()
    expect(page.get_by_text("Kies hoe het met het kind gaat.").first).to_be_visible()
    page.get_by_label("lichte ondersteuning nodig").check()
    page.get_by_label("leerkracht").check()
    page.get_by_label("Toelichting (optioneel)").fill("Juf werkt nog met het beloningssysteem.")
    page.get_by_role("button", name="Nazorg opslaan").click()

    expect(page.get_by_text(f"De nazorg {moment} voor {child} is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mijn trajecten", exact=True)).to_be_visible()
    # The caseload shows the first five; all of them, one fewer now, are on Mijn nazorg.
    page.get_by_role("link", name="Mijn nazorg").click()
    expect(page.get_by_role("heading", name="Mijn nazorg")).to_be_visible()
    all_tasks = page.get_by_role("table", name="Nazorg die te doen of te laat is")
    expect(all_tasks.get_by_role("row").filter(has_text=child).filter(has_text=moment)).to_have_count(0)
    violations = axe_violations(page)
    assert not violations, "Mijn nazorg: " + describe(violations)
    assert FollowUp.objects.filter(answered_at__isnull=True).count() == to_do - 1
    recorded = FollowUp.objects.get(note="Juf werkt nog met het beloningssysteem.")
    assert (recorded.answer, recorded.asked, recorded.answered_by.username) == (
        "lichte_ondersteuning", ["leerkracht"], "coach-kid")
