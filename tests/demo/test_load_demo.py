import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership
from demo.management.commands.load_demo import late_join_date
from partners import municipalities
from partners.models import Municipality, Organisation, Partnership, School
from pilots.models import GroupArrangement, Indicator, IndicatorValue, Pilot, PilotPhase, PilotSchool
from trajecten import consent, followups
from trajecten.models import (
    Child,
    ConsentEntry,
    ContactMoment,
    FollowUp,
    Guardian,
    Handover,
    Referral,
    StatusChange,
    Trajectory,
)
from trajecten.states import Status

MODELS = [Partnership, Organisation, School, Pilot, PilotSchool, PilotPhase, GroupArrangement, Indicator,
          IndicatorValue, Membership, get_user_model(), Child, Trajectory, StatusChange, ContactMoment, Referral,
          Guardian, ConsentEntry, FollowUp, Handover]
DEMO_ACCOUNTS = {
    "ib-delfshaven": ("ib", "OBS De Regenboog"),
    "ib-appingedam": ("ib", "OBS De Wilster"),
    "pm-someren": ("ib", "Peuteropvang Het Speelnest"),
    "ib-someren": ("ib", "Basisschool De Ratel"),
    "coach-kid": ("coach", "KID — Kinderen In Delfshaven"),
    "coordinator-kid": ("coordinator", "KID — Kinderen In Delfshaven"),
    "stuurgroep-rotterdam": ("stuurgroep", "Samenwerkingsverband PPO Rotterdam"),
    "stuurgroep-fivelingo": ("stuurgroep", "Samenwerkingsverband Fivelingo"),
    "stuurgroep-flevoland": ("stuurgroep", "Samenwerkingsverband Passend Onderwijs Flevoland"),
    "stuurgroep-peelland": ("stuurgroep", "Samenwerkingsverband Peelland"),
    "stuurgroep-meierij": ("stuurgroep", "Samenwerkingsverband PO de Meierij"),
    "beheer": ("beheerder", None),
}


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_running_twice_changes_nothing(db):
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_five_regions_with_their_shapes(db):
    call_command("load_demo", verbosity=0)
    assert Partnership.objects.count() == 5
    meierij = Partnership.objects.get(name="Samenwerkingsverband PO de Meierij")
    assert meierij.schools.count() == 123
    assert PilotSchool.objects.filter(pilot__partnership=meierij).count() == 9
    # 6 kindcentra from the start, 3 more from the last 3 January; no child registered before its school
    # took part.
    joined = late_join_date()
    memberships = PilotSchool.objects.filter(pilot__partnership=meierij)
    assert memberships.running_on(joined - datetime.timedelta(days=1)).count() == 6
    assert memberships.running_on(joined).count() == 9
    for link in memberships.filter(start_date=joined):
        assert not Trajectory.objects.filter(pilot=link.pilot, school=link.school,
                                             registered_at__date__lt=joined).exists()
    assert Pilot.objects.filter(parent__name="Samen voor het Kind").count() == 4
    assert set(Indicator.objects.filter(pilot__name="Samen voor het Kind").values_list("name", flat=True)) == {
        "Ervaren werkdruk leerkrachten", "Medefinanciering gemeenten"}
    assert IndicatorValue.objects.filter(indicator__name="Ervaren werkdruk leerkrachten").count() > 3
    assert School.objects.filter(school_type="kinderopvang", partnership__name="Samenwerkingsverband Peelland").exists()
    assert GroupArrangement.objects.get(name="Bovenschools klasje Delfshaven").max_day_parts_per_child == 2


