"""An IB-er registers a child in a real browser, as a user would: by the form's Dutch labels."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill_registration(page, given_name="Lotte", family_name="Vermeulen", second_parent=None, purposes=()):
    today = timezone.localdate()
    born = today.replace(year=today.year - 7) - datetime.timedelta(days=40)
    page.get_by_label("Voornaam").fill(given_name)
    page.get_by_label("Achternaam").fill(family_name)
    page.get_by_label("Geboortedatum").fill(born.isoformat())
    page.get_by_label("Groep*", exact=True).select_option(label="groep 3")
    page.get_by_label("Naam van de leerkracht").fill("Juf Hanneke")
    page.get_by_label("Hulpvraag van de leerkracht").fill("Lotte trekt zich terug en praat niet in de kring.")
    page.get_by_label("sociaal-emotioneel").check()
    page.get_by_label("taal/spraak").check()
    page.get_by_label("Wat heeft de school al geprobeerd?").fill("Praatmaatje en een vaste plek.")
    page.get_by_label("Ja, de toestemming is gegeven").check()
    page.get_by_label("Datum van de toestemming").fill(today.isoformat())
    page.get_by_label("Hoe gegeven").select_option(label="schriftelijk (getekend formulier)")
    page.get_by_label("ondersteuning door het pilotteam in de klas").check()
    for purpose in purposes:
        page.get_by_label(purpose).check()
    page.get_by_label("Naam van de ouder of voogd").fill(f"Sanne {family_name}")
    page.get_by_label("Relatie tot het kind").select_option(label="moeder")
    expect(page.get_by_label("Heeft het gezag", exact=True)).to_be_checked()
    if second_parent:
        page.get_by_label("Naam van de tweede ouder of voogd").fill(second_parent)
        page.get_by_label("Relatie van de tweede ouder tot het kind").select_option(label="vader")


def test_ib_er_registers_a_child_and_follows_it(page, live_server, demo, browser):
    log_in(page, live_server, "ib-delfshaven")
    expect(page.get_by_role("heading", name="Aanmeldingen van mijn school(en)")).to_be_visible()

    page.get_by_role("link", name="Kind aanmelden").first.click()
    expect(page.get_by_role("heading", name="Kind aanmelden")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # The consent's details are asked once the parents gave consent, and go away again with "Nog niet".
    expect(page.get_by_label("Datum van de toestemming")).to_be_hidden()
    page.get_by_label("Ja, de toestemming is gegeven").check()
    expect(page.get_by_label("Datum van de toestemming")).to_be_visible()
    page.get_by_label("Nog niet").check()
    expect(page.get_by_label("Datum van de toestemming")).to_be_hidden()

    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_text("punten om te verbeteren")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "with errors shown: " + describe(violations)

    fill_registration(page)
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", name="De aanmelding van Lotte Vermeulen is ontvangen")).to_be_visible()
    expect(page.get_by_text("Wat gebeurt er nu?")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "confirmation: " + describe(violations)
    trajectory_url = page.get_by_role("link", name="Aanmelding bekijken").get_attribute("href")

    page.get_by_role("link", name="Naar de aanmeldingen van mijn school").click()
    row = page.get_by_role("row").filter(has_text="Lotte Vermeulen")
    expect(row.get_by_text("aangemeld")).to_be_visible()
    expect(row.get_by_text("nog niet toegewezen")).to_be_visible()

    coordinator = browser.new_context(locale="nl-NL").new_page()
    log_in(coordinator, live_server, "coordinator-kid")
    expect(coordinator.get_by_role("heading", name="Nieuwe aanmeldingen")).to_be_visible()
    expect(coordinator.get_by_role("link", name="Lotte Vermeulen")).to_be_visible()

    outsider = browser.new_context(locale="nl-NL").new_page()
    log_in(outsider, live_server, "ib-appingedam")
    response = outsider.goto(f"{live_server.url}{trajectory_url}")
    assert response.status == 404
    expect(outsider.get_by_role("heading", name="Deze pagina bestaat niet")).to_be_visible()
    assert not outsider.get_by_text("Lotte").count()


def test_one_ib_er_in_two_browsers_registers_a_child_in_each(page, live_server, demo, browser):
    """The form opened in two sessions before either submits: both registrations arrive."""
    second = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    for session in (page, second):
        log_in(session, live_server, "ib-delfshaven")
        session.goto(f"{live_server.url}/aanmelden/")
        expect(session.get_by_role("heading", name="Kind aanmelden")).to_be_visible()
    for session, name in ((page, "Mila"), (second, "Daan")):
        fill_registration(session, given_name=name, family_name="Tweelingh")
        session.get_by_role("button", name="Aanmelding versturen").click()
        expect(session.get_by_role("heading", name=f"De aanmelding van {name} Tweelingh is ontvangen")).to_be_visible()
    second.context.close()


SCHOOL_WORDS = ("leerkracht", "intern begeleider", "school al geprobeerd", "van uw school", "mijn school", "in de klas")


def assert_kinderopvang_words_only(page, where):
    text = page.locator("body").inner_text()
    found = [word for word in SCHOOL_WORDS if word in text.lower()]
    assert not found, f"{where}: {found}"


def test_a_pedagogisch_medewerker_registers_a_peuter_in_the_words_of_the_kinderopvang(page, live_server, demo):
    log_in(page, live_server, "pm-someren")
    expect(page.get_by_role("heading", name="Aanmeldingen van mijn kinderopvang")).to_be_visible()
    expect(page.get_by_text("(pedagogisch medewerker)")).to_be_visible()
    assert_kinderopvang_words_only(page, "list")

    page.get_by_role("link", name="Kind aanmelden").first.click()
    expect(page.get_by_text("Meld een kind van uw kinderopvang aan")).to_be_visible()
    # The consent's details wait for "Ja" (forms.js); their purposes belong to the consent ledger (issue 18.3).
    expect(page.get_by_label("Datum van de toestemming")).to_be_hidden()
    assert_kinderopvang_words_only(page, "form")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    born = timezone.localdate() - datetime.timedelta(days=3 * 365)
    page.get_by_label("Voornaam").fill("Fenna")
    page.get_by_label("Achternaam").fill("Verhoeven")
    page.get_by_label("Geboortedatum").fill(born.isoformat())
    expect(page.get_by_label("Groep*", exact=True)).to_have_value("peuter")  # the only group a kinderopvang has
    # Her only kinderopvang is named, not offered as a list of one.
    expect(page.get_by_text("Kinderopvang: Peuteropvang Het Speelnest")).to_be_visible()
    page.get_by_label("Naam van de pedagogisch medewerker").fill("Ingrid")
    page.get_by_label("Hulpvraag van de pedagogisch medewerker").fill("Fenna praat nog weinig in de groep.")
    page.get_by_label("taal/spraak").check()
    page.get_by_label("Wat heeft de kinderopvang al geprobeerd?").fill("Voorlezen in een klein groepje.")
    page.get_by_label("Nog niet").check()
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page.get_by_role("heading", name="De aanmelding van Fenna Verhoeven is ontvangen")).to_be_visible()
    expect(page.get_by_text("met u en de pedagogisch medewerker om een eerste observatie in de groep")).to_be_visible()
    assert_kinderopvang_words_only(page, "confirmation")
    page.get_by_role("link", name="Naar de aanmeldingen van mijn kinderopvang").click()
    row = page.get_by_role("row").filter(has_text="Fenna Verhoeven")
    expect(row.get_by_text("Peuteropvang Het Speelnest")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Kinderopvang")).to_be_visible()

    row.get_by_role("link", name="Fenna Verhoeven").click()
    expect(page.get_by_text("Pedagogisch medewerker", exact=True)).to_be_visible()
    assert_kinderopvang_words_only(page, "trajectory")
