import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessLog
from tests.factories import make_trajectory


def test_beheerder_filters_the_log_by_child_and_reading_is_logged(client, world):
    own = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    other = make_trajectory(world.ib_a2, world.school_a2, world.pilot_a)
    client.force_login(world.beheerder)
    content = client.get(reverse("audit:access_log"), {"child_code": own.child.code}).content.decode()
    assert own.child.code in content
    assert other.child.code not in content
    assert own.child.given_name not in content
    assert AccessLog.objects.filter(username="beheer", action="search", detail__contains=own.child.code).exists()


def test_only_the_beheerder_reads_the_log(client, world):
    for user in [world.ib_a1, world.coach_a, world.coordinator_a, world.stuurgroep_a]:
        client.force_login(user)
        assert client.get(reverse("audit:access_log")).status_code == 403


def test_log_rows_cannot_be_changed_or_deleted(world):
    row = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a) and AccessLog.objects.first()
    row.detail = "anders"
    with pytest.raises(PermissionDenied):
        row.save()
    with pytest.raises(PermissionDenied):
        row.delete()
    with pytest.raises(PermissionDenied):
        AccessLog.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AccessLog.objects.update(detail="weg")


def test_the_log_is_not_in_the_admin_where_reading_would_go_unlogged(client, world):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:audit_accesslog_changelist")


def test_an_account_with_log_rows_cannot_be_deleted_only_deactivated(client, world):
    from django.db.models import ProtectedError

    from tests.factories import make_user

    reader = make_user("lezer", role=Role.COACH, pilot=world.pilot_a)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(reader)
    client.get(reverse("trajecten:detail", args=[trajectory.pk]))
    client.force_login(world.beheerder)
    change_url = reverse("admin:auth_user_change", args=[reader.pk])
    assert reverse("admin:auth_user_delete", args=[reader.pk]) not in client.get(change_url).content.decode()
    assert client.post(reverse("admin:auth_user_delete", args=[reader.pk]), {"post": "yes"}).status_code == 403
    with pytest.raises(ProtectedError):
        reader.delete()
    assert AccessLog.objects.filter(user=reader).exists()
    never_used = make_user("nooit-gebruikt")
    assert client.post(reverse("admin:auth_user_delete", args=[never_used.pk]), {"post": "yes"}).status_code == 302


def test_login_history_cannot_be_deleted_or_changed_in_the_admin(client, world):
    from axes.models import AccessFailureLog
    from axes.models import AccessLog as LoginLog

    failure = AccessFailureLog.objects.create(username="ib-a1", ip_address="192.0.2.1", user_agent="x",
                                              path_info="/inloggen/", locked_out=False)
    login = LoginLog.objects.create(username="ib-a1", ip_address="192.0.2.1", user_agent="x", path_info="/inloggen/")
    client.force_login(world.beheerder)
    for name, row in [("axes_accessfailurelog", failure), ("axes_accesslog", login)]:
        assert client.post(reverse(f"admin:{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
        assert client.post(reverse(f"admin:{name}_change", args=[row.pk]), {"username": "x"}).status_code == 403
        assert type(row).objects.filter(pk=row.pk, username="ib-a1").exists()


def test_the_coordinator_can_copy_the_code_the_beheerder_searches_by(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.coordinator_a)
    page = client.get(trajectory.get_absolute_url()).content.decode()
    assert f'<span id="kind-code">{trajectory.child.code}</span>' in page
    assert 'data-copy="kind-code"' in page and "Kopieer code" in page
    for reader in (world.coach_a, world.ib_a1):  # they see the code, they have no use for copying it
        client.force_login(reader)
        assert "Kopieer code" not in client.get(trajectory.get_absolute_url()).content.decode()
    client.force_login(world.beheerder)
    log_page = client.get(reverse("audit:access_log")).content.decode()
    assert "op de pagina van het traject, met een knop om het te kopiëren" in log_page
