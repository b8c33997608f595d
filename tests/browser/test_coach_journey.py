"""The KID-team's day in a real browser: take, start, log contact, place in the klasje, refer."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in
from tests.browser.test_registration_journey import fill_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_parents_withdrawal_blocks_a_placement_with_a_clear_message(page, live_server, demo, browser):
    """Both parents hold gezag and consented to the klasje at registration; the father withdraws that consent. The
    coach sees it in the caseload and on the trajectory's page, and the placement is refused, saying why."""
    log_in(page, live_server, "ib-delfshaven")
    page.goto(f"{live_server.url}/aanmelden/")
    fill_registration(page, given_name="Ilse", family_name="Brouwer", second_parent="Jeroen Brouwer",
                      purposes=["deelname aan een groepsarrangement"])
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", name="De aanmelding van Ilse Brouwer is ontvangen")).to_be_visible()

    coach = browser.new_context(locale="nl-NL").new_page()
    log_in(coach, live_server, "coach-kid")
    coach.get_by_role("link", name="Nieuwe aanmeldingen").click()
    row = coach.get_by_role("row").filter(has_text="Ilse Brouwer")
    expect(row.get_by_text("gegeven", exact=True)).to_be_visible()  # both parents with gezag consented
    row.get_by_role("button", name="Oppakken").click()
    coach.get_by_role("link", name="Traject starten").click()
    coach.get_by_role("button", name="Traject starten").click()
    expect(coach.get_by_text("Het traject staat nu op 'ambulant traject'.")).to_be_visible()

    coach.get_by_role("link", name="Toestemming", exact=True).click()
    expect(coach.get_by_role("heading", name="Jeroen Brouwer (vader) gezag")).to_be_visible()
    # A new guardian's name is asked only when the coach records a guardian not known yet.
    expect(coach.get_by_label("Naam", exact=True)).to_be_hidden()
    coach.get_by_label("een andere ouder of voogd (nieuw)").check()
    expect(coach.get_by_label("Naam", exact=True)).to_be_visible()
    violations = axe_violations(coach)
    assert not violations, "consent page: " + describe(violations)
    coach.get_by_role("link", name="Een ouder trekt toestemming in").click()
    coach.get_by_label("Ouder of voogd die de toestemming intrekt").select_option(label="Jeroen Brouwer (vader)")
    coach.get_by_label("deelname aan een groepsarrangement").check()
    violations = axe_violations(coach)
    assert not violations, "withdrawal form: " + describe(violations)
    coach.get_by_role("button", name="Intrekking vastleggen").click()
    banner = coach.get_by_role("alert").filter(has_text="Toestemming ingetrokken")
    expect(banner).to_contain_text("Jeroen Brouwer (vader) trok op")
    expect(banner).to_contain_text("Vanaf die datum kan niet meer: een nieuwe plaatsing in een groepsarrangement.")
    violations = axe_violations(coach)
    assert not violations, "trajectory page with a withdrawal: " + describe(violations)

    coach.get_by_role("link", name="Plaatsen in groepsarrangement").click()
    coach.get_by_label("dinsdagochtend (Bovenschools klasje Delfshaven)").check()
    coach.get_by_role("button", name="Plaatsen").click()
    refusal = "Jeroen Brouwer (vader) heeft de toestemming voor deelname aan een groepsarrangement ingetrokken op"
    expect(coach.get_by_text(refusal).first).to_be_visible()
    coach.get_by_role("link", name="Mijn trajecten").click()
    row = coach.get_by_role("row").filter(has_text="Ilse Brouwer")
    expect(row.get_by_text("toestemming ingetrokken")).to_be_visible()


