"""The coördinator prints the inzage for the parents: a document in plain Dutch, without the portal around it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in
from trajecten.models import Trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coordinator_prints_the_inzage_for_the_parents(page, live_server, demo):
    log_in(page, live_server, "coordinator-kid")
    trajectory = Trajectory.objects.filter(pilot__name__startswith="KID", contact_moments__isnull=False).first()
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/inzage/")
    expect(page.get_by_role("heading", name=f"Inzage: alles over {trajectory.child.full_name}")).to_be_visible()
    text = page.locator("main").inner_text()
    assert "Wat de school al heeft gedaan" in text and "Al_geprobeerd" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\+0[0-2]:00", text)
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.get_by_role("link", name="Downloaden (JSON)")).to_be_hidden()
    expect(page.get_by_role("heading", name="Wie heeft deze gegevens ingezien of gewijzigd")).to_be_visible()
