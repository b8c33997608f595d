"""An IB-er who forgot her password sets a new one through the link in her mail, and logs in with it."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "zomer-in-delfshaven-2026"


def test_ib_er_sets_a_new_password_through_the_mail_and_logs_in(page, live_server, demo, settings):
    settings.PORTAL_BASE_URL = live_server.url
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", name="Wachtwoord vergeten")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_label("E-mailadres").fill("ib-delfshaven@kidportaal.example")
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page.get_by_role("heading", name="Kijk in uw mailbox")).to_be_visible()

    # The job on the timer mails the link; the live server runs in this process, its mail is in Django's outbox.
    call_command("send_notifications", stdout=io.StringIO())
    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Nieuw wachtwoord instellen")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_label("Nieuw wachtwoord*", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", name="Uw nieuwe wachtwoord is ingesteld")).to_be_visible()

    page.get_by_role("link", name="Naar inloggen").click()
    log_in(page, live_server, "ib-delfshaven", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Aanmeldingen van mijn school(en)")).to_be_visible()