def test_from_registration_to_referral_and_what_the_school_sees(page, live_server, demo, browser):
    log_in(page, live_server, "ib-delfshaven")
    page.goto(f"{live_server.url}/aanmelden/")
    fill_registration(page, given_name="Mees", family_name="Oudshoorn")
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", name="De aanmelding van Mees Oudshoorn is ontvangen")).to_be_visible()

    coach = browser.new_context(locale="nl-NL").new_page()
    log_in(coach, live_server, "coach-kid")
    coach.get_by_role("link", name="Nieuwe aanmeldingen").click()
    row = coach.get_by_role("row").filter(has_text="Mees Oudshoorn")
    row.get_by_role("button", name="Oppakken").click()
    expect(coach.get_by_text("U bent nu de coach van Mees Oudshoorn.")).to_be_visible()

    coach.get_by_role("link", name="Traject starten").click()
    violations = axe_violations(coach)
    assert not violations, "start form: " + describe(violations)
    coach.get_by_role("button", name="Traject starten").click()
    expect(coach.get_by_text("Het traject staat nu op 'ambulant traject'.")).to_be_visible()

    coach.get_by_role("link", name="Contactmoment vastleggen").click()
    coach.get_by_label("Soort contact").select_option(label="observatie in de klas")
    coach.get_by_label("Duur in minuten").fill("45")
    coach.get_by_label("Verslag").fill("Gedeeld: in de kring naast de juf laten zitten.")
    coach.get_by_label("Zichtbaar voor de school").check()
    coach.get_by_role("button", name="Contactmoment opslaan").click()
    coach.get_by_role("link", name="Contactmoment vastleggen").click()
    coach.get_by_label("Soort contact").select_option(label="gesprek met ouders")
    coach.get_by_label("Duur in minuten").fill("30")
    coach.get_by_label("Verslag").fill("Alleen team: zorgen over de situatie thuis.")
    coach.get_by_role("button", name="Contactmoment opslaan").click()

    coach.get_by_role("link", name="Plaatsen in groepsarrangement").click()
    coach.get_by_label("dinsdagochtend (Bovenschools klasje Delfshaven)").check()
    coach.get_by_label("donderdagochtend (Bovenschools klasje Delfshaven)").check()
    coach.get_by_role("button", name="Plaatsen").click()
    # The parents consented to support in class only: the placement waits for their consent.
    refusal = "De ouders gaven (nog) geen toestemming voor: deelname aan een groepsarrangement."
    expect(coach.get_by_text(refusal).first).to_be_visible()
    coach.get_by_role("link", name="Terug naar het traject").click()
    coach.get_by_role("link", name="Toestemming", exact=True).click()
    # The parent recorded at registration is the one chosen.
    expect(coach.get_by_label("Sanne Oudshoorn (moeder)")).to_be_checked()
    coach.get_by_label("deelname aan een groepsarrangement").check()
    coach.get_by_label("gegevens delen met een zorgaanbieder bij doorverwijzing").check()
    coach.get_by_label("Hoe gegeven").select_option(label="mondeling, in een gesprek")
    violations = axe_violations(coach)
    assert not violations, "consent form: " + describe(violations)
    coach.get_by_role("button", name="Toestemming vastleggen").click()
    expect(coach.get_by_text("De toestemming is vastgelegd.")).to_be_visible()
    coach.get_by_role("link", name="Plaatsen in groepsarrangement").click()
    coach.get_by_label("dinsdagochtend (Bovenschools klasje Delfshaven)").check()
    coach.get_by_label("donderdagochtend (Bovenschools klasje Delfshaven)").check()
    coach.get_by_role("button", name="Plaatsen").click()
    expect(coach.get_by_text("Het kind is geplaatst in het groepsarrangement.")).to_be_visible()
    placed = coach.get_by_text("Bovenschools klasje Delfshaven: dinsdagochtend, donderdagochtend — vanaf")
    expect(placed).to_be_visible()

    coach.get_by_role("link", name="Doorverwijzen").click()
    coach.get_by_label("Soort hulp").select_option(label="SBO")
    coach.get_by_role("button", name="Doorverwijzen").click()
    # Final steps ask for confirmation first: without it nothing is saved and the form says why.
    expect(coach.get_by_text("Vink aan dat u weet dat deze stap definitief is.", exact=True)).to_be_visible()
    coach.get_by_label("Ik weet dat dit definitief is").check()
    coach.get_by_role("button", name="Doorverwijzen").click()
    expect(coach.get_by_text("Het traject staat nu op 'doorverwezen'.")).to_be_visible()
    violations = axe_violations(coach)
    assert not violations, "trajectory page: " + describe(violations)
    assert not coach.get_by_role("link", name="Afronden").count()

    page.goto(f"{live_server.url}/aanmeldingen/")
    row = page.get_by_role("row").filter(has_text="Mees Oudshoorn")
    expect(row.get_by_text("doorverwezen")).to_be_visible()
    row.get_by_role("link", name="Mees Oudshoorn").click()
    expect(page.get_by_text("Gedeeld: in de kring naast de juf laten zitten.")).to_be_visible()
    assert not page.get_by_text("Alleen team").count()
