"""Wachtwoord vergeten: a link by mail that sets a new password, telling no one whether an address has an account,
throttled, and in the access log."""

import io
import re
import smtplib
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import password_reset
from accounts.models import ResetLinkRequest
from audit.models import AccessLog, Action, Outcome
from tests.factories import PASSWORD, current_code, make_user

NEW_PASSWORD = "een-nieuw-lang-wachtwoord-2026"


@pytest.fixture(autouse=True)
def fresh_axes(db):
    AccessAttempt.objects.all().delete()


def request_link(client, email, **extra):
    """Asks for a link, then runs the minute's job that mails it."""
    response = client.post(reverse("password_reset"), {"email": email}, **extra)
    call_command("send_notifications", stdout=io.StringIO(), stderr=io.StringIO())
    return response


def link_from(message):
    return re.search(r"https?://\S+", message.body).group(0)


def set_new_password(client, link, password=NEW_PASSWORD):
    """Follows the link from the mail to the form and saves a new password there."""
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token out of the address, into the session
    return client.post(response.url, {"new_password1": password, "new_password2": password})


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_links_to_wachtwoord_vergeten(client, db):
    content = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in content
    assert "Wachtwoord vergeten?" in content


def test_the_request_form_is_dutch(client, db):
    response = client.get(reverse("password_reset"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Wachtwoord vergeten" in content and "E-mailadres" in content and "Stuur mij een link" in content
    assert "Terug naar inloggen" in content


def test_an_active_user_gets_a_link_that_sets_a_new_password_and_then_logs_in(client, world):
    response = request_link(client, "ib-a1@example.org")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert "Kijk in uw mailbox" in client.get(response.url).content.decode()
    [message] = mail.outbox
    assert message.to == ["ib-a1@example.org"]
    assert message.subject == "Nieuw wachtwoord instellen voor het KID-portaal"
    assert "een uur geldig" in message.body

    form = client.get(client.get(link_from(message)).url)
    assert "Nieuw wachtwoord instellen" in form.content.decode()
    response = set_new_password(client, link_from(message))
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    assert "Uw nieuwe wachtwoord is ingesteld" in client.get(response.url).content.decode()
    assert log_in(client, "ib-a1", PASSWORD).status_code == 200  # the old one no longer works
    response = log_in(client, "ib-a1", NEW_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("start")


def test_the_mail_holds_the_link_and_nothing_about_the_account_or_a_child(client, world):
    request_link(client, "ib-a1@example.org")
    [message] = mail.outbox
    body = message.body
    assert "/wachtwoord-vergeten/" in link_from(message)
    for private in ("ib-a1", world.ib_a1.last_name, world.school_a1.name, "Regenboog", "Rotterdam"):
        assert private not in body and private not in message.subject


def test_the_link_uses_the_portals_address_when_it_is_set(client, world, settings):
    settings.PORTAL_BASE_URL = "https://kid.example.nl/"
    request_link(client, "ib-a1@example.org")
    assert link_from(mail.outbox[0]).startswith("https://kid.example.nl/wachtwoord-vergeten/")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    known = request_link(client, "ib-a1@example.org")
    unknown = request_link(client, "niemand@example.org")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_mail(client, world):
    world.ib_a1.is_active = False
    world.ib_a1.save()
    response = request_link(client, "ib-a1@example.org")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_link_mailed_before_the_account_was_deactivated_opens_nothing(client, world):
    request_link(client, "ib-a1@example.org")
    world.ib_a1.is_active = False
    world.ib_a1.save()
    response = client.get(link_from(mail.outbox[0]))
    assert response.status_code == 200
    assert "Deze link werkt niet meer" in response.content.decode()


def test_a_link_works_once(client, world):
    request_link(client, "ib-a1@example.org")
    link = link_from(mail.outbox[0])
    set_new_password(client, link)
    response = client.get(link)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Deze link werkt niet meer" in content and reverse("password_reset") in content


def test_a_weak_new_password_is_refused_in_dutch(client, world):
    request_link(client, "ib-a1@example.org")
    response = set_new_password(client, link_from(mail.outbox[0]), password="kort")
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in response.content.decode()


def test_after_a_few_requests_for_an_address_no_more_mail_and_a_dutch_message(client, world):
    for _ in range(password_reset.REQUESTS_PER_EMAIL):
        assert request_link(client, "ib-a1@example.org").status_code == 302
    response = request_link(client, "IB-A1@example.org")
    assert response.status_code == 429
    assert "te vaak een nieuwe link gevraagd" in response.content.decode()
    assert len(mail.outbox) == password_reset.REQUESTS_PER_EMAIL


def test_the_limit_counts_unknown_addresses_alike_so_it_tells_nothing(client, world):
    answers = {}
    for email in ("ib-a1@example.org", "niemand@example.org"):
        for _ in range(password_reset.REQUESTS_PER_EMAIL):
            request_link(client, email)
        response = request_link(client, email)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        answers[email] = (response.status_code, page.replace(email, ""))
    assert answers["ib-a1@example.org"] == answers["niemand@example.org"]
    assert answers["niemand@example.org"][0] == 429


def test_a_client_asking_for_many_addresses_is_stopped_too(client, world):
    for number in range(password_reset.REQUESTS_PER_CLIENT):
        request_link(client, f"iemand{number}@example.org")
    response = request_link(client, "ib-a1@example.org")
    assert response.status_code == 429
    assert mail.outbox == []
    other_client = request_link(client, "ib-a1@example.org", REMOTE_ADDR="192.0.2.9")
    assert other_client.status_code == 302 and len(mail.outbox) == 1


def new_rows(before):
    return AccessLog.objects.filter(pk__gt=before)


def last_row():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_request_and_the_new_password_are_in_the_access_log(client, world):
    before = last_row()
    request_link(client, "coach-a@example.org", REMOTE_ADDR="192.0.2.7")
    sent = new_rows(before).get(action=Action.RIGHTS, object_id=str(world.coach_a.pk))
    assert sent.username == "" and sent.client_address == "192.0.2.7"
    assert sent.detail == "wachtwoord vergeten: link voor een nieuw wachtwoord gemaild naar Test Coach-a"

    set_new_password(client, link_from(mail.outbox[0]))
    reset = AccessLog.objects.get(action=Action.RIGHTS, detail__contains="opnieuw ingesteld")
    assert (reset.username, reset.object_id, reset.about_pilot) == ("coach-a", str(world.coach_a.pk),
                                                                     world.pilot_a.pk)
    assert reset.detail == "wachtwoord van Test Coach-a opnieuw ingesteld met de link uit de e-mail"


def test_an_unknown_address_is_never_logged(client, world):
    before = last_row()
    request_link(client, "niemand@example.org")
    assert not new_rows(before).exists()


def test_a_refused_request_is_logged_without_the_address(client, world):
    for _ in range(password_reset.REQUESTS_PER_EMAIL + 1):
        request_link(client, "niemand@example.org")
    refused = AccessLog.objects.get(outcome=Outcome.REFUSED)
    assert refused.detail == "wachtwoord vergeten: te veel aanvragen, geen e-mail verstuurd"
    assert "niemand" not in refused.detail and refused.object_id == ""


def test_a_new_password_lifts_the_lockout_of_the_account(client, world):
    for _ in range(5):
        log_in(client, "ib-a1", "verkeerd")
    assert "Inloggen is tijdelijk geblokkeerd" in log_in(client, "ib-a1", PASSWORD).content.decode()
    request_link(client, "ib-a1@example.org")
    set_new_password(client, link_from(mail.outbox[0]))
    response = log_in(client, "ib-a1", NEW_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("start")
    assert AccessLog.objects.filter(detail__startswith="blokkade na mislukte inlogpogingen van Test Ib-a1").exists()


def test_a_coordinator_still_gives_the_code_from_the_app_after_a_new_password(client, world):
    device = world.coordinator_a.totpdevice_set.get()
    request_link(client, "coordinator-a@example.org")
    set_new_password(client, link_from(mail.outbox[0]))
    response = log_in(client, "coordinator-a", NEW_PASSWORD)
    assert response.status_code == 302
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response.url.startswith(reverse("second_factor"))
    response = client.post(reverse("second_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("start")).url == reverse("trajecten:queue")


def test_the_locked_out_page_links_to_the_login_and_to_wachtwoord_vergeten_and_says_who_helps(client, world):
    for _ in range(5):
        log_in(client, "ib-a1", "verkeerd")
    content = log_in(client, "ib-a1", PASSWORD).content.decode()
    assert f'href="{reverse("login")}"' in content
    assert f'href="{reverse("password_reset")}"' in content
    assert "functioneel beheerder van uw samenwerkingsverband" in content


def test_a_new_user_gets_a_link_too(client, db):
    make_user("nieuw")
    request_link(client, "nieuw@example.org")
    assert len(mail.outbox) == 1


def test_the_request_waits_for_no_mail_server_the_minutes_job_mails_the_link(client, world):
    with mock.patch("django.core.mail.EmailMessage.send") as send:
        response = client.post(reverse("password_reset"), {"email": "ib-a1@example.org"})
    assert response.status_code == 302 and not send.called  # known or not: the same work before the answer
    assert ResetLinkRequest.objects.filter(user__username="ib-a1").count() == 1
    call_command("send_notifications", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["ib-a1@example.org"]
    assert set_new_password(client, link_from(message)).status_code == 302
    assert not ResetLinkRequest.objects.exists()


def test_a_link_the_mail_server_refused_goes_out_with_the_next_run_once(client, world):
    client.post(reverse("password_reset"), {"email": "ib-a1@example.org"})
    client.post(reverse("password_reset"), {"email": "ib-a1@example.org"})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected):
        call_command("send_notifications", stdout=io.StringIO(), stderr=io.StringIO())
    assert mail.outbox == [] and ResetLinkRequest.objects.count() == 2
    call_command("send_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # one mail for the account, however often it asked
    assert not ResetLinkRequest.objects.exists()


def test_a_request_older_than_a_links_lifetime_is_not_mailed(client, world):
    client.post(reverse("password_reset"), {"email": "ib-a1@example.org"})
    ResetLinkRequest.objects.update(requested_at=timezone.now() - password_reset.LINK_VALID)
    call_command("send_notifications", stdout=io.StringIO())
    assert mail.outbox == [] and not ResetLinkRequest.objects.exists()
