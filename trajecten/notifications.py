"""Telling people what changed for them: a notification per user and trajectory, mailed within the minute
(`send_notifications`) or in the day's digest (`send_notifications --digest`), as each user chose; and the
'nieuw' marks on lists and the timeline, from when the user last opened the trajectory.

A mail holds links and what kind of change it was, never a child's data: mail leaves the portal's protection.
"""

import datetime
import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, NotificationFrequency, Role
from base import places

from .models import ContactMoment, Notification, NotificationKind, Trajectory, Visit

logger = logging.getLogger(__name__)

# A trajectory the user never opened is new to them while it changed within this many days.
NEW_FOR_DAYS = 30


def _pilot_and_above(pilot):
    """The pilot and the pilots above it (a sub-pilot's parent, and its parent), nearest first."""
    chain = []
    while pilot is not None:
        chain.append(pilot)
        pilot = pilot.parent
    return chain


def registration_recipients(pilot):
    """Who learns of a new registration in `pilot`: its coördinators, its responsible kernteamlid (lead) and,
    for a sub-pilot, the coördinators of the pilots above it (issue 17)."""
    coordinators = Membership.objects.filter(pilot__in=_pilot_and_above(pilot), role=Role.COORDINATOR).values("user")
    return get_user_model().objects.filter(Q(pk__in=coordinators) | Q(pk=pilot.lead_id))


def notify_new_registration(trajectory, *, by):
    """The coördinators above the pilot and its lead learn of a new registration."""
    notify(registration_recipients(trajectory.pilot), trajectory, NotificationKind.REGISTERED, by=by)


def told_of_registration(trajectory):
    """Who was actually told of the registration (the Notification rows), with the role they were told in:
    what the confirmation page says, and nothing more."""
    pilot = trajectory.pilot
    chain = _pilot_and_above(pilot)
    names = {p.pk: p.name for p in chain}
    nearness = {p.pk: distance for distance, p in enumerate(chain)}
    told_ids = Notification.objects.filter(trajectory=trajectory, kind=NotificationKind.REGISTERED).values("user")
    # The nearest pilot of the chain each one coordinates: the reason they were told.
    coordinating = {}
    for user_id, pilot_id in Membership.objects.filter(
            role=Role.COORDINATOR, user__in=told_ids, pilot__in=chain).values_list("user_id", "pilot_id"):
        if nearness[pilot_id] < nearness.get(coordinating.get(user_id), len(chain)):
            coordinating[user_id] = pilot_id
    told = []
    for user in get_user_model().objects.filter(pk__in=told_ids).order_by("first_name", "last_name", "pk"):
        if user.pk in coordinating:
            role = _("coördinator van %(pilot)s") % {"pilot": names[coordinating[user.pk]]}
        else:
            role = _("verantwoordelijk kernteamlid van %(pilot)s") % {"pilot": pilot.name}
        told.append((user.get_full_name() or user.get_username(), role))
    return told


def notify_coach(trajectory, *, by):
    """A coach learns that a trajectory became theirs (unless they took it themselves)."""
    notify(get_user_model().objects.filter(pk=trajectory.coach_id), trajectory, NotificationKind.ASSIGNED, by=by)


def notify_school(trajectory, *, by):
    """The place's intern begeleiders (at a kinderopvang: its pedagogisch medewerkers) learn that one of their
    registrations changed status."""
    ib_ers = Membership.objects.filter(school=trajectory.school_id, role=Role.IB).values("user")
    notify(get_user_model().objects.filter(pk__in=ib_ers), trajectory, NotificationKind.STATUS, by=by)


def notify(users, trajectory, kind, *, by):
    """Records the notification for each active user but the one who made the change (and who wants no mail).
    The mail goes out with `send_notifications`, a job each node's timer starts every minute: no request
    waits for a mail server."""
    recipients = list(
        users.filter(is_active=True).exclude(pk=getattr(by, "pk", None))
        .exclude(preferences__notifications=NotificationFrequency.NONE).values_list("pk", flat=True)
    )
    if not recipients:
        return
    Notification.objects.bulk_create(
        Notification(user_id=user_id, trajectory=trajectory, kind=kind) for user_id in recipients
    )


def portal_base():
    """Where the links in a mail point: PORTAL_BASE_URL (send_notifications warns when it is not set)."""
    return (settings.PORTAL_BASE_URL or "http://localhost:8000").rstrip("/")


def wants_mail(frequency):
    """Users who chose `frequency`; those who chose nothing get mail at once."""
    chosen = Q(preferences__notifications=frequency)
    return chosen | Q(preferences__isnull=True) if frequency == NotificationFrequency.IMMEDIATE else chosen


