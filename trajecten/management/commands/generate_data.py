"""Synthetic data at scale for benchmarks: `generate_data --trajectories 1000000 --seed 7`.

Everything is written with bulk inserts in chunks, so memory stays flat. The data follows the
demo's shape (DESIGN.md): partnerships with schools, one pilot each with a team and a klasje,
trajectories in every state over five school years, about eight contact moments per started
trajectory, referrals and placements. Names are synthetic (Kind 123 Synthetisch).
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from partners.models import Partnership, School, SchoolType
from pilots.models import DayPart, GroupArrangement, Pilot, PilotSchool
from trajecten.models import (
    DEFAULT_CONCERN_AREAS,
    Child,
    ConcernArea,
    ContactMoment,
    GroupPlacement,
    Referral,
    StatusChange,
    Trajectory,
)
from trajecten.workflow import Status

CHUNK = 20_000
SCHOOLS_PER_PARTNERSHIP = 40
TRAJECTORIES_PER_PARTNERSHIP = 7_000
KINDS = ["observatie", "gesprek_leerkracht", "gesprek_ouders", "mdo", "consultatie", "groepsbijeenkomst"]
HELP = ["sbo", "sbo", "so", "specialistische_jeugdhulp", "ggz", "mkd", "wijkteam"]
OUTCOMES = ["leerkracht_verder", "doel_bereikt", "passende_plek", "mkd_voorkomen"]


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
        written = 0
        while written < trajectories:
            size = min(CHUNK, trajectories - written)
            with transaction.atomic():
                self.chunk(networks, size, written)
            written += size
            self.stdout.write(f"{written} trajecten ({time.monotonic() - started:.0f} s)")
        self.stdout.write(self.style.SUCCESS(
            f"{trajectories} trajecten in {count} samenwerkingsverbanden, {time.monotonic() - started:.0f} s."
        ))

    def network(self, seed, index):
        """One synthetic partnership: schools, a pilot with a team and a klasje, an IB-er per school."""
        tag = f"S{seed}-{index}"
        partnership = Partnership.objects.create(name=f"Synthetisch samenwerkingsverband {tag}", region="synthetisch")
        schools = School.objects.bulk_create(
            School(name=f"Synthetische school {tag}-{n}", brin_code=self.brin(seed, index, n),
                   school_type=SchoolType.BASISSCHOOL, partnership=partnership, municipality=f"Gemeente {tag}")
            for n in range(SCHOOLS_PER_PARTNERSHIP)
        )
        pilot = Pilot.objects.create(partnership=partnership, name=f"Pilot {tag}", municipalities=f"Gemeente {tag}",
                                     aim="Synthetische pilot voor metingen.")
        PilotSchool.objects.bulk_create(PilotSchool(pilot=pilot, school=school, hours_per_week=4) for school in schools)
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
        return {"pilot": pilot, "schools": schools, "coaches": coaches, "ibs": ibs, "klasje": klasje,
                "day_parts": list(klasje.day_parts.all()), "tag": tag}

    @staticmethod
    def brin(seed, index, number):
        letters = "ABCDEFGHJKLMNPRSTVWXYZ"
        value = (seed * 7919 + index) * SCHOOLS_PER_PARTNERSHIP + number
        return (f"{value % 100:02d}{letters[value // 100 % 22]}{letters[value // 2200 % 22]}"
                f"{value // 48400 % 100:02d}")

    def chunk(self, networks, size, offset):
        rng, today = self.rng, self.today
        span = (today - self.first_day).days
        children, plans = [], []
        for number in range(offset, offset + size):
            network = networks[number % len(networks)]
            school_index = rng.randrange(len(network["schools"]))
            registered = self.first_day + datetime.timedelta(days=rng.randrange(span))
            group = rng.choice("12345678")
            children.append(Child(
                given_name="Kind", family_name=f"{number} Synthetisch", group=group,
                date_of_birth=registered.replace(year=registered.year - int(group) - 4, month=1, day=1)
                + datetime.timedelta(days=rng.randrange(360)),
                school=network["schools"][school_index],
            ))
            plans.append((network, school_index, registered))
        children = Child.objects.bulk_create(children, batch_size=5000)

        trajectories = []
        for child, (network, school_index, registered) in zip(children, plans, strict=True):
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
            trajectories.append(Trajectory(
                child=child, school=child.school, pilot=network["pilot"], status=status, registered_by=ib,
                updated_by=coach or ib, registered_at=timezone.make_aware(datetime.datetime.combine(
                    registered, datetime.time(rng.randint(8, 16), rng.randint(0, 59)))),
                teacher_name="Leerkracht", help_request="Synthetische hulpvraag.", tried_already="Synthetisch.",
                consent_given=True, consent_date=registered, consent_by="moeder", consent_purposes=["ondersteuning"],
                coach=coach, start_date=start, end_date=end,
                outcome=outcome, urgency="spoed" if rng.random() < 0.1 else "normaal",
            ))
        trajectories = Trajectory.objects.bulk_create(trajectories, batch_size=5000)

        by_pilot = {network["pilot"].pk: network for network in networks}
        through = Trajectory.concern_areas.through
        links, changes, moments, referrals, placements = [], [], [], [], []
        for trajectory in trajectories:
            for area in rng.sample(self.areas, rng.randint(1, 2)):
                links.append(through(trajectory_id=trajectory.pk, concernarea_id=area))
            registered_at = trajectory.registered_at
            changes.append(StatusChange(trajectory=trajectory, from_status="", to_status=Status.REGISTERED,
                                        changed_by_id=trajectory.registered_by_id, changed_at=registered_at))
            if trajectory.start_date:
                started_at = timezone.make_aware(datetime.datetime.combine(trajectory.start_date, datetime.time(9)))
                changes.append(StatusChange(trajectory=trajectory, from_status=Status.REGISTERED,
                                            to_status=Status.ACTIVE, changed_by_id=trajectory.coach_id,
                                            changed_at=started_at))
                last = trajectory.end_date or self.today
                for number in range(8):
                    day = trajectory.start_date + datetime.timedelta(
                        days=min((last - trajectory.start_date).days, number * 10 + rng.randint(0, 6)))
                    moments.append(ContactMoment(
                        trajectory=trajectory, date=day, kind=KINDS[number % len(KINDS)],
                        minutes=30 + 15 * (number % 4),
                        note="Synthetisch verslag.", shared_with_school=number % 2 == 0,
                        created_by_id=trajectory.coach_id,
                    ))
            if trajectory.end_date:
                changes.append(StatusChange(
                    trajectory=trajectory, from_status=Status.ACTIVE if trajectory.start_date else Status.REGISTERED,
                    to_status=trajectory.status, changed_by_id=trajectory.updated_by_id,
                    changed_at=timezone.make_aware(datetime.datetime.combine(trajectory.end_date, datetime.time(15))),
                ))
            if trajectory.status == Status.REFERRED:
                referrals.append(Referral(trajectory=trajectory, help_kind=rng.choice(HELP), date=trajectory.end_date))
            if trajectory.start_date and rng.random() < 0.02:
                network = by_pilot[trajectory.pilot_id]
                placements.append((GroupPlacement(
                    trajectory=trajectory, arrangement=network["klasje"], start_date=trajectory.start_date,
                    end_date=trajectory.end_date, created_by_id=trajectory.coach_id), network["day_parts"]))
        through.objects.bulk_create(links, batch_size=10000)
        StatusChange.objects.bulk_create(changes, batch_size=10000)
        ContactMoment.objects.bulk_create(moments, batch_size=10000)
        Referral.objects.bulk_create(referrals, batch_size=10000)
        created = GroupPlacement.objects.bulk_create([placement for placement, _parts in placements])
        day_links = GroupPlacement.day_parts.through
        day_links.objects.bulk_create(
            day_links(groupplacement_id=placement.pk, daypart_id=part.pk)
            for placement, (_placement, parts) in zip(created, placements, strict=True) for part in parts[:1]
        )
