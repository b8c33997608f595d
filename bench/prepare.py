"""Run by bench/run.py under the benchmark settings: data, users, sessions, pages and their query counts."""

import datetime
import json
import secrets
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_delete  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.middleware import LOGIN_AT, SEEN_AT  # noqa: E402
from accounts.models import Membership, Role  # noqa: E402
from dashboards import periods, summary  # noqa: E402
from dashboards.signals import trajectory_changed  # noqa: E402
from pilots.models import Pilot  # noqa: E402
from trajecten.models import Child, ConcernArea, StatusChange, Trajectory  # noqa: E402
from trajecten.states import Status  # noqa: E402

FRESH = 20000  # registered trajectories that the transition POST withdraws, one per request, in every round


def user(username, superuser=False, **membership):
    account, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_superuser": superuser, "is_staff": superuser})
    if membership:
        Membership.objects.get_or_create(user=account, **membership)
    TOTPDevice.objects.get_or_create(user=account, confirmed=True, defaults={"name": "bench"})
    return account


def session_cookie(account, csrf):
    if account is None:
        return f"csrftoken={csrf}"
    store = SessionStore()
    device = TOTPDevice.objects.filter(user=account, confirmed=True).first()
    now = timezone.now().timestamp()
    store.update({SESSION_KEY: str(account.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                  HASH_SESSION_KEY: account.get_session_auth_hash(), LOGIN_AT: now, SEEN_AT: now + 3600})
    if device:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={csrf}"


def remove_earlier_runs():
    """Every run starts from the generated data: the registrations earlier runs made (their children are all
    called "Meting") go, or one pilot would hold tens of thousands of them in the current month."""
    earlier = Trajectory.objects.filter(child__given_name="Meting")
    pilots = set(earlier.values_list("pilot_id", flat=True).distinct())
    if not pilots:
        return
    # One stale mark per pilot for all its months, instead of one per deleted trajectory.
    post_delete.disconnect(trajectory_changed, sender=Trajectory)
    try:
        with transaction.atomic():
            removed, _counts = earlier.delete()
            Child.objects.filter(given_name="Meting", trajectories__isnull=True).delete()
    finally:
        post_delete.connect(trajectory_changed, sender=Trajectory)
    for pilot_id in pilots:
        summary.mark_stale(pilot_id)
    print(f"{removed} rows of earlier runs removed", file=sys.stderr)


def fresh_registrations(pilot, school, ib):
    offset = Child.objects.count()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    children = Child.objects.bulk_create(
        Child(given_name="Meting", family_name=f"Kind {offset + n}", date_of_birth=datetime.date(2018, 5, 1),
              group="3", school=school) for n in range(FRESH))
    trajectories = Trajectory.objects.bulk_create(
        Trajectory(child=child, school=school, pilot=pilot, registered_by=ib, updated_by=ib, registered_at=yesterday,
                   teacher_name="Juf", help_request="Meting", tried_already="Meting") for child in children)
    StatusChange.objects.bulk_create(
        StatusChange(trajectory=t, to_status=Status.REGISTERED, changed_by=ib, changed_at=yesterday)
        for t in trajectories)
    return [t.pk for t in trajectories]


def main(size):
    current = Trajectory.objects.count()
    if current < size:
        call_command("generate_data", "--trajectories", str(size - current), "--seed", str(1000 + current),
                     stdout=sys.stderr)
    call_command("collectstatic", "--noinput", verbosity=0)
    remove_earlier_runs()
    pilot = Pilot.objects.filter(name__startswith="Pilot S").order_by("pk").first()
    school = pilot.schools.order_by("pk").first()
    coach = Membership.objects.filter(pilot=pilot, role=Role.COACH).order_by("pk").first().user
    ib = Membership.objects.get(school=school, role=Role.IB).user
    stuurgroep = user("bench-stuurgroep", role=Role.STUURGROEP, partnership=pilot.partnership)
    beheer = user("bench-beheer", role=Role.BEHEERDER)
    superuser = user("bench-admin", superuser=True)
    fresh = fresh_registrations(pilot, school, ib)
    summary.mark_stale(pilot.pk)  # bulk_create sends no signals; the dashboards read fresh figures
    summary.refresh_stale(Pilot.objects.all())
    if connection.vendor == "postgresql":
        # Earlier runs left dead rows (withdrawn, removed, rebuilt); autovacuum would clear them in time, but it
        # may be off (it is off on the benchmark machine): without this every run would be slower than the last.
        # The checkpoint writes what the vacuum dirtied now, not while the first pages (the anchors) are measured.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("CHECKPOINT")

    csrf = secrets.token_hex(16)
    cookies = {"anonymous": f"csrftoken={csrf}", "ib": session_cookie(ib, csrf),
               "coach": session_cookie(coach, csrf), "stuurgroep": session_cookie(stuurgroep, csrf),
               "beheerder": session_cookie(beheer, csrf), "superuser": session_cookie(superuser, csrf)}
    year = periods.school_year_of(timezone.localdate()).start.year - 1
    today = timezone.localdate().isoformat()
    active = list(Trajectory.objects.filter(coach=coach, status=Status.ACTIVE).values_list("pk", flat=True)[:20])
    area = ConcernArea.objects.first().pk
    registration_body = (
        f'string.format("csrfmiddlewaretoken={csrf}&given_name=Meting&family_name=Post%d'
        f'&date_of_birth=2019-03-01&group=3&school={school.pk}&pilot={pilot.pk}&teacher_name=Juf&help_request=Hulp'
        f'&concern_areas={area}&tried_already=Iets&wants_ambulant=on&urgency=normaal&consent_given=nee", '
        f'serial)'
    )
    pages = [
        {"name": "login page", "role": "anonymous", "paths": ["/inloggen/"]},
        {"name": "registration form", "role": "ib", "paths": ["/aanmelden/"]},
        {"name": "registration POST", "role": "ib", "paths": ["/aanmelden/"], "post": True, "body": registration_body},
        {"name": "caseload", "role": "coach", "paths": ["/mijn-trajecten/"]},
        {"name": "nazorg of the coach", "role": "coach", "paths": ["/mijn-nazorg/"]},
        {"name": "filtered list (status + school)", "role": "coach",
         "paths": [f"/trajecten/?status=active&school={school.pk}"]},
        {"name": "trajectory page", "role": "coach", "paths": [f"/trajecten/{pk}/" for pk in active]},
        {"name": "transition POST (stoppen)", "role": "coach", "post": True,
         "paths": [f"/trajecten/{pk}/stoppen/" for pk in fresh[:-2]],
         "body": f'"csrfmiddlewaretoken={csrf}&version=1&reason=Meting&end_date={today}"'},
        {"name": "dashboard: partnership, school year", "role": "stuurgroep",
         "paths": [f"/dashboard/?partnership={pilot.partnership_id}&period=sj:{year}"]},
        {"name": "dashboard: hours per school, partnership", "role": "stuurgroep",
         "paths": [f"/dashboard/uren/?partnership={pilot.partnership_id}&period=sj:{year}"]},
        {"name": "dashboard: whole instance, school year", "role": "beheerder",
         "paths": [f"/dashboard/?period=sj:{year}"]},
        {"name": "XLSX export: partnership, school year", "role": "stuurgroep",
         "paths": [f"/dashboard/export.xlsx?partnership={pilot.partnership_id}&period=sj:{year}"]},
        {"name": "bare Django view (anchor)", "role": "anonymous", "paths": ["/bench/bare/"]},
        # The same view for a signed-in coach: what session, user, second factor and timeout checks cost
        # before a page of the portal does anything of its own.
        {"name": "bare view, signed in as coach (anchor)", "role": "coach", "paths": ["/bench/bare/"]},
        {"name": "admin changelist, same filter (anchor)", "role": "superuser",
         "paths": [f"/beheer/trajecten/trajectory/?status__exact=active&school__id__exact={school.pk}"]},
    ]
    for page in pages:
        # Steady state: the POSTs before mark months stale, and a dashboard would count the rebuild.
        # Counted twice, the second time warm (a fresh process fills some caches on its first request).
        for spare in (fresh[-1], fresh[-2]):
            summary.refresh_stale(Pilot.objects.all())
            page["queries"] = count_queries(page, cookies, csrf, spare, school, pilot, area)
    summary.refresh_stale(Pilot.objects.all())
    print(json.dumps({
        "pages": pages, "cookies": cookies, "trajectories": Trajectory.objects.count(),
        "database": connection.vendor,
    }))


def count_queries(page, cookies, csrf, spare, school, pilot, area):
    client = Client()
    for part in cookies[page["role"]].split("; "):
        name, value = part.split("=", 1)
        client.cookies[name] = value
    path = page["paths"][0]
    with CaptureQueriesContext(connection) as captured:
        if page.get("post") and "stoppen" in path:
            response = client.post(f"/trajecten/{spare}/stoppen/", {
                "csrfmiddlewaretoken": csrf, "version": 1, "reason": "Meting",
                "end_date": timezone.localdate().isoformat()})
        elif page.get("post"):
            response = client.post(path, {
                "csrfmiddlewaretoken": csrf, "given_name": "Telling", "family_name": "Queries",
                "date_of_birth": "2019-03-01", "group": "3", "school": school.pk, "pilot": pilot.pk,
                "teacher_name": "Juf", "help_request": "Hulp", "concern_areas": area, "tried_already": "Iets",
                "wants_ambulant": "on", "urgency": "normaal", "consent_given": "nee"})
        else:
            response = client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(captured)


if __name__ == "__main__":
    main(int(sys.argv[1]))
