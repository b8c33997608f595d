"""Every URL of the project × every role × an object of the user's own and of another partnership.

A URL pattern added without a row here makes `test_every_url_has_a_row` fail. Objects of another
samenwerkingsverband are always 404 (never 403: their existence is not disclosed). The Django admin's
pages are covered as one group: only the functioneel beheerder gets in.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from partners.models import SchoolType
from pilots.models import Indicator
from tests.factories import World, join, make_klasje, make_school, make_trajectory
from trajecten import handovers
from trajecten.states import Status

ROLES = ["anonymous", "ib", "coach", "coordinator", "stuurgroep", "beheerder"]


def row(anonymous=302, ib=200, coach=200, coordinator=200, stuurgroep=200, beheerder=200):
    return dict(zip(ROLES, [anonymous, ib, coach, coordinator, stuurgroep, beheerder], strict=True))


EVERYONE = row()
TEAM_ONLY = row(ib=403, stuurgroep=403, beheerder=403)
NOT_FOUND = row(ib=404, coach=404, coordinator=404, stuurgroep=404, beheerder=404)
TRAJECTORY_READERS = row(stuurgroep=404, beheerder=404)
TEAM_ON_TRAJECTORY = row(ib=404, stuurgroep=404, beheerder=404)
REPORT_READERS = row(ib=403, coach=403)
POST_ONLY = row(ib=405, coach=405, coordinator=405, stuurgroep=405, beheerder=405)

# url name: (object kind or None, expected for an object of the user's own partnership, for another one)
MATRIX = {
    "health": (None, row(anonymous=200), None),
    "start": (None, row(ib=302, coach=302, coordinator=302, stuurgroep=302, beheerder=302), None),
    "login": (None, row(anonymous=200, ib=302, coach=302, coordinator=302, stuurgroep=302, beheerder=302), None),
    "logout": (None, row(anonymous=405, ib=405, coach=405, coordinator=405, stuurgroep=405, beheerder=405), None),
    "password_change": (None, EVERYONE, None),
    "password_change_done": (None, EVERYONE, None),
    "preferences": (None, EVERYONE, None),
    "password_reset": (None, row(anonymous=200), None),
    "password_reset_done": (None, row(anonymous=200), None),
    "password_reset_confirm": ("reset-link", row(anonymous=200), None),
    "password_reset_complete": (None, row(anonymous=200), None),
    "second_factor": (None, row(ib=302, coach=302, stuurgroep=302), None),
    "second_factor_setup": (None, row(coordinator=302, beheerder=302), None),
    "pilots:list": (None, EVERYONE, None),
    "pilots:detail": ("pilot", EVERYONE, row(ib=404, coach=404, coordinator=404, stuurgroep=404)),
    "trajecten:pilot_manage": ("pilot", row(ib=404, coach=404, stuurgroep=404, beheerder=404), NOT_FOUND),
    "pilots:indicators": ("pilot", row(ib=404, coach=404, stuurgroep=404, beheerder=404), NOT_FOUND),
    "pilots:indicator_values": ("pilot-indicator", row(ib=404, coach=404, stuurgroep=404, beheerder=404), NOT_FOUND),
    "trajecten:pilot_add_school": ("pilot", POST_ONLY, POST_ONLY),
    "trajecten:pilot_remove_school": ("pilot-school", POST_ONLY, POST_ONLY),
    "trajecten:pilot_add_coach": ("pilot", POST_ONLY, POST_ONLY),
    "trajecten:pilot_remove_coach": ("pilot-coach", POST_ONLY, POST_ONLY),
    "dashboards:dashboard": (None, REPORT_READERS, None),
    "dashboards:scope": (None, REPORT_READERS, None),
    "dashboards:hours": (None, REPORT_READERS, None),
    "dashboards:export_csv": (None, REPORT_READERS, None),
    "dashboards:export_xlsx": (None, REPORT_READERS, None),
    "dashboards:meeting_report": (None, REPORT_READERS, None),
    # Only a coördinator of one of the partnership's pilots writes the stuurgroep's decisions.
    "dashboards:meeting_minutes": ("partnership-month", row(ib=404, coach=404, stuurgroep=404, beheerder=404),
                                   NOT_FOUND),
    "audit:access_log": (None, row(ib=403, coach=403, coordinator=403, stuurgroep=403), None),
    "trajecten:register": (None, row(coach=403, coordinator=403, stuurgroep=403, beheerder=403), None),
    "trajecten:school_list": (None, row(coach=403, coordinator=403, stuurgroep=403, beheerder=403), None),
    "trajecten:queue": (None, TEAM_ONLY, None),
    "trajecten:caseload": (None, TEAM_ONLY, None),
    "trajecten:my_follow_ups": (None, TEAM_ONLY, None),
    "trajecten:list": (None, TEAM_ONLY, None),
    "trajecten:list_filters": (None, TEAM_ONLY, None),
    "trajecten:reassign": (None, row(ib=403, coach=403, stuurgroep=403, beheerder=403), None),
    "trajecten:detail": ("registered", TRAJECTORY_READERS, NOT_FOUND),
    "trajecten:confirmation": ("registered", TRAJECTORY_READERS, NOT_FOUND),
    "trajecten:correct": ("registered", row(coach=404, coordinator=404, stuurgroep=404, beheerder=404), NOT_FOUND),
    "trajecten:take": ("registered", POST_ONLY, POST_ONLY),
    "trajecten:assign": ("registered", POST_ONLY, POST_ONLY),
    "trajecten:contact_moment": ("active", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:placement": ("active", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:consent": ("active", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:consent_withdraw": ("active", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:transition": ("active-transition", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:inzage": ("registered", row(ib=404, coach=404, stuurgroep=404, beheerder=404), NOT_FOUND),
    "trajecten:inzage_json": ("registered", row(ib=404, coach=404, stuurgroep=404, beheerder=404), NOT_FOUND),
    "trajecten:arrangement_week": ("arrangement", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:follow_up": ("completed-follow-up", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:follow_ups": (None, row(ib=403, coach=403, stuurgroep=403, beheerder=403), None),
    "trajecten:hand_over": ("peuter", TEAM_ON_TRAJECTORY, NOT_FOUND),
    "trajecten:handovers": (None, row(stuurgroep=403, beheerder=403), None),
    "trajecten:handover": ("handover", TRAJECTORY_READERS, NOT_FOUND),
}
ADMIN = row(ib=302, coach=302, coordinator=302, stuurgroep=302)
# Login safety records are read, an authenticator app deleted (to reset it); never added by hand.
ADMIN_READ_ONLY_ADD = {"admin:axes_accessattempt_add", "admin:axes_accesslog_add", "admin:axes_accessfailurelog_add",
                       "admin:otp_totp_totpdevice_add"}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_url_has_a_row():
    names = {name for name, _pattern in url_names() if not name.startswith("admin:")}
    assert names == set(MATRIX), f"missing rows: {names - set(MATRIX)}; stale rows: {set(MATRIX) - names}"


class Objects:
    def __init__(self, world, partnership):
        suffix = "a" if partnership == "own" else "b"
        ib = getattr(world, f"ib_{suffix}1")
        school = getattr(world, f"school_{suffix}1")
        pilot = getattr(world, f"pilot_{suffix}")
        coach = getattr(world, f"coach_{suffix}")
        self.pilot = pilot
        self.school_link = pilot.school_links.first()
        self.indicator = Indicator.objects.create(pilot=pilot, name="Ervaren werkdruk", unit="cijfer 1-10")
        self.coach_membership = coach.memberships.get(pilot=pilot)
        self.registered = make_trajectory(ib, school, pilot)
        self.active = make_trajectory(ib, school, pilot, status=Status.ACTIVE, coach=coach)
        self.arrangement = make_klasje(pilot)
        # Closed 95 days ago: its follow-up at 3 months is due.
        self.completed = make_trajectory(ib, school, pilot, status=Status.COMPLETED, coach=coach,
                                         ended=timezone.localdate() - datetime.timedelta(days=95))
        # A peuter at a kinderopvang of the pilot, and one handed over from there to the user's school.
        opvang = make_school(pilot.partnership, f"Kinderopvang {suffix}", school_type=SchoolType.KINDEROPVANG)
        join(pilot, opvang, hours_per_week=2)
        self.peuter = make_trajectory(ib, opvang, pilot, consent_purposes=("ondersteuning", "overdracht"))
        handed = make_trajectory(ib, opvang, pilot, consent_purposes=("ondersteuning", "overdracht"))
        self.handover = handovers.hand_over(handed, to_school=school, date=timezone.localdate(), summary="Gaat goed.",
                                            facts=[], by=coach)

    def args(self, kind):
        return {
            "pilot": {"pk": self.pilot.pk},
            "pilot-school": {"pk": self.pilot.pk, "link_pk": self.school_link.pk},
            "pilot-indicator": {"pk": self.pilot.pk, "indicator_pk": self.indicator.pk},
            "pilot-coach": {"pk": self.pilot.pk, "membership_pk": self.coach_membership.pk},
            "registered": {"pk": self.registered.pk},
            "active": {"pk": self.active.pk},
            "active-transition": {"pk": self.active.pk, "slug": "stoppen"},
            "arrangement": {"pk": self.arrangement.pk},
            "completed-follow-up": {"pk": self.completed.pk, "moment": 3},
            "peuter": {"pk": self.peuter.pk},
            "handover": {"pk": self.handover.pk},
            "reset-link": {"uidb64": "MQ", "token": "verlopen-link"},
            "partnership-month": {"partnership_pk": self.pilot.partnership_id, "month": "2026-09"},
        }[kind]


@pytest.fixture
def setting(db):
    world = World()
    users = {"ib": world.ib_a1, "coach": world.coach_a, "coordinator": world.coordinator_a,
             "stuurgroep": world.stuurgroep_a, "beheerder": world.beheerder}
    return world, users, {"own": Objects(world, "own"), "other": Objects(world, "other")}


def cases():
    for name, (kind, own, other) in MATRIX.items():
        for role in ROLES:
            yield pytest.param(name, "own", role, own[role], id=f"{name}-{role}-own")
            if kind is not None and other is not None:
                yield pytest.param(name, "other", role, other[role], id=f"{name}-{role}-other")


def client_for(role, users):
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.parametrize(("name", "owner", "role", "expected"), list(cases()))
def test_permission_matrix(setting, name, owner, role, expected):
    world, users, objects = setting
    kind = MATRIX[name][0]
    url = reverse(name, kwargs=objects[owner].args(kind) if kind else None)
    response = client_for(role, users).get(url)
    assert response.status_code == expected, f"{role} GET {url}"
    if expected == 302 and role == "anonymous":
        assert response.url.startswith(reverse("login")) or name.startswith("admin:")


def admin_urls():
    """Admin pages without arguments; logout and jsi18n hold no data, autocomplete needs query parameters
    (and answers 403 to anyone without the model's view permission)."""
    return [name for name, pattern in url_names() if name.startswith("admin:") and not pattern.pattern.regex.groups
            and name not in {"admin:logout", "admin:jsi18n", "admin:login", "admin:autocomplete"}]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_beheerder_enters_any_admin_page(setting, role):
    world, users, objects = setting
    client = client_for(role, users)
    for name in admin_urls():
        response = client.get(reverse(name))
        expected = 403 if role == "beheerder" and name in ADMIN_READ_ONLY_ADD else ADMIN[role]
        assert response.status_code == expected, f"{role} GET {name}"


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_login_is_the_portal_login(setting, role):
    """Signed out: the portal's login. Signed in without the beheerder's role: 403, never a loop."""
    world, users, objects = setting
    response = client_for(role, users).get(reverse("admin:login"))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role == "beheerder":
        assert response.status_code == 302 and response.url == reverse("admin:index")
    else:
        assert response.status_code == 403
