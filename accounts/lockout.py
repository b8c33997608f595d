"""The lockout after failed logins (django-axes): settings.AXES_FAILURE_LIMIT failures lock an account from one
address for AXES_COOLOFF_TIME. The functioneel beheerder lifts it ("Account deblokkeren"), and so does a new
password set through the link of "Wachtwoord vergeten" (docs/decisions.md)."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone


def _current(attempts):
    cool_off = get_cool_off()
    return attempts if cool_off is None else attempts.filter(attempt_time__gte=timezone.now() - cool_off)


def lockouts():
    """(username, address) pairs locked now, counted as axes counts them: the failures of one account from one
    address, over every browser, within the cool-off time."""
    return (
        _current(AccessAttempt.objects.all()).values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start")).filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )


def is_locked_out(user):
    return lockouts().filter(username=user.get_username()).exists()


def locked_out_expression():
    """For annotating users: whether the account is locked from some address now."""
    return Exists(lockouts().filter(username=OuterRef("username")))


def locked_until(user):
    cool_off = get_cool_off()
    last = (_current(AccessAttempt.objects.filter(username=user.get_username()))
            .order_by("-attempt_time").values_list("attempt_time", flat=True).first())
    return last + cool_off if last is not None and cool_off is not None else None


def unlock(user):
    """Lifts every lockout of the account and forgets its failed attempts; whether it was locked out."""
    username = user.get_username()
    if not username:
        return False  # axes resets every account's attempts for an empty username
    was_locked = is_locked_out(user)
    reset(username=username)
    return was_locked


def opens_a_lockout(attempt):
    """Whether `attempt` is the first record of a lockout in force (its account from its address): the one record
    whose deletion tells that the lockout was lifted. Axes also deletes records of lockouts that expired, and of
    the few failures before a successful login."""
    group = _current(AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address))
    failures = group.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
    if failures < settings.AXES_FAILURE_LIMIT:
        return False
    return group.order_by("pk").values_list("pk", flat=True).first() == attempt.pk
