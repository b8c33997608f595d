from django.conf import settings

from base.jobs import JobCommand
from trajecten import retention


class Command(JobCommand):
    help = (
        "Anonimiseert kinderen van wie het laatste traject langer dan de bewaartermijn geleden is afgesloten, "
        "en verwijdert regels uit het toegangslog die ouder zijn dan vijf jaar. Bedoeld als nachtelijke taak."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.RETENTION_MONTHS,
                            help="bewaartermijn na afsluiten, in maanden (standaard %(default)s)")
        parser.add_argument("--log-years", type=int, default=settings.ACCESS_LOG_RETENTION_YEARS,
                            help="bewaartermijn van het toegangslog, in jaren (standaard %(default)s)")
        parser.add_argument("--dry-run", action="store_true", help="alleen tellen, niets wijzigen")

    def run(self, *, months, log_years, dry_run, **options):
        children = retention.children_due(months)
        log_rows = retention.expired_log_rows(log_years)
        if dry_run:
            self.stdout.write(
                f"Proefdraai: {children.count()} kinderen zouden worden geanonimiseerd en "
                f"{log_rows.count()} regels uit het toegangslog verwijderd. Er is niets gewijzigd."
            )
            return
        anonymised = retention.anonymise(children)
        removed = retention.remove_expired_log_rows(log_years)
        self.stdout.write(f"{anonymised} kinderen geanonimiseerd, {removed} regels uit het toegangslog verwijderd.")
