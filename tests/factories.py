"""Small builders for test data: each makes one thing with sensible defaults."""

import datetime
import io
import itertools
from contextlib import contextmanager

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from accounts.models import Membership, Role
from partners.models import Municipality, Organisation, OrganisationKind, Partnership, School, SchoolType
from pilots.models import Pilot, PilotSchool
from trajecten import consent, workflow
from trajecten.models import Child, ConcernArea, ConsentAction, ConsentEntry, Trajectory
from trajecten.states import Status

PASSWORD = "geheim-wachtwoord-42"
LONG_AGO = datetime.date(2010, 8, 1)
_counter = itertools.count(1)


def _next():
    return next(_counter)


@contextmanager
def committed():
    """What follows a request in production, run at the end of the block: its commit (tests live inside one
    transaction that never commits, so its on-commit work is run here) and the next run of the jobs on the
    timer that rebuild the dashboards' stale months and send the notifications."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    run_timer_jobs()


def run_timer_jobs():
    call_command("refresh_figures", "--stale", stdout=io.StringIO())
    call_command("send_notifications", stdout=io.StringIO(), stderr=io.StringIO())


def make_partnership(name=None):
    return Partnership.objects.create(name=name or f"Samenwerkingsverband {_next()}")


def make_organisation(kind=OrganisationKind.YOUTH_CARE, name=None):
    return Organisation.objects.create(name=name or f"Organisatie {_next()}", kind=kind)


def make_school(partnership, name=None, school_type=SchoolType.BASISSCHOOL, municipality="Rotterdam"):
    number = _next()
    letters = chr(65 + number // 26 % 26) + chr(65 + number % 26)
    return School.objects.create(
        name=name or f"Basisschool {number}",
        brin_code=f"{number % 100:02d}{letters}{number // 100 % 100:02d}",
        school_type=school_type,
        partnership=partnership,
        municipality=Municipality.objects.get(name=municipality),
    )


def make_pilot(partnership, schools=(), name=None):
    pilot = Pilot.objects.create(
        partnership=partnership, name=name or f"Pilot {_next()}", municipalities="Rotterdam",
        aim="Kinderen sneller op de passende plek.",
    )
    for school in schools:
        join(pilot, school)
    return pilot


def join(pilot, school, *, start=LONG_AGO, end=None, hours_per_week=4):
    """The school's membership of the pilot, from `start` (long before any test's dates) to `end` (open)."""
    return PilotSchool.objects.create(pilot=pilot, school=school, hours_per_week=hours_per_week, start_date=start,
                                      end_date=end)


def make_user(username=None, *, role=None, password=PASSWORD, **place):
    user = User.objects.create_user(
        username=username or f"gebruiker{_next()}", password=password,
        first_name="Test", last_name=(username or "gebruiker").capitalize(),
        email=f"{username or _next()}@example.org",
    )
    if role is not None:
        Membership.objects.create(user=user, role=role, **place)
    return user


def make_child(school, **fields):
    defaults = {
        "given_name": "Noor", "family_name": f"Jansen{_next()}",
        "date_of_birth": timezone.localdate() - datetime.timedelta(days=int(7.5 * 365)),
        "group": "3",
    }
    defaults.update(fields)
    return Child.objects.create(school=school, **defaults)


def make_trajectory(ib, school, pilot, *, child=None, status=Status.REGISTERED, coach=None, started=None, ended=None,
                    consent_given=True, consent_purposes=("ondersteuning",), guardians=("moeder",), consent_on=None,
                    **fields):
    """A registration; with the consent of `guardians` (relations, each with gezag) for `consent_purposes`, given
    on `consent_on` (30 days ago by default, or on the start when that was earlier), unless consent_given=False;
    taken on to `status` (advance) with `started` and `ended`."""
    trajectory = Trajectory(
        child=child or make_child(school), school=school, pilot=pilot,
        help_request="Kan zich slecht concentreren in de kring.", tried_already="Vaste plek naast de juf.",
        **{"teacher_name": "Juf Fatima", **fields},
    )
    workflow.register(trajectory, by=ib)
    trajectory.concern_areas.add(ConcernArea.objects.get_or_create(name="gedrag", defaults={"order": 1})[0])
    if consent_given:
        if consent_on is None:
            consent_on = timezone.localdate() - datetime.timedelta(days=30)
            first_step = started or (ended - datetime.timedelta(days=20) if ended else None)
            consent_on = min(consent_on, first_step) if first_step else consent_on
        for relation in guardians:
            give_consent(trajectory, relation, consent_purposes, by=ib, on=consent_on)
    if status != Status.REGISTERED:
        advance(trajectory, status, by=coach or ib, coach=coach, started=started, ended=ended)
    return trajectory


def give_consent(trajectory, relation, purposes, *, by, on=None, has_authority=True, name=None):
    """A guardian (new, or the trajectory's guardian with this relation) gives consent for `purposes` on `on`."""
    guardian = trajectory.guardians.filter(relation=relation).first() or consent.add_guardian(
        trajectory, name=name or f"{relation.capitalize()} Jansen", relation=relation, has_authority=has_authority,
        by=by)
    consent.write_given(guardian, purposes, on=on or timezone.localdate() - datetime.timedelta(days=30),
                        method="schriftelijk", by=by)
    return guardian


def withdraw_consent(guardian, purposes, *, by, on=None):
    ConsentEntry.objects.bulk_create([
        ConsentEntry(guardian=guardian, purpose=purpose, action=ConsentAction.WITHDRAWN,
                     on=on or timezone.localdate(), recorded_by=by)
        for purpose in purposes
    ])


def advance(trajectory, status, *, by, coach=None, started=None, ended=None):
    """Takes a registered trajectory through the workflow to `status`, as a coach would: started 20 days ago and
    closed today, unless `started` and `ended` say otherwise; a start waits for consent given later."""
    today = timezone.localdate()
    ended = ended or today
    if status == Status.WITHDRAWN:
        return workflow.perform(trajectory, "withdraw", by=by, version=trajectory.version, reason="Verhuisd.",
                                changes={"end_date": ended})
    coach = coach or make_user(role=Role.COACH, pilot=trajectory.pilot)
    start = started or ended - datetime.timedelta(days=20)
    if not consent.holds(trajectory, "ondersteuning", start):  # consent given later: start on the last day
        start = ended
    workflow.perform(trajectory, "start", by=by, version=trajectory.version, changes={
        "coach": coach, "start_date": start,
    })
    if status == Status.COMPLETED:
        workflow.perform(trajectory, "complete", by=by, version=trajectory.version,
                         changes={"outcome": "doel_bereikt", "end_date": ended})
    elif status == Status.REFERRED:
        from trajecten.models import Referral

        # The parents consented to sharing data at referral, as the workflow requires.
        for guardian in trajectory.guardians.filter(has_authority=True):
            give_consent(trajectory, guardian.relation, ["delen"], by=by, on=start)
        workflow.perform(
            trajectory, "refer", by=by, version=trajectory.version, changes={"end_date": ended},
            referral=Referral(help_kind="sbo", date=ended),
        )
    return trajectory


class World:
    """Two samenwerkingsverbanden, each with a pilot, two schools and a user in every role."""

    def __init__(self):
        self.partnership_a = make_partnership("SWV Rotterdam")
        self.school_a1 = make_school(self.partnership_a, "De Regenboog")
        self.school_a2 = make_school(self.partnership_a, "Het Anker")
        self.school_a3 = make_school(self.partnership_a, "De Piramide (niet in de pilot)")
        self.pilot_a = make_pilot(self.partnership_a, [self.school_a1, self.school_a2], "KID")
        self.partnership_b = make_partnership("SWV Eemsdelta")
        self.school_b1 = make_school(self.partnership_b, "De Wilster")
        self.pilot_b = make_pilot(self.partnership_b, [self.school_b1], "Samen voor het Kind")

        self.ib_a1 = make_user("ib-a1", role=Role.IB, school=self.school_a1)
        self.ib_a2 = make_user("ib-a2", role=Role.IB, school=self.school_a2)
        self.coach_a = make_user("coach-a", role=Role.COACH, pilot=self.pilot_a)
        self.coordinator_a = make_user("coordinator-a", role=Role.COORDINATOR, pilot=self.pilot_a)
        self.stuurgroep_a = make_user("stuurgroep-a", role=Role.STUURGROEP, partnership=self.partnership_a)
        self.ib_b1 = make_user("ib-b1", role=Role.IB, school=self.school_b1)
        self.coach_b = make_user("coach-b", role=Role.COACH, pilot=self.pilot_b)
        self.coordinator_b = make_user("coordinator-b", role=Role.COORDINATOR, pilot=self.pilot_b)
        self.stuurgroep_b = make_user("stuurgroep-b", role=Role.STUURGROEP, partnership=self.partnership_b)
        self.beheerder = make_user("beheer", role=Role.BEHEERDER)
        for user in (self.coordinator_a, self.coordinator_b, self.beheerder):
            make_totp_device(user)


def make_klasje(pilot, capacity=2, max_day_parts=2, day_parts=((2, "ochtend"), (4, "ochtend"), (5, "ochtend"))):
    from pilots.models import DayPart, GroupArrangement

    arrangement = GroupArrangement.objects.create(
        pilot=pilot, name="Bovenschools klasje", capacity=capacity, max_day_parts_per_child=max_day_parts,
    )
    for weekday, part in day_parts:
        DayPart.objects.create(arrangement=arrangement, weekday=weekday, part=part)
    return arrangement


def make_totp_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)


def current_code(device):
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
