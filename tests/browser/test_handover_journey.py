"""A handover to school (issue 18.2) in a real browser: Someren's pedagogisch medewerker hands a peuter over to
Basisschool De Ratel with the parents' consent, and the school's intern begeleider reads it from 'Overdrachten'; a
peuter whose father withdrew that consent cannot be handed over, and the page says why."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, axe_violations, describe, log_in
from tests.factories import give_consent
from trajecten.models import Handover, Trajectory
from trajecten.states import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUMMARY = "Zoekt in de kring steun bij een maatje; een dagritmekaart met plaatjes helpt."


def test_a_handover_to_school(page, live_server, demo):
    peuter = (Trajectory.objects.filter(school__name="Peuteropvang Het Speelnest", status=Status.COMPLETED,
                                        handovers__isnull=True)
              .exclude(guardians__entries__purpose="overdracht").select_related("child").first())
    for guardian in peuter.guardians.all():
        give_consent(peuter, guardian.relation, ["overdracht"], by=peuter.coach)
    child = peuter.child.full_name

    log_in(page, live_server, "pm-someren")
    page.goto(f"{live_server.url}{peuter.get_absolute_url()}")
    page.get_by_role("link", name="Overdragen aan de school").click()
    expect(page.get_by_role("heading", name="Warme overdracht aan de school")).to_be_visible()
    page.get_by_label("Naar de school").select_option(label="Basisschool De Ratel")
    page.get_by_label("Wat de school moet weten").fill(SUMMARY)
    page.get_by_label("zorggebieden").check()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overdracht-formulier.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, "handover form: " + describe(violations)
    page.get_by_role("button", name="Overdragen aan de school").click()
    expect(page.get_by_text(f"{child} is overgedragen aan Basisschool De Ratel.")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, "ib-someren")
    page.get_by_role("link", name="Overdrachten").click()
    page.get_by_role("link", name=child).click()
    expect(page.get_by_role("heading", name=f"Warme overdracht van {child}")).to_be_visible()
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text("Wat de school moet weten")).to_be_visible()
    expect(page.get_by_text(peuter.help_request)).to_have_count(0)  # the kinderopvang's question stays there
    page.screenshot(path=str(ARTIFACTS / "overdracht-school.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, "handover page: " + describe(violations)
    assert Handover.objects.get(trajectory=peuter).to_school.name == "Basisschool De Ratel"


def test_a_withdrawn_consent_blocks_the_handover(page, live_server, demo):
    blocked = Trajectory.objects.filter(guardians__entries__purpose="overdracht",
                                        guardians__entries__action="ingetrokken").distinct().get()
    log_in(page, live_server, "coach-peuter")
    page.goto(f"{live_server.url}{blocked.get_absolute_url()}")
    page.get_by_role("link", name="Overdragen aan de school").click()
    page.get_by_label("Naar de school").select_option(label="Basisschool De Lindelaer")
    page.get_by_label("Wat de school moet weten").fill("Gaat goed.")
    page.get_by_role("button", name="Overdragen aan de school").click()
    expect(page.get_by_text("heeft de toestemming voor overdracht aan de (basis)school (warme overdracht) "
                            "ingetrokken")).to_be_visible()
    assert not Handover.objects.filter(trajectory=blocked).exists()
