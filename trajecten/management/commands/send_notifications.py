import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import NotificationFrequency
from accounts.password_reset import send_reset_links
from base.jobs import JobCommand
from trajecten import notifications
from trajecten.models import Notification

KEEP_DAYS = 90


class Command(JobCommand):
    help = (
        "Verstuurt meldingen per e-mail. Zonder opties: aan wie ze direct wil en de gevraagde wachtwoordlinks "
        "(elke minuut, op een timer; ook wat bleef liggen toen de mailserver even weg was). Met --digest: het "
        "dagoverzicht voor wie dat koos, en "
        f"meldingen ouder dan {KEEP_DAYS} dagen gaan weg; één keer per dag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="het dagoverzicht versturen")

    def lock_name(self, *, digest, **options):
        # Each run sends to the users of its own frequency: the digest at 16:30 and the minute's run may overlap.
        return "send_notifications --digest" if digest else "send_notifications"

    def run(self, *, digest, **options):
        if not settings.PORTAL_BASE_URL:
            self.stderr.write("Let op: PORTAL_BASE_URL is niet gezet; de links in de e-mails wijzen naar "
                              f"{notifications.portal_base()}.")
        base = notifications.portal_base()
        if not digest:
            links, failed_links = send_reset_links(base)
            if links or failed_links:
                self.stdout.write(f"{links} e-mails met een wachtwoordlink verstuurd, {failed_links} niet (de volgende "
                                  "keer opnieuw).")
        frequency = NotificationFrequency.DAILY if digest else NotificationFrequency.IMMEDIATE
        sent, failed = notifications.send_digests(base, frequency=frequency)
        self.stdout.write(f"{sent} e-mails met meldingen verstuurd.")
        if failed:
            self.stderr.write(f"{failed} e-mails niet verstuurd (de mailserver antwoordde niet); de volgende keer "
                              "opnieuw.")
        if digest:
            removed, _per_model = Notification.objects.filter(
                created_at__lt=timezone.now() - datetime.timedelta(days=KEEP_DAYS),
            ).delete()
            self.stdout.write(f"{removed} oude meldingen verwijderd.")
