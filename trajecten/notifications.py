from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership, Role


def notify_new_registration(trajectory, request):
    """Mails the pilot's coördinators a link, never a name: mail leaves the portal's protection."""
    recipients = list(
        Membership.objects.filter(pilot=trajectory.pilot_id, role=Role.COORDINATOR, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    path = reverse("trajecten:detail", args=[trajectory.pk])
    link = f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}" if settings.PORTAL_BASE_URL else (
        request.build_absolute_uri(path)
    )
    subject = _("Nieuwe aanmelding voor %(pilot)s") % {"pilot": trajectory.pilot.name}
    body = _(
        "Er is een nieuwe aanmelding binnengekomen voor de pilot %(pilot)s.\n\n"
        "Bekijk de aanmelding in het KID-portaal (inloggen nodig):\n%(link)s\n\n"
        "Deze e-mail bevat bewust geen gegevens over het kind."
    ) % {"pilot": trajectory.pilot.name, "link": link}
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
