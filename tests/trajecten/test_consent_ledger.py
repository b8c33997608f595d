"""The parents' consent as a ledger per parent or guardian (issue 18.3): it counts when every guardian with gezag
gave it, a withdrawal stops what depends on it from its date on, and nothing is ever deleted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AccessLog
from tests.factories import give_consent, make_klasje, make_trajectory, withdraw_consent
from trajecten import consent, placements, retention, workflow
from trajecten.models import ConsentEntry, GroupPlacement, Guardian, Referral, Trajectory
from trajecten.states import Status

TODAY = timezone.localdate()
GROUP = "groepsarrangement"
GROUP_LABEL = "deelname aan een groepsarrangement"


@pytest.fixture
def coach(client, world):
    client.force_login(world.coach_a)
    return client


def two_parents(world, purposes=("ondersteuning", GROUP), status=Status.ACTIVE):
    """A child whose mother and father both hold gezag and both gave consent 30 days ago."""
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=world.coach_a,
                           consent_purposes=purposes, guardians=("moeder", "vader"))


def father(trajectory):
    return trajectory.guardians.get(relation="vader")


def withdraw(client, trajectory, guardian, purposes, on=TODAY):
    trajectory.refresh_from_db()
    return client.post(reverse("trajecten:consent_withdraw", args=[trajectory.pk]), {
        "version": trajectory.version, "guardian": guardian.pk, "purposes": purposes, "withdrawn_on": on.isoformat(),
    })


def place(client, trajectory, klasje):
    return client.post(reverse("trajecten:placement", args=[trajectory.pk]), {
        "arrangement": klasje.pk, "day_parts": [klasje.day_parts.first().pk], "start_date": TODAY.isoformat(),
    })


def test_consent_holds_only_when_every_guardian_with_gezag_gave_it(world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, guardians=("moeder",),
                                 consent_purposes=["ondersteuning", GROUP])
    assert consent.holds(trajectory, GROUP)
    give_consent(trajectory, "vader", ["ondersteuning"], by=world.ib_a1)  # the father has gezag too
    assert consent.holds(trajectory, "ondersteuning")
    assert not consent.holds(trajectory, GROUP)
    assert consent.purposes_holding(trajectory) == ["ondersteuning"]
    give_consent(trajectory, "vader", [GROUP], by=world.ib_a1)
    assert consent.holds(trajectory, GROUP)


def test_a_guardian_without_gezag_neither_counts_nor_is_needed(world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    give_consent(trajectory, "anders", ["ondersteuning"], by=world.ib_a1, has_authority=False)
    assert not consent.holds(trajectory, "ondersteuning")  # a step-parent alone: no consent
    give_consent(trajectory, "moeder", ["ondersteuning"], by=world.ib_a1)
    assert consent.holds(trajectory, "ondersteuning")


def test_a_guardian_with_gezag_who_cannot_be_asked_is_recorded_with_the_reason_and_not_waited_for(coach, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, guardians=("moeder",))
    form = {"version": trajectory.version, "guardian": "nieuw", "name": "Rob Jansen", "relation": "vader",
            "has_authority": "on", "consent_date": TODAY.isoformat()}
    response = coach.post(reverse("trajecten:consent", args=[trajectory.pk]), form)
    assert "Kies waarvoor de ouder of voogd toestemming gaf." in response.content.decode()
    response = coach.post(reverse("trajecten:consent", args=[trajectory.pk]), {
        **form, "cannot_be_asked_reason": "Verblijfplaats onbekend, geen contact sinds 2024."})
    assert response.status_code == 302
    guardian = trajectory.guardians.get(relation="vader")
    assert guardian.cannot_be_asked and guardian.has_authority
    assert consent.holds(trajectory, "ondersteuning")
    page = coach.get(reverse("trajecten:consent", args=[trajectory.pk])).content.decode()
    assert "Verblijfplaats onbekend, geen contact sinds 2024." in page


def test_only_a_guardian_with_gezag_can_be_the_exception(coach, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    response = coach.post(reverse("trajecten:consent", args=[trajectory.pk]), {
        "version": trajectory.version, "guardian": "nieuw", "name": "Stiefvader", "relation": "anders",
        "consent_date": TODAY.isoformat(), "cannot_be_asked_reason": "Niet bereikbaar."})
    assert "Alleen een ouder met gezag is een uitzondering" in response.content.decode()
    assert trajectory.guardians.count() == 1


def test_a_guardians_withdrawal_blocks_a_new_placement_with_a_clear_message(coach, world):
    klasje = make_klasje(world.pilot_a)
    trajectory = two_parents(world)
    response = withdraw(coach, trajectory, father(trajectory), [GROUP])
    assert response.status_code == 302
    response = place(coach, trajectory, klasje)
    assert response.status_code == 200
    assert (f"Vader Jansen (vader) heeft de toestemming voor {GROUP_LABEL} ingetrokken op {TODAY:%d-%m-%Y}."
            in response.content.decode())
    assert not GroupPlacement.objects.exists()


def test_a_withdrawal_stops_sharing_at_referral(coach, world):
    trajectory = two_parents(world, purposes=("ondersteuning", "delen"))
    withdraw(coach, trajectory, trajectory.guardians.get(relation="moeder"), ["delen"])
    trajectory.refresh_from_db()
    response = coach.post(reverse("trajecten:transition", args=[trajectory.pk, "doorverwijzen"]), {
        "version": trajectory.version, "help_kind": "sbo", "end_date": TODAY.isoformat(), "definitief": "on"})
    assert "heeft de toestemming voor gegevens delen met een zorgaanbieder bij doorverwijzing ingetrokken" in (
        response.content.decode())
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE and not Referral.objects.exists()


def test_consent_holds_until_the_day_of_its_withdrawal_and_the_history_stays(coach, world):
    trajectory = two_parents(world)
    entries = list(ConsentEntry.objects.values_list("pk", "action", "on"))
    withdraw(coach, trajectory, father(trajectory), [GROUP], on=TODAY - datetime.timedelta(days=3))
    assert consent.holds(trajectory, GROUP, TODAY - datetime.timedelta(days=4))
    assert not consent.holds(trajectory, GROUP, TODAY - datetime.timedelta(days=3))
    assert not consent.holds(trajectory, GROUP)
    assert consent.holds(trajectory, "ondersteuning")
    # Nothing was edited or deleted: the withdrawal is one more entry.
    assert list(ConsentEntry.objects.filter(pk__in=[pk for pk, *_rest in entries])
                .values_list("pk", "action", "on")) == entries
    assert ConsentEntry.objects.filter(action="ingetrokken").count() == 1
    change = trajectory.record_changes.latest("pk").changes[0]
    assert change["field"] == "Toestemming ingetrokken" and GROUP_LABEL in change["new"]
    assert AccessLog.objects.filter(child_code=trajectory.child.code, detail="toestemming ingetrokken").exists()
    with pytest.raises(ValidationError):
        ConsentEntry.objects.get(action="ingetrokken").save()


def test_a_step_dated_before_the_withdrawal_but_taken_after_it_is_refused(world):
    klasje = make_klasje(world.pilot_a)
    trajectory = two_parents(world)
    withdraw_consent(father(trajectory), [GROUP], by=world.coach_a)
    with pytest.raises(ValidationError):
        placements.place(trajectory, klasje, [klasje.day_parts.first()], TODAY - datetime.timedelta(days=5),
                         by=world.coach_a)


def test_consent_given_again_after_a_withdrawal_holds_again(coach, world):
    klasje = make_klasje(world.pilot_a)
    trajectory = two_parents(world)
    withdraw(coach, trajectory, father(trajectory), [GROUP], on=TODAY - datetime.timedelta(days=2))
    trajectory.refresh_from_db()
    response = coach.post(reverse("trajecten:consent", args=[trajectory.pk]), {
        "version": trajectory.version, "guardian": father(trajectory).pk, "purposes": [GROUP],
        "consent_date": TODAY.isoformat(), "method": "mondeling"})
    assert response.status_code == 302
    assert consent.holds(trajectory, GROUP)
    assert place(coach, trajectory, klasje).status_code == 302


def test_the_workflow_refuses_to_start_without_consent_also_when_called_directly(world):
    """'Active needs consent' is no database constraint any more (the ledger is in other tables): workflow.perform
    keeps it for every caller."""
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    give_consent(trajectory, "moeder", ["ondersteuning"], by=world.ib_a1)
    give_consent(trajectory, "vader", ["observatie"], by=world.ib_a1)
    with pytest.raises(ValidationError, match="Nog niet iedere ouder met gezag gaf toestemming"):
        workflow.perform(trajectory, "start", by=world.coach_a, version=trajectory.version,
                         changes={"coach": world.coach_a, "start_date": TODAY})
    assert Trajectory.objects.get(pk=trajectory.pk).status == Status.REGISTERED


def test_the_trajectory_page_warns_the_team_of_a_withdrawal_and_the_school_reads_the_consent_only(client, world):
    trajectory = two_parents(world)
    withdraw_consent(father(trajectory), [GROUP], by=world.coach_a)
    url = reverse("trajecten:detail", args=[trajectory.pk])
    banner = (f"Vader Jansen (vader) trok op {TODAY:%d-%m-%Y} de toestemming in voor: {GROUP_LABEL}. Vanaf die "
              "datum kan niet meer: een nieuwe plaatsing in een groepsarrangement.")
    for reader in (world.coach_a, world.coordinator_a):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert "Toestemming ingetrokken" in page and banner in page
    client.force_login(world.ib_a1)
    page = client.get(url).content.decode()
    assert banner not in page
    assert "ondersteuning door het pilotteam in de klas" in page  # what still holds


def test_the_caseload_marks_a_trajectory_with_a_withdrawal(coach, world):
    withdrawn = two_parents(world)
    two_parents(world)
    withdraw_consent(father(withdrawn), [GROUP], by=world.coach_a)
    page = coach.get(reverse("trajecten:caseload")).content.decode()
    assert page.count("toestemming ingetrokken") == 1
    row = page[page.index(withdrawn.child.full_name):]
    assert row.index("toestemming ingetrokken") < row.index("</tr>")


def test_the_queue_says_whether_consent_for_support_holds(client, world):
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    half = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    give_consent(half, "moeder", ["ondersteuning"], by=world.ib_a1)
    give_consent(half, "vader", ["observatie"], by=world.ib_a1)
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, guardians=("moeder", "vader"))
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:queue")).content.decode()
    assert page.count(">nog niet</span>") == 2 and page.count(">gegeven</td>") == 1


def test_a_withdrawal_cannot_come_before_the_consent_itself(coach, world):
    trajectory = two_parents(world)
    response = withdraw(coach, trajectory, father(trajectory), [GROUP], on=TODAY - datetime.timedelta(days=40))
    assert "De intrekking ligt niet voor de toestemming zelf" in response.content.decode()
    assert not ConsentEntry.objects.filter(action="ingetrokken").exists()


def test_nothing_to_withdraw_sends_the_coach_to_the_consent_page(coach, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    response = coach.get(reverse("trajecten:consent_withdraw", args=[trajectory.pk]), follow=True)
    assert "Er is geen gegeven toestemming om in te trekken." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("trajecten:consent", args=[trajectory.pk])


def test_the_inzage_shows_the_ledger_with_the_withdrawal(client, world):
    trajectory = two_parents(world)
    withdraw_consent(father(trajectory), [GROUP], by=world.coach_a)
    client.force_login(world.coordinator_a)
    exported = client.get(reverse("trajecten:inzage_json", args=[trajectory.pk])).json()
    ledger = exported["trajecten"][0]["toestemming"]
    assert ledger[-1] == {"ouder_of_voogd": "Vader Jansen (vader)", "doel": GROUP_LABEL,
                          "gegeven_of_ingetrokken": "ingetrokken", "datum": TODAY.isoformat(), "hoe": None,
                          "vastgelegd_door": "Test Coach-a"}
    assert len(ledger) == 5
    page = client.get(reverse("trajecten:inzage", args=[trajectory.pk])).content.decode()
    assert "Toestemming van de ouders: gegeven en ingetrokken" in page and "ingetrokken" in page


def test_retention_anonymises_the_guardians_and_keeps_the_ledgers_facts(world):
    trajectory = two_parents(world, status=Status.WITHDRAWN)
    Guardian.objects.filter(pk=father(trajectory).pk).update(cannot_be_asked_reason="Woont in het buitenland.")
    withdraw_consent(trajectory.guardians.get(relation="moeder"), [GROUP], by=world.coach_a)
    Trajectory.objects.filter(pk=trajectory.pk).update(end_date=TODAY - datetime.timedelta(days=900))
    entries = list(ConsentEntry.objects.order_by("pk").values_list("purpose", "action", "on"))
    assert retention.anonymise(retention.children_due(24)) == 1
    assert list(Guardian.objects.values_list("name", "cannot_be_asked_reason", "relation", "has_authority")) == [
        ("", "", "moeder", True), ("", "", "vader", True)]
    assert list(ConsentEntry.objects.order_by("pk").values_list("purpose", "action", "on")) == entries


# The trajectory page reads the ledger once and applies the rule to it in Python (consent.holding_in,
# consent.withdrawals_in); lists, filters and every step that needs consent ask the database (holds_condition).
# Both must always say the same.
LEDGER_EVENT = st.tuples(
    st.sampled_from(["moeder", "vader", "voogd"]),
    st.sampled_from(["ondersteuning", GROUP, "overdracht"]),
    st.sampled_from(["gegeven", "ingetrokken"]),
    st.integers(min_value=-20, max_value=5),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(LEDGER_EVENT, max_size=8), without_gezag=st.sampled_from(["", "vader"]),
       cannot_be_asked=st.sampled_from(["", "voogd"]), day=st.integers(min_value=-20, max_value=5))
def test_the_page_reads_the_ledger_as_the_database_does(world, events, without_gezag, cannot_be_asked, day):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    guardians = {
        relation: consent.add_guardian(
            trajectory, name=f"{relation} Jansen", relation=relation, has_authority=relation != without_gezag,
            by=world.ib_a1, cannot_be_asked_reason="Verblijfplaats onbekend" if relation == cannot_be_asked else "")
        for relation in ("moeder", "vader", "voogd")
    }
    for relation, purpose, action, offset in events:
        ConsentEntry.objects.create(guardian=guardians[relation], purpose=purpose, action=action,
                                    on=TODAY + datetime.timedelta(days=offset), recorded_by=world.ib_a1)
    on = TODAY + datetime.timedelta(days=day)
    ledger = consent.ledger(trajectory, on)
    assert consent.holding_in(ledger) == consent.purposes_holding(trajectory, on)
    in_force = consent.withdrawals_in_force(trajectory, on)
    assert [e.pk for e in consent.withdrawals_in(ledger)] == [e.pk for e in in_force]
