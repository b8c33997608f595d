"""Keyboard only: the registration and a transition with Tab, Enter, Space, typing (and the arrow keys inside a
radio group), a visible focus ring on every stop and a skip link first."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from trajecten.models import Trajectory
from trajecten.states import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return parseFloat(style.outlineWidth) >= 2 && style.outlineStyle !== 'none';
}"""


def tab_to(page, locator, limit=80):
    """Presses Tab until `locator` has the focus; every stop on the way shows a focus ring."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_RING), page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        if page.evaluate("(el) => el === document.activeElement", handle):
            return
    raise AssertionError(f"could not reach {locator} with Tab")


def test_skip_link_comes_first_and_jumps_to_the_content(page, live_server, demo):
    log_in(page, live_server, "ib-delfshaven")
    page.goto(f"{live_server.url}/aanmelden/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert page.evaluate("(el) => el === document.activeElement", skip.element_handle())
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_registration_with_the_keyboard_alone(page, live_server, demo):
    log_in(page, live_server, "ib-delfshaven")
    page.goto(f"{live_server.url}/aanmelden/")
    keyboard = page.keyboard
    tab_to(page, page.get_by_label("Voornaam"))
    keyboard.type("Sara")
    tab_to(page, page.get_by_label("Achternaam"))
    keyboard.type("Toetsenbord")
    tab_to(page, page.get_by_label("Geboortedatum"))
    born = timezone.localdate().replace(year=timezone.localdate().year - 7)
    keyboard.type(born.strftime("%m%d%Y"))
    tab_to(page, page.get_by_label("Groep*", exact=True))
    keyboard.type("groep 3")
    tab_to(page, page.get_by_label("Naam van de leerkracht"))
    keyboard.type("Juf Karin")
    tab_to(page, page.get_by_label("Hulpvraag van de leerkracht"))
    keyboard.type("Werkt niet zelfstandig.")
    tab_to(page, page.get_by_label("werkhouding"))
    keyboard.press("Space")
    tab_to(page, page.get_by_label("Wat heeft de school al geprobeerd?"))
    keyboard.type("Een stappenplan op tafel.")
    # A radio group is one Tab stop; the arrow keys choose within it, as in every browser.
    tab_to(page, page.get_by_label("Ja, de toestemming is gegeven"))
    keyboard.press("ArrowDown")
    assert page.get_by_label("Nog niet").is_checked()
    tab_to(page, page.get_by_role("button", name="Aanmelding versturen"))
    keyboard.press("Enter")
    page.wait_for_url("**/bevestiging/")
    expect(page.get_by_role("heading", name="De aanmelding van Sara Toetsenbord is ontvangen")).to_be_visible()


def test_a_transition_with_the_keyboard_alone(page, live_server, demo):
    trajectory = Trajectory.objects.filter(pilot__name__startswith="KID", status=Status.ACTIVE).first()
    log_in(page, live_server, "coach-kid")
    page.goto(f"{live_server.url}{trajectory.get_absolute_url()}")
    tab_to(page, page.get_by_role("link", name="Stoppen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/stoppen/")
    tab_to(page, page.get_by_label("Reden"))
    page.keyboard.type("Het gezin is verhuisd naar Utrecht.")
    tab_to(page, page.get_by_label("Ik weet dat dit definitief is"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Traject stoppen"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{trajectory.get_absolute_url()}")
    expect(page.get_by_text("Het traject staat nu op 'gestopt'.")).to_be_visible()
    trajectory.refresh_from_db()
    assert trajectory.status == Status.WITHDRAWN