def test_demo_schools_are_in_real_municipalities_and_their_real_holiday_region(db):
    """Zuid-Holland is midden; Groningen and Flevoland (but Zeewolde) noord; Noord-Brabant zuid."""
    call_command("load_demo", verbosity=0)
    municipalities = {partnership: set(School.objects.filter(partnership__name=partnership)
                                       .values_list("municipality__name", flat=True))
                      for partnership in Partnership.objects.values_list("name", flat=True)}
    assert municipalities["Samenwerkingsverband Passend Onderwijs Flevoland"] == {"Dronten", "Lelystad", "Almere"}
    assert municipalities["Samenwerkingsverband Fivelingo"] == {"Eemsdelta"}
    assert municipalities["Samenwerkingsverband PPO Rotterdam"] == {"Rotterdam"}
    assert municipalities["Samenwerkingsverband Peelland"] == {"Someren"}
    assert "Meierijstad" in municipalities["Samenwerkingsverband PO de Meierij"]
    regions = {partnership: set(School.objects.filter(partnership__name=partnership)
                                .values_list("holiday_region", flat=True))
               for partnership in Partnership.objects.values_list("name", flat=True)}
    assert regions == {
        "Samenwerkingsverband PPO Rotterdam": {"midden"},
        "Samenwerkingsverband Fivelingo": {"noord"},
        "Samenwerkingsverband Passend Onderwijs Flevoland": {"noord"},
        "Samenwerkingsverband Peelland": {"zuid"},
        "Samenwerkingsverband PO de Meierij": {"zuid"},
    }


def test_the_demo_loads_into_a_database_whose_municipality_list_was_emptied(db):
    """A test's flush or a dump restored without reference data leaves the table empty; the demo puts the shipped
    list back instead of stopping at its first school."""
    Municipality.objects.all().delete()
    call_command("load_demo", verbosity=0)
    assert Municipality.objects.count() == len(municipalities.shipped())
    assert School.objects.filter(municipality__name="Lelystad").exists()


def test_demo_accounts_have_their_roles_and_password(db):
    call_command("load_demo", verbosity=0)
    for username, (role, place) in DEMO_ACCOUNTS.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("kidportaal-demo")
        membership = user.memberships.get(role=role)
        assert (str(membership.place) if membership.place else None) == place


def test_two_school_years_of_trajectories_in_every_state(db):
    call_command("load_demo", verbosity=0)
    assert Trajectory.objects.count() >= 300
    for pilot_name in ["KID — Kinderen In Delfshaven", "Samen voor het Kind", "Sterk in de Klas",
                       "Iedere peuter op de juiste plek", "Jeugdprofessional in de school"]:
        in_pilot = Q(pilot__name=pilot_name) | Q(pilot__parent__name=pilot_name)  # with its sub-pilots
        states = set(Trajectory.objects.filter(in_pilot).values_list("status", flat=True))
        assert states == set(Status.values), pilot_name
    # Samen voor het Kind works through its four sub-pilots, each with registrations, phases and a nulmeting.
    for sub in Pilot.objects.filter(parent__name="Samen voor het Kind"):
        assert Trajectory.objects.filter(pilot=sub).exists(), sub.name
        assert sub.phases.exists() and sub.baseline_figures.exists(), sub.name
    assert Trajectory.objects.filter(school__name="OBS De Regenboog", status=Status.REGISTERED).count() >= 5
    assert Referral.objects.count() == Trajectory.objects.filter(status=Status.REFERRED).count()


def test_the_demo_keeps_the_consent_rules_and_some_peuters_have_a_parent_who_withdrew(db):
    """Every started trajectory had the consent of each parent with gezag for support when it started; in every
    region, Someren's kinderopvang too, some children have two parents with gezag of whom one withdrew a purpose."""
    call_command("load_demo", verbosity=0)
    for trajectory in Trajectory.objects.filter(start_date__isnull=False):
        assert consent.holds(trajectory, "ondersteuning", trajectory.start_date), trajectory.pk
    withdrawn = Trajectory.objects.filter(guardians__entries__action="ingetrokken", status=Status.ACTIVE).distinct()
    for pilot_name in ["KID — Kinderen In Delfshaven", "Iedere peuter op de juiste plek"]:
        mine = withdrawn.filter(pilot__name=pilot_name)
        assert mine.exists(), pilot_name
        for trajectory in mine:
            assert trajectory.guardians.filter(has_authority=True).count() == 2
            assert consent.withdrawals_in_force(trajectory).exists()