def send_digests(base, *, frequency=NotificationFrequency.DAILY):
    """Sends each user who chose `frequency` one mail with everything not yet mailed. Returns the number of
    mails sent and of users whose mail failed: theirs stay unsent for the next run."""
    pending = Notification.objects.filter(mailed_at__isnull=True).values("user")
    users = get_user_model().objects.filter(wants_mail(frequency), pk__in=pending, is_active=True).exclude(email="")
    sent = failed = 0
    for user in users:
        try:
            sent += send_pending(user, base, digest=frequency == NotificationFrequency.DAILY)
        except (OSError, SMTPException):
            logger.exception("mail with notifications to user %s failed", user.pk)
            failed += 1
    return sent, failed


def send_pending(user, base, *, digest=False):
    """One mail with the user's unsent notifications; they count as sent only if the mail went out."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True).filter(user=user, mailed_at__isnull=True)
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(mailed_at=timezone.now())
        # Only what the user may still open: a role given up since (another school, another pilot) ends it.
        place_types = dict(Trajectory.objects.restrict(user).filter(pk__in=[n.trajectory_id for n in pending])
                           .values_list("pk", "school__school_type"))
        pending = [notification for notification in pending if notification.trajectory_id in place_types]
        if not pending:
            return 0
        compose(user, pending, base, digest=digest, place_types=place_types).send()
    return 1


def what_changed(notification, school_type):
    """The line of a mail about `notification`, in the words of the trajectory's place."""
    if notification.kind == NotificationKind.STATUS:
        return _("De status van een aanmelding van uw %(place)s is veranderd") % {
            "place": places.words_for(school_type).place,
        }
    return notification.get_kind_display()


def compose(user, notifications, base, *, digest, place_types):
    """The mail; `place_types` holds each trajectory's school_type, for the words of its place."""
    seen = set()
    lines = []
    for notification in notifications:
        if (notification.kind, notification.trajectory_id) in seen:
            continue
        seen.add((notification.kind, notification.trajectory_id))
        link = base + reverse("trajecten:detail", args=[notification.trajectory_id])
        lines.append(f"- {what_changed(notification, place_types[notification.trajectory_id])}:\n  {link}")
    if digest:
        subject = _("KID-portaal: uw meldingen van vandaag")
    elif len(lines) == 1:
        first = notifications[0]
        subject = _("KID-portaal: %s") % what_changed(first, place_types[first.trajectory_id]).lower()
    else:
        subject = ngettext("KID-portaal: %(count)s melding", "KID-portaal: %(count)s meldingen", len(lines)) % {
            "count": len(lines),
        }
    body = "\n\n".join([
        _("Beste %(name)s,") % {"name": user.first_name or user.username},
        _("In het KID-portaal is iets veranderd dat u aangaat (inloggen nodig):"),
        "\n".join(lines),
        _("Deze e-mail bevat bewust geen gegevens over het kind. U kiest zelf of u meldingen direct, één keer per "
          "dag of niet per e-mail krijgt: %(link)s") % {"link": base + reverse("preferences")},
    ])
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def mark_new(trajectories, user):
    """Sets `is_new` on a page of trajectories: since the user last opened it (never opened: in the last
    NEW_FOR_DAYS days), someone else changed it or wrote a contact moment the user may read. Two queries."""
    keys = [trajectory.pk for trajectory in trajectories]
    seen = dict(Visit.objects.filter(user=user, trajectory__in=keys).values_list("trajectory", "seen_at"))
    written = dict(
        ContactMoment.objects.restrict(user).filter(trajectory__in=keys).exclude(created_by=user)
        .values("trajectory").annotate(last=Max("created_at")).values_list("trajectory", "last")
    )
    recent = timezone.now() - datetime.timedelta(days=NEW_FOR_DAYS)
    for trajectory in trajectories:
        last_seen = seen.get(trajectory.pk, recent)
        changed = trajectory.updated_by_id != user.pk and trajectory.updated_at > last_seen
        trajectory.is_new = changed or written.get(trajectory.pk, recent) > last_seen


def record_visit(trajectory, user):
    """Remembers that `user` opens the trajectory now; returns from when on what others wrote is new to them:
    their previous visit, or for a first visit the last NEW_FOR_DAYS days."""
    visits = Visit.objects.filter(user=user, trajectory=trajectory)
    before = visits.values_list("seen_at", flat=True).first()
    if before is None:  # the first visit; an upsert, as another tab may make it at the same time
        Visit.objects.bulk_create(
            [Visit(user=user, trajectory=trajectory, seen_at=timezone.now())],
            update_conflicts=True, unique_fields=["user", "trajectory"], update_fields=["seen_at"],
        )
    else:
        visits.update(seen_at=timezone.now())
    return before or timezone.now() - datetime.timedelta(days=NEW_FOR_DAYS)
