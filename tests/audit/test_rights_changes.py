"""What the functioneel beheerder may not do (give itself a role that reads children), and what it may do only in
plain sight: every change of a role, password or second factor is in the access log and on the coördinator's
team page."""

from django.urls import reverse

from accounts.models import Membership, Role
from audit.models import AccessLog, Action
from tests.factories import make_user


def team_page(client, world):
    client.force_login(world.coordinator_a)
    return client.get(reverse("trajecten:pilot_manage", args=[world.pilot_a.pk])).content.decode()


def test_the_beheerder_cannot_give_itself_a_role_that_reads_children(client, world):
    client.force_login(world.beheerder)
    for role in (Role.COACH, Role.COORDINATOR):
        response = client.post(reverse("admin:accounts_membership_add"), {
            "user": world.beheerder.pk, "role": role, "pilot": world.pilot_a.pk})
        assert response.status_code == 200
        assert "U kunt uzelf geen rol geven waarmee u gegevens van kinderen ziet" in response.content.decode()
    response = client.post(reverse("admin:accounts_membership_add"), {
        "user": world.beheerder.pk, "role": Role.IB, "school": world.school_a1.pk})
    assert "U kunt uzelf geen rol geven" in response.content.decode()
    assert not Membership.objects.filter(user=world.beheerder).exclude(role=Role.BEHEERDER).exists()


def test_nor_through_its_own_account_page(client, world):
    client.force_login(world.beheerder)
    url = reverse("admin:auth_user_change", args=[world.beheerder.pk])
    own = world.beheerder.memberships.get()
    data = {
        "username": world.beheerder.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
        "employments-TOTAL_FORMS": "0", "employments-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": own.pk, "memberships-0-user": world.beheerder.pk, "memberships-0-role": Role.BEHEERDER,
        "memberships-1-user": world.beheerder.pk, "memberships-1-role": Role.COACH,
        "memberships-1-pilot": world.pilot_a.pk,
    }
    response = client.post(url, data)
    assert "U kunt uzelf geen rol geven" in response.content.decode()
    assert not Membership.objects.filter(user=world.beheerder, role=Role.COACH).exists()


def test_a_role_given_by_the_beheerder_is_logged_and_shown_to_the_coordinator(client, world):
    newcomer = make_user("nieuwkomer")
    client.force_login(world.beheerder)
    response = client.post(reverse("admin:accounts_membership_add"), {
        "user": newcomer.pk, "role": Role.COACH, "pilot": world.pilot_a.pk})
    assert response.status_code == 302
    row = AccessLog.objects.get(action=Action.RIGHTS, username="beheer")
    assert (row.username, row.about_pilot, row.object_id) == ("beheer", world.pilot_a.pk, str(newcomer.pk))
    page = team_page(client, world)
    assert "rol coach gegeven aan Test Nieuwkomer" in page and "beheer" in page
    client.force_login(world.coordinator_b)
    other = client.get(reverse("trajecten:pilot_manage", args=[world.pilot_b.pk])).content.decode()
    assert "Nieuwkomer" not in other


def test_a_password_reset_and_a_removed_second_factor_are_logged_and_shown(client, world):
    client.force_login(world.beheerder)
    response = client.post(reverse("admin:auth_user_password_change", args=[world.coordinator_a.pk]), {
        "password1": "Een-nieuw-wachtwoord-42", "password2": "Een-nieuw-wachtwoord-42", "usable_password": "true"})
    assert response.status_code == 302
    device = world.coordinator_a.totpdevice_set.get()
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    details = list(AccessLog.objects.filter(action=Action.RIGHTS, about_pilot=world.pilot_a.pk, username="beheer")
                   .values_list("detail", flat=True))
    assert "wachtwoord van Test Coordinator-a gewijzigd" in details
    assert "tweede stap (authenticator-app) van Test Coordinator-a verwijderd" in details
    world.coordinator_a.refresh_from_db()
    from tests.factories import make_totp_device

    make_totp_device(world.coordinator_a)
    page = team_page(client, world)
    assert "wachtwoord van Test Coordinator-a gewijzigd" in page


def test_a_coach_added_by_the_coordinator_is_logged_too(client, world):
    from accounts.models import Employment
    from tests.factories import make_organisation

    organisation = make_organisation(name="Stek")
    world.pilot_a.partner_links.create(organisation=organisation, role="jeugdhulp")
    employment = Employment.objects.create(user=make_user("stek-coach"), organisation=organisation)
    client.force_login(world.coordinator_a)
    client.post(reverse("trajecten:pilot_add_coach", args=[world.pilot_a.pk]), {"employment": employment.pk})
    row = AccessLog.objects.get(action=Action.RIGHTS, username="coordinator-a")
    assert row.username == "coordinator-a" and "rol coach gegeven aan Test Stek-coach" in row.detail


def test_two_sessions_one_after_the_other_each_log_their_own_actor(world):
    """The request behind a signal is the one being served, never a previous session's."""
    from django.test import Client

    from accounts.models import Employment
    from tests.factories import make_organisation

    beheer, coordinator = Client(), Client()
    beheer.force_login(world.beheerder)
    coordinator.force_login(world.coordinator_a)
    organisation = make_organisation(name="Stek")
    world.pilot_a.partner_links.create(organisation=organisation, role="jeugdhulp")
    employment = Employment.objects.create(user=make_user("stek-coach"), organisation=organisation)
    beheer.post(reverse("admin:accounts_membership_add"), {
        "user": make_user("nog-een").pk, "role": Role.COACH, "pilot": world.pilot_a.pk})
    coordinator.post(reverse("trajecten:pilot_add_coach", args=[world.pilot_a.pk]), {"employment": employment.pk})
    rows = list(AccessLog.objects.filter(action=Action.RIGHTS, about_pilot=world.pilot_a.pk)
                .exclude(username="").order_by("pk").values_list("username", "detail"))
    assert rows == [("beheer", "rol coach gegeven aan Test Nog-een (KID)"),
                    ("coordinator-a", "rol coach gegeven aan Test Stek-coach (KID)")]
