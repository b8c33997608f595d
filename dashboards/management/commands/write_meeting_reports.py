import datetime
import time
from pathlib import Path

from django.core.management.base import CommandError

from base.jobs import JobCommand
from dashboards import meeting_report, periods
from partners.models import Partnership
from pilots.models import Pilot


def month_argument(value):
    try:
        day = datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise CommandError(f"--maand {value!r}: schrijf een maand als 2026-10.") from None
    return periods.month(day.year, day.month)


class Command(JobCommand):
    help = (
        "Schrijft het vergaderstuk (PDF) van een maand voor elk samenwerkingsverband met pilots in een map, met een "
        "regel per vergaderstuk (maandelijks, op een timer). Zonder --maand: de vorige maand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--map", dest="directory", required=True, type=Path,
                            help="de map voor de PDF's (wordt zo nodig gemaakt)")
        parser.add_argument("--maand", type=month_argument, help="de maand, bijvoorbeeld 2026-10")

    def run(self, *, directory, maand, **options):
        month = maand or periods.last_full_month()
        directory.mkdir(parents=True, exist_ok=True)
        # The stuurgroep's paper: every pilot of the partnership, suppressed as for the stuurgroep.
        pilots = Pilot.objects.all()
        partnerships = list(Partnership.objects.filter(pk__in=pilots.values("partnership_id")).order_by("name"))
        for number, partnership in enumerate(partnerships, start=1):
            started = time.monotonic()
            path = directory / meeting_report.filename(partnership, month)
            path.write_bytes(meeting_report.render_pdf(meeting_report.build(partnership, month, pilots)))
            self.stdout.write(f"{number}/{len(partnerships)} {partnership.name}, {month.label}: {path} "
                              f"({time.monotonic() - started:.1f} s)")
