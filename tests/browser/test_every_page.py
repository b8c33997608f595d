"""Every page each role can reach: no serious or critical axe violation, and no sideways scrolling at 375 px."""

import pytest
from django.contrib.auth import get_user_model

from pilots.models import GroupArrangement, Pilot
from tests.browser.conftest import axe_violations, describe, log_in
from trajecten import followups
from trajecten.models import FollowUp, Trajectory
from trajecten.states import Status

User = get_user_model()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pages_for(role):
    kid = Pilot.objects.get(name__startswith="KID")
    registered = Trajectory.objects.filter(pilot=kid, school__name="OBS De Regenboog",
                                           status=Status.REGISTERED).first()
    active = Trajectory.objects.filter(pilot=kid, status=Status.ACTIVE).first()
    klasje = GroupArrangement.objects.get(pilot=kid)
    # One of the demo's children whose father withdrew a purpose: the page with the banner, and its ledger.
    withdrawn = Trajectory.objects.filter(pilot=kid, status=Status.ACTIVE,
                                          guardians__entries__action="ingetrokken").first()
    due = FollowUp.objects.tasks_of(User.objects.get(username="coach-kid"), followups.shown_until()).first()
    return {
        "ib-delfshaven": ["/aanmeldingen/", "/aanmelden/", f"/trajecten/{registered.pk}/",
                          f"/trajecten/{registered.pk}/bevestiging/",
                          f"/trajecten/{registered.pk}/aanmelding-wijzigen/",
                          "/pilots/", f"/pilots/{kid.pk}/", "/wachtwoord/"],
        "coach-kid": ["/mijn-trajecten/", "/mijn-nazorg/", "/wachtrij/", "/trajecten/?status=active",
                      f"/trajecten/{active.pk}/",
                      f"/trajecten/{active.pk}/contactmoment/", f"/trajecten/{active.pk}/plaatsen/",
                      f"/trajecten/{active.pk}/afronden/", f"/trajecten/{active.pk}/doorverwijzen/",
                      f"/trajecten/{active.pk}/stoppen/", f"/trajecten/{registered.pk}/starten/",
                      f"/groepsarrangementen/{klasje.pk}/bezetting/", f"/trajecten/{withdrawn.pk}/",
                      f"/trajecten/{withdrawn.pk}/toestemming/", f"/trajecten/{withdrawn.pk}/toestemming/intrekken/",
                      f"/trajecten/{due.trajectory_id}/", f"/trajecten/{due.trajectory_id}/nazorg/{due.moment}/"],
        "coordinator-kid": ["/wachtrij/", "/trajecten/", "/caseload-overdragen/", "/dashboard/",
                            f"/pilots/{kid.pk}/beheren/", f"/pilots/{kid.pk}/indicatoren/",
                            f"/trajecten/{active.pk}/inzage/",
                            "/nazorg/"],
        "stuurgroep-rotterdam": ["/dashboard/", "/dashboard/?period=sj:2025", "/dashboard/uren/?period=sj:2025",
                                 "/pilots/", f"/pilots/{kid.pk}/"],
        "beheer": ["/toegangslog/", "/dashboard/", "/beheer/", "/beheer/partners/school/",
                   f"/beheer/pilots/pilot/{kid.pk}/change/", "/beheer/auth/user/", "/beheer/axes/accessattempt/",
                   "/beheer/axes/accesslog/", "/beheer/otp_totp/totpdevice/"],
        "anonymous": ["/inloggen/", "/bestaat-niet/", "/wachtwoord-vergeten/", "/wachtwoord-vergeten/verstuurd/",
                      "/wachtwoord-vergeten/MQ/verlopen-link/", "/wachtwoord-vergeten/ingesteld/"],
    }[role]


@pytest.mark.parametrize("role", ["ib-delfshaven", "coach-kid", "coordinator-kid", "stuurgroep-rotterdam", "beheer",
                                  "anonymous"])
def test_every_page_is_accessible_and_fits_a_phone(page, live_server, demo, role):
    if role != "anonymous":
        log_in(page, live_server, role)
    found, too_wide = [], []
    for path in pages_for(role):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}{path}")
        for violation in axe_violations(page):
            found.append({"page": path, **violation})
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(f"{live_server.url}{path}")
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
            too_wide.append(path)
    assert not found, describe(found)
    assert not too_wide, f"sideways scrolling at 375 px: {too_wide}"
