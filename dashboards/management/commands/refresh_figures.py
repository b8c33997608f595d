import time

from django.core.management.base import BaseCommand

from dashboards import summary
from pilots.models import Pilot


class Command(BaseCommand):
    help = "Bouwt de maandcijfers van de dashboards opnieuw op uit de trajecten (alle pilots, of alleen verouderde)."

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="alleen pilots waarvan iets is veranderd")

    def handle(self, *args, stale, **options):
        started = time.monotonic()
        if stale:
            summary.refresh_stale(Pilot.objects.all())
        else:
            summary.rebuild_all()
        self.stdout.write(f"Maandcijfers bijgewerkt in {time.monotonic() - started:.1f} s.")