def test_someren_s_peuters_are_registered_by_pedagogisch_medewerkers_in_kinderopvang_words(client, db):
    call_command("load_demo", verbosity=0)
    someren = Trajectory.objects.filter(pilot__name="Iedere peuter op de juiste plek")
    assert someren.count() >= 40
    assert not someren.exclude(registered_by__username__startswith="pm-").exists()
    assert not someren.exclude(child__group="peuter").exists()
    texts = " ".join(f"{t.help_request} {t.tried_already}" for t in someren)
    texts += " ".join(ContactMoment.objects.filter(trajectory__in=someren).values_list("note", flat=True))
    assert "leerkracht" not in texts and "klas" not in texts
    school_kinds = ["observatie", "gesprek_leerkracht"]  # "in de klas", "met de leerkracht"
    assert not ContactMoment.objects.filter(trajectory__in=someren, kind__in=school_kinds).exists()
    client.force_login(get_user_model().objects.get(username="pm-someren"))
    content = client.get("/", follow=True).content.decode()
    assert "Aanmeldingen van mijn kinderopvang" in content and "(pedagogisch medewerker)" in content


def test_the_demos_dashboards_are_full_at_once(client, db):
    """Nobody has to wait for the timer's first run to see the demo's figures."""
    from dashboards.models import PilotMonth, StaleMonth

    call_command("load_demo", verbosity=0)
    assert not StaleMonth.objects.exists()
    assert PilotMonth.objects.filter(pilot__name__startswith="KID").exists()


def test_the_demo_coach_has_answered_overdue_and_soon_due_follow_ups(db):
    call_command("load_demo", verbosity=0)
    coach = get_user_model().objects.get(username="coach-kid")
    today = timezone.localdate()
    mine = FollowUp.objects.filter(trajectory__coach=coach)
    assert mine.filter(answered_at__isnull=False).exclude(note="").exists()
    assert mine.filter(answered_at__isnull=True, due_date__lt=today).exists()  # te laat
    assert mine.filter(answered_at__isnull=True, due_date__gte=today,
                       due_date__lte=followups.shown_until(today)).exists()  # te doen
    assert not FollowUp.objects.exclude(trajectory__status__in=[Status.COMPLETED, Status.REFERRED]).exists()


def test_some_someren_peuters_moved_on_to_a_basisschool_with_a_handover_and_one_was_blocked(client, db):
    call_command("load_demo", verbosity=0)
    handovers = Handover.objects.filter(trajectory__pilot__name="Iedere peuter op de juiste plek")
    assert handovers.count() == 5
    for handover in handovers.select_related("trajectory__child", "to_school"):
        assert consent.holds(handover.trajectory, "overdracht", handover.date)
        assert handover.trajectory.child.school == handover.to_school  # the child moved to its school
        assert handover.to_school.school_type == "basisschool" and handover.summary
    blocked = Trajectory.objects.filter(guardians__entries__purpose="overdracht",
                                        guardians__entries__action="ingetrokken").distinct().get()
    assert not blocked.handovers.exists() and not consent.holds(blocked, "overdracht")
    ratel = handovers.filter(to_school__name="Basisschool De Ratel")
    client.force_login(get_user_model().objects.get(username="ib-someren"))
    listing = client.get("/overdrachten/").content.decode()
    assert ratel.exists() and all(h.trajectory.child.full_name in listing for h in ratel)
    assert client.get(ratel.first().get_absolute_url()).status_code == 200
    assert client.get(handovers.exclude(to_school__name="Basisschool De Ratel").first().get_absolute_url()
                      ).status_code == 404
