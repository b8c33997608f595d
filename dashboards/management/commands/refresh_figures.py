from base.jobs import JobCommand
from dashboards import summary
from pilots.models import Pilot


class Command(JobCommand):
    help = (
        "Bouwt de maandcijfers van de dashboards opnieuw op uit de trajecten: met --stale alleen de maanden die "
        "een wijziging verouderd maakte (elke minuut, op een timer), zonder: alles (na een import of upgrade)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="alleen pilots waarvan iets is veranderd")

    def waits_for_lock(self, *, stale, **options):
        # The full rebuild is started by hand (after an import or upgrade): it waits for the minute's run.
        return not stale

    def run(self, *, stale, **options):
        if stale:
            summary.refresh_stale(Pilot.objects.all())
        else:
            summary.rebuild_all()
