"""What the functioneel beheerder reads in the admin about logging in (django-axes, django-otp) is Dutch: the names
of the lists, their columns, filters and actions."""

import io
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginHistory
from django.core.management import call_command
from django.urls import reverse

ENGLISH = [
    "Axes", "Otp_Totp", "otp_totp", "access attempt", "Access attempt", "access failure", "Access failure",
    "access log", "Access log", "TOTP device", "Attempt Time", "IP Address", "User Agent", "Username", "Path",
    "Failed Logins", "Locked Out", "Attempt Remaining", "Logout Time", "Access lock out", "Created at",
    "Last used at", "Confirmed", "QR Code", "qrcode", "Clean up expired", "Not set", "Identity", "Throttling",
]


@pytest.fixture
def records(world):
    AccessAttempt.objects.all().delete()
    AccessAttempt.objects.create(username="ib-a1", ip_address="192.0.2.1", user_agent="Firefox", path_info="/inloggen/",
                                 failures_since_start=5, get_data="", post_data="", http_accept="")
    AccessFailureLog.objects.create(username="ib-a1", ip_address="192.0.2.1", user_agent="Firefox",
                                    path_info="/inloggen/", locked_out=True)
    LoginHistory.objects.create(username="ib-a1", ip_address="192.0.2.1", user_agent="Firefox", path_info="/inloggen/")
    return world


def visible_text(response):
    """The page as the beheerder reads it: without tags, scripts and the names in URLs and form fields."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_dutch(response, *expected):
    assert response.status_code == 200
    text = visible_text(response)
    english = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not english, f"English on the page: {english}"
    for phrase in expected:
        assert phrase in text


def test_the_admin_index_names_the_login_records_in_dutch(client, records):
    client.force_login(records.beheerder)
    assert_dutch(client.get(reverse("admin:index")),
                 "Inlogbeveiliging", "Mislukte inlogpogingen en blokkades", "Inlogmomenten", "Mislukte inlogs",
                 "Inloggen in twee stappen", "Authenticator-apps")


def test_failed_logins_and_lockouts_in_dutch(client, records):
    client.force_login(records.beheerder)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert_dutch(response, "Mislukte inlogpogingen en blokkades", "Laatste poging", "Gebruikersnaam", "Adres",
                 "Mislukt", "Status", "Browser", "Op geblokkeerd", "Op laatste poging", "geblokkeerd")
    assert reverse("admin:auth_user_change", args=[records.ib_a1.pk]) in response.content.decode()


def test_the_login_history_in_dutch(client, records):
    client.force_login(records.beheerder)
    assert_dutch(client.get(reverse("admin:axes_accesslog_changelist")),
                 "Inlogmomenten", "Ingelogd", "Uitgelogd", "Gebruikersnaam", "Adres", "Browser", "2 inlogmomenten")
    assert_dutch(client.get(reverse("admin:axes_accessfailurelog_changelist")),
                 "Mislukte inlogs", "Tijdstip", "Gebruikersnaam", "Geblokkeerd")


def test_the_login_records_have_no_english_page_of_their_own(client, records):
    """The list shows every field; a page per record would print the package's English name of it."""
    client.force_login(records.beheerder)
    for model in (AccessAttempt, AccessFailureLog, LoginHistory):
        row = model.objects.filter(username="ib-a1").get()
        name = f"admin:axes_{model._meta.model_name}"
        page_of_row = reverse(f"{name}_change", args=[row.pk])
        assert client.get(page_of_row).status_code == 403
        assert page_of_row not in client.get(reverse(f"{name}_changelist")).content.decode()


def test_the_authenticator_apps_in_dutch_without_their_secret_key(client, records):
    client.force_login(records.beheerder)
    device = records.coordinator_a.totpdevice_set.get()
    response = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert_dutch(response, "Authenticator-apps", "Gebruiker", "Naam", "Ingesteld", "Toegevoegd op",
                 "Laatst gebruikt", "Op ingesteld", "Geselecteerde authenticator-apps verwijderen")
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert_dutch(page, "authenticator-app weergeven", "Gebruiker", "Ingesteld", "Laatst gebruikt: -")
    assert "None" not in visible_text(page)
    assert device.key not in page.content.decode() and device.key not in response.content.decode()
    confirm = client.get(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]))
    assert_dutch(confirm, "authenticator-app")


def test_the_dutch_names_change_no_migration_of_the_packages(db):
    """The names are set on the models at start-up (kidportal/apps.py): makemigrations must not see them."""
    out = io.StringIO()
    call_command("makemigrations", "axes", "otp_totp", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
