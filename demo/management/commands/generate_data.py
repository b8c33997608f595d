"""Synthetic data at scale for benchmarks: `generate_data --trajectories 1000000 --seed 7`.

Everything is written in chunks with PostgreSQL's COPY (one executemany INSERT on SQLite), so
memory stays flat and a million trajectories take minutes. The data follows the
demo's shape (DESIGN.md): partnerships with schools, one pilot each with a team and a klasje,
trajectories in every state over five school years, each with a parent's consent for support in
class in the ledger (and for sharing at a referral, for a placement), about eight contact moments per
started trajectory, referrals and placements, and the follow-ups of completed and referred trajectories (most
of those due three weeks ago answered). Names are synthetic (Kind 123 Synthetisch).
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, Role
from dashboards import summary
from demo.bulk import RowWriter, reset_sequences
from partners.models import HolidayRegion, Municipality, Partnership, School, SchoolType
from pilots.models import DayPart, GroupArrangement, Pilot, PilotSchool
from trajecten import followups
from trajecten.models import (
    CODE_ALPHABET,
    DEFAULT_CONCERN_AREAS,
    Child,
    ConcernArea,
    ConsentEntry,
    ContactMoment,
    FollowUp,
    FollowUpMoment,
    GroupPlacement,
    Guardian,
    HowItGoes,
    Referral,
    StatusChange,
    Trajectory,
)
from trajecten.states import Status

CHUNK = 20_000
SCHOOLS_PER_PARTNERSHIP = 40
TRAJECTORIES_PER_PARTNERSHIP = 7_000
KINDS = ["observatie", "gesprek_leerkracht", "gesprek_ouders", "mdo", "consultatie", "groepsbijeenkomst"]
HELP = ["sbo", "sbo", "so", "specialistische_jeugdhulp", "ggz", "mkd", "wijkteam"]
OUTCOMES = ["leerkracht_verder", "doel_bereikt", "passende_plek", "mkd_voorkomen"]
ANSWERS = [*[HowItGoes.WELL] * 6, HowItGoes.LIGHT_SUPPORT, HowItGoes.LIGHT_SUPPORT, HowItGoes.NEW_REGISTRATION,
           HowItGoes.REFERRAL_NOT_STARTED]


class Command(BaseCommand):
    help = "Maakt synthetische gegevens voor metingen (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--trajectories", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, trajectories, seed, **options):
        started = time.monotonic()
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.first_day = datetime.date(self.today.year - 5 if self.today.month >= 8 else self.today.year - 6, 8, 20)
        for order, name in enumerate(DEFAULT_CONCERN_AREAS, start=1):
            ConcernArea.objects.get_or_create(name=name, defaults={"order": order})
        self.areas = list(ConcernArea.objects.values_list("pk", flat=True))
        count = max(1, min(150, round(trajectories / TRAJECTORIES_PER_PARTNERSHIP)))
        with transaction.atomic():
            networks = [self.network(seed, index) for index in range(count)]
        self.seed = seed
        through = Trajectory.concern_areas.through
        placement_through = GroupPlacement.day_parts.through
        models = {"child": Child, "trajectory": Trajectory, "guardians": Guardian, "consent": ConsentEntry,
                  "links": through, "changes": StatusChange,
                  "moments": ContactMoment, "referrals": Referral, "placements": GroupPlacement,
                  "placement_parts": placement_through, "follow_ups": FollowUp}
        written = 0
        while written < trajectories:
            size = min(CHUNK, trajectories - written)
            with transaction.atomic():
                writers = {key: RowWriter(model) for key, model in models.items()}
                self.chunk(networks, size, writers)
                for writer in writers.values():  # parents before the rows that refer to them
                    writer.flush()
                reset_sequences(*models.values())
            written += size
            self.stdout.write(f"{written} trajecten ({time.monotonic() - started:.0f} s)")
        summary_started = time.monotonic()
        summary.rebuild_all()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # Statistics for the planner, and the visibility map, without which an index-only scan (the
                # caseload's covering index) still visits every row's page: a bulk load leaves neither,
                # and autovacuum may be off or far behind.
                cursor.execute("VACUUM (ANALYZE)")
            else:
                cursor.execute("ANALYZE")  # the planner's statistics, for tables that just grew a lot
        self.stdout.write(f"maandcijfers voor de dashboards ({time.monotonic() - summary_started:.0f} s)")
        self.stdout.write(self.style.SUCCESS(
            f"{trajectories} trajecten in {count} samenwerkingsverbanden, {time.monotonic() - started:.0f} s."
        ))

    def network(self, seed, index):
        """One synthetic partnership: schools, a pilot with a team and a klasje, an IB-er per school."""
        tag = f"S{seed}-{index}"
        partnership = Partnership.objects.create(name=f"Synthetisch samenwerkingsverband {tag}", region="synthetisch")
        municipalities = Municipality.objects.order_by("code")
        municipality = municipalities[(seed + index) % municipalities.count()]
        schools = School.objects.bulk_create(
            School(name=f"Synthetische school {tag}-{n}", brin_code=self.brin(seed, index, n),
                   school_type=SchoolType.BASISSCHOOL, partnership=partnership, municipality=municipality,
                   holiday_region=HolidayRegion.values[index % 3])
            for n in range(SCHOOLS_PER_PARTNERSHIP)
        )
        pilot = Pilot.objects.create(partnership=partnership, name=f"Pilot {tag}", municipalities=municipality.name,
                                     aim="Synthetische pilot voor metingen.")
        PilotSchool.objects.bulk_create(PilotSchool(pilot=pilot, school=school, hours_per_week=4,
                                                    start_date=self.first_day) for school in schools)
        klasje = GroupArrangement.objects.create(pilot=pilot, name=f"Klasje {tag}", capacity=8)
        DayPart.objects.bulk_create([DayPart(arrangement=klasje, weekday=2, part="ochtend"),
                                     DayPart(arrangement=klasje, weekday=4, part="ochtend")])
        User = get_user_model()
        password = getattr(self, "password", None) or make_password(None)
        self.password = password
        users = User.objects.bulk_create(
            [User(username=f"synth-coach-{tag}-{n}", password=password) for n in range(5)]
            + [User(username=f"synth-ib-{tag}-{n}", password=password) for n in range(SCHOOLS_PER_PARTNERSHIP)]
        )
        coaches, ibs = users[:5], users[5:]
        Membership.objects.bulk_create(
            [Membership(user=coach, role=Role.COACH, pilot=pilot) for coach in coaches]
            + [Membership(user=ib, role=Role.IB, school=school) for ib, school in zip(ibs, schools, strict=True)]
        )
        return {"pilot": pilot, "schools": schools, "coaches": [u.pk for u in coaches], "ibs": [u.pk for u in ibs],
                "klasje": klasje,
                "day_parts": list(klasje.day_parts.all()), "tag": tag}

    @staticmethod
    def brin(seed, index, number):
        letters = "ABCDEFGHJKLMNPRSTVWXYZ"
        value = (seed * 7919 + index) * SCHOOLS_PER_PARTNERSHIP + number
        return (f"{value % 100:02d}{letters[value // 100 % 22]}{letters[value // 2200 % 22]}"
                f"{value // 48400 % 100:02d}")

    def chunk(self, networks, size, writers):
        """`size` children with a trajectory each, and everything that hangs off them, as plain rows."""
        rng, today, span = self.rng, self.today, (self.today - self.first_day).days
        tz = timezone.get_current_timezone()
        areas = self.areas
        children, trajectories, links = writers["child"], writers["trajectory"], writers["links"]
        changes, moments, referrals = writers["changes"], writers["moments"], writers["referrals"]
        placements, placement_parts = writers["placements"], writers["placement_parts"]
        guardians, consent = writers["guardians"], writers["consent"]
        follow_ups = writers["follow_ups"]
        for _number in range(size):
            network = networks[rng.randrange(len(networks))]
            school_index = rng.randrange(len(network["schools"]))
            school_id = network["schools"][school_index].pk
            registered = self.first_day + datetime.timedelta(days=rng.randrange(span))
            group = rng.choice("12345678")
            child_pk = children.next_pk
            children.add(
                id=child_pk, code=synthetic_code(self.seed, child_pk), given_name="Kind",
                family_name=f"{child_pk} Synthetisch", group=group, school_id=school_id,
                date_of_birth=datetime.date(registered.year - int(group) - 4, 1, 1)
                + datetime.timedelta(days=rng.randrange(360)),
            )
            waiting, duration = rng.randint(2, 40), rng.randint(20, 220)
            start, end = registered + datetime.timedelta(days=waiting), None
            status, outcome, coach = Status.REGISTERED, "", None
            roll = rng.random()
            if roll < 0.05:
                status, start = Status.WITHDRAWN, None
                end = min(today, registered + datetime.timedelta(days=rng.randint(1, waiting)))
            elif start <= today:
                status, coach = Status.ACTIVE, rng.choice(network["coaches"])
                if start + datetime.timedelta(days=duration) < today:
                    end = start + datetime.timedelta(days=duration)
                    status = Status.COMPLETED if roll < 0.6 else Status.REFERRED if roll < 0.9 else Status.WITHDRAWN
                    outcome = rng.choice(OUTCOMES) if status == Status.COMPLETED else ""
            else:
                start = None
            ib = network["ibs"][school_index]
            registered_at = datetime.datetime.combine(
                registered, datetime.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=tz)
            updated_by = coach or ib
            trajectory = trajectories.add(
                child_id=child_pk, school_id=school_id, pilot_id=network["pilot"].pk, status=status,
                registered_by_id=ib, updated_by_id=updated_by, registered_at=registered_at,
                teacher_name="Leerkracht", help_request="Synthetische hulpvraag.", tried_already="Synthetisch.",
                coach_id=coach, start_date=start, end_date=end, outcome=outcome,
                urgency="spoed" if rng.random() < 0.1 else "normaal", help_involved=[],
            )
            # One parent with gezag consented to support in class when the child was registered (the ledger).
            guardian = guardians.add(trajectory_id=trajectory, name="Ouder Synthetisch", relation="moeder",
                                     has_authority=True, cannot_be_asked=False, cannot_be_asked_reason="",
                                     created_by_id=ib, created_at=registered_at)
            consent.add(guardian_id=guardian, purpose="ondersteuning", action="gegeven", on=registered,
                        method="schriftelijk", recorded_by_id=ib, recorded_at=registered_at)
            for area in rng.sample(areas, rng.randint(1, 2)):
                links.add(trajectory_id=trajectory, concernarea_id=area)
            changes.add(trajectory_id=trajectory, from_status="", to_status=Status.REGISTERED,
                        changed_by_id=ib, changed_at=registered_at, reason="")
            if start:
                changes.add(trajectory_id=trajectory, from_status=Status.REGISTERED, to_status=Status.ACTIVE,
                            changed_by_id=coach, reason="",
                            changed_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=tz))
                last = end or today
                for number in range(8):
                    moments.add(
                        trajectory_id=trajectory, kind=KINDS[number % len(KINDS)], minutes=30 + 15 * (number % 4),
                        date=start + datetime.timedelta(
                            days=min((last - start).days, number * 10 + rng.randint(0, 6))),
                        note="Synthetisch verslag.", shared_with_school=number % 2 == 0, created_by_id=coach,
                    )
            if end:
                changes.add(trajectory_id=trajectory, from_status=Status.ACTIVE if start else Status.REGISTERED,
                            to_status=status, changed_by_id=updated_by, reason="",
                            changed_at=datetime.datetime.combine(end, datetime.time(15), tzinfo=tz))
            if status == Status.REFERRED:
                referrals.add(trajectory_id=trajectory, help_kind=rng.choice(HELP), date=end, note="",
                              organisation_id=None)
                consent.add(guardian_id=guardian, purpose="delen", action="gegeven", on=registered,
                            method="schriftelijk", recorded_by_id=ib, recorded_at=registered_at)
            if status in followups.FOLLOWED_UP:
                for moment in FollowUpMoment.values:
                    due = followups.months_after(end, moment)
                    answered = due < today - datetime.timedelta(days=21) and rng.random() < 0.8
                    follow_ups.add(
                        trajectory_id=trajectory, moment=moment, due_date=due,
                        answer=rng.choice(ANSWERS) if answered else "", asked=["leerkracht"] if answered else [],
                        asked_on=due if answered else None, note="Synthetische nazorg." if answered else "",
                        answered_by_id=coach if answered else None,
                        answered_at=datetime.datetime.combine(due, datetime.time(14), tzinfo=tz) if answered else None,
                    )
            if start and rng.random() < 0.02:
                consent.add(guardian_id=guardian, purpose="groepsarrangement", action="gegeven", on=registered,
                            method="schriftelijk", recorded_by_id=ib, recorded_at=registered_at)
                placement = placements.add(trajectory_id=trajectory, arrangement_id=network["klasje"].pk,
                                           start_date=start, end_date=end, created_by_id=coach)
                placement_parts.add(groupplacement_id=placement, daypart_id=network["day_parts"][0].pk)


def synthetic_code(seed, number):
    """A pseudonymous code that no other synthetic child has: the seed and the key, in the code's alphabet."""
    value, letters = seed * 10**12 + number, []
    for _position in range(10):
        value, digit = divmod(value, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "K-" + "".join(reversed(letters))
