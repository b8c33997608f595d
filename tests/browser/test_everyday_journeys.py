"""Everyday use: finding a child on a phone, and being told what changed."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in
from trajecten.models import Trajectory
from trajecten.states import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_coach_finds_a_child_by_name_on_a_phone(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "coach-kid")
    expect(page.get_by_role("heading", name="Mijn trajecten")).to_be_visible()
    # A full page of the caseload stays a page one can scroll through on a phone.
    assert page.evaluate("document.documentElement.scrollHeight") < 5000
    wanted = Trajectory.objects.filter(coach__username="coach-kid").select_related("child").first().child
    page.get_by_label("Zoek op naam").fill(wanted.family_name[:4].lower())
    page.get_by_role("button", name="Zoeken").click()
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1
    for index in range(rows.count()):
        assert wanted.family_name[:4].lower() in rows.nth(index).inner_text().lower()
    expect(page.get_by_role("link", name=wanted.full_name).first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("link", name="Wissen").click()
    assert page.get_by_label("Zoek op naam").input_value() == ""


def test_an_ib_er_filters_the_schools_registrations_by_status(page, live_server, demo):
    log_in(page, live_server, "ib-delfshaven")
    page.get_by_label("Status").select_option(label="afgerond")
    page.get_by_role("button", name="Zoeken").click()
    statuses = page.locator("table tbody tr .badge.rounded-pill").all_inner_texts()
    assert statuses and set(statuses) == {"afgerond"}


def test_the_coach_is_mailed_a_link_and_sees_what_is_new(page, live_server, demo, browser):
    waiting = Trajectory.objects.filter(pilot__name__startswith="KID", status=Status.REGISTERED,
                                        coach__isnull=True).select_related("child").order_by("registered_at").first()
    coordinator = browser.new_context(locale="nl-NL").new_page()
    log_in(coordinator, live_server, "coordinator-kid")
    row = coordinator.get_by_role("row").filter(has_text=waiting.child.full_name)
    expect(row.get_by_text("nieuw")).to_be_visible()  # the coordinator never opened this registration
    mail.outbox.clear()
    row.get_by_label(f"Coach voor {waiting.child.full_name}").select_option(index=1)
    assigned_to = row.get_by_label(f"Coach voor {waiting.child.full_name}").evaluate(
        "select => select.options[select.selectedIndex].text")
    row.get_by_role("button", name="Toewijzen").click()
    expect(coordinator.get_by_text(f"is nu de coach van {waiting.child.full_name}")).to_be_visible()

    call_command("send_notifications", stdout=io.StringIO(), stderr=io.StringIO())  # the job on the timer
    waiting.refresh_from_db()
    coach_user = waiting.coach
    assert assigned_to.startswith(coach_user.get_full_name())
    (message,) = [message for message in mail.outbox if message.to == [coach_user.email]]
    assert waiting.child.given_name not in message.body
    link = re.search(r"http://\S+(/trajecten/\d+/)", message.body).group(1)
    assert link == waiting.get_absolute_url()

    coach_user.set_password("kidportaal-demo")
    coach_user.save()
    log_in(page, live_server, coach_user.username)
    page.get_by_role("link", name="Mijn trajecten").click()
    row = page.get_by_role("row").filter(has_text=waiting.child.full_name)
    expect(row.get_by_text("nieuw")).to_be_visible()
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name=waiting.child.full_name)).to_be_visible()
    assert page.locator(".timeline .badge", has_text="nieuw").count() >= 1
    page.get_by_role("link", name="Mijn trajecten").click()
    row = page.get_by_role("row").filter(has_text=waiting.child.full_name)
    assert not row.get_by_text("nieuw").count()

    page.get_by_role("button", name=re.compile(coach_user.get_full_name())).click()
    page.get_by_role("link", name="Meldingen per e-mail").click()
    page.get_by_label("Eén keer per dag").check()
    page.get_by_role("button", name="Keuze opslaan").click()
    expect(page.get_by_text("Uw keuze is opgeslagen.")).to_be_visible()
    assert page.get_by_label("Eén keer per dag").is_checked()


def test_a_coachs_day_those_to_start_first_the_timeline_in_order_and_a_final_step_confirmed(page, live_server, demo):
    """Issue 20.7 as a coach meets it: who still waits for a start comes first, with the last contact beside every
    row; the menu shows where one is; the timeline reads from the registration on; 'afronden' asks before it is
    final."""
    log_in(page, live_server, "coach-kid")
    page.get_by_role("link", name="Nieuwe aanmeldingen").click()
    expect(page.get_by_role("link", name="Nieuwe aanmeldingen")).to_have_attribute("aria-current", "page")
    page.get_by_role("button", name="Oppakken").first.click()
    expect(page.get_by_text("U bent nu de coach van")).to_be_visible()
    page.get_by_role("link", name="Mijn trajecten", exact=True).click()
    expect(page.get_by_role("link", name="Mijn trajecten", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("columnheader", name="Laatste contact")).to_be_visible()
    statuses = page.locator("table tbody tr .badge.rounded-pill").all_inner_texts()
    waiting = [index for index, status in enumerate(statuses) if status == "aangemeld"]
    assert waiting and waiting == list(range(len(waiting))), statuses  # still to be started: on top

    trajectory = (Trajectory.objects.filter(coach__username="coach-kid", status=Status.ACTIVE,
                                            contact_moments__isnull=False)
                  .select_related("child").distinct().first())
    page.goto(f"{live_server.url}{trajectory.get_absolute_url()}")
    expect(page.get_by_role("link", name="Mijn trajecten", exact=True)).not_to_have_attribute("aria-current", "page")
    entries = page.locator("ol.timeline > li").all_inner_texts()
    assert "Status: aangemeld" in entries[0], entries[0]
    days = [re.search(r"(\d{2}-\d{2}-\d{4})", entry).group(1) for entry in entries]
    assert [day[6:] + day[3:5] + day[:2] for day in days] == sorted(day[6:] + day[3:5] + day[:2] for day in days)

    page.get_by_role("link", name="Afronden").click()
    page.get_by_label("leerkracht kan verder met de suggesties").check()
    page.get_by_role("button", name="Traject afronden").click()
    expect(page.get_by_text("Vink aan dat u weet dat deze stap definitief is.", exact=True)).to_be_visible()
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE  # nothing saved without the confirmation
    expect(page.get_by_label("leerkracht kan verder met de suggesties")).to_be_checked()  # nor lost
    page.get_by_label("Ik weet dat dit definitief is").check()
    page.get_by_role("button", name="Traject afronden").click()
    expect(page.get_by_text("Het traject staat nu op 'afgerond'.")).to_be_visible()


def test_a_coach_filters_all_trajectories_on_a_page_of_filters_and_keeps_them_in_a_search(page, live_server, demo):
    log_in(page, live_server, "coach-kid")
    page.get_by_role("link", name="Alle trajecten").click()
    page.get_by_role("link", name="Filteren en sorteren").click()
    expect(page.get_by_role("heading", name="Filteren en sorteren")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_label("ambulant traject").check()
    page.get_by_label("School", exact=True).select_option(label="OBS De Regenboog")
    page.get_by_role("button", name="Toon trajecten").click()
    summary = page.locator("#filters")
    expect(summary).to_contain_text("Status: ambulant traject")
    expect(summary).to_contain_text("School: OBS De Regenboog")
    schools = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    statuses = page.locator("table tbody tr .badge.rounded-pill").all_inner_texts()
    assert schools and set(schools) == {"OBS De Regenboog"} and set(statuses) == {"ambulant traject"}
    violations = axe_violations(page)
    assert not violations, describe(violations)
    wanted = Trajectory.objects.filter(school__name="OBS De Regenboog", status=Status.ACTIVE,
                                       pilot__name__startswith="KID").select_related("child").first().child
    page.get_by_label("Zoek op naam").fill(wanted.given_name)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#filters")).to_contain_text("School: OBS De Regenboog")  # the filters stayed
    assert wanted.full_name in page.locator("table tbody").inner_text()
    page.get_by_role("link", name="Filters wijzigen").click()
    expect(page.get_by_label("School", exact=True)).to_have_value(str(wanted.school_id))
    expect(page.get_by_label("ambulant traject")).to_be_checked()
