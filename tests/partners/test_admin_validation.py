"""Bad input in the beheerder's forms: a clear Dutch message, nothing saved."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Membership, Role
from partners.models import School
from pilots.models import PilotPhase


@pytest.fixture
def beheer(client, world):
    client.force_login(world.beheerder)
    return client


def school_form(world, brin_code):
    return {
        "name": "OBS De Kameleon", "brin_code": brin_code, "school_type": "basisschool",
        "partnership": world.partnership_a.pk, "municipality": "GM0599", "neighbourhood": "Spangen",
        "holiday_region": "midden",
    }


@pytest.mark.parametrize(("brin_code", "message"), [
    ("12AB0", "2 cijfers, 2 letters en 2 cijfers"),
    ("1234AB", "2 cijfers, 2 letters en 2 cijfers"),
    ("ABCD00", "2 cijfers, 2 letters en 2 cijfers"),
    ("12AB00X", "niet meer dan 6 tekens"),
    ("", "Dit veld is verplicht"),
])
def test_invalid_brin_code_is_refused_with_a_dutch_message(beheer, world, brin_code, message):
    before = School.objects.count()
    response = beheer.post(reverse("admin:partners_school_add"), school_form(world, brin_code))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert School.objects.count() == before


def test_brin_code_is_accepted_in_lower_case_and_kept_in_capitals(beheer, world):
    response = beheer.post(reverse("admin:partners_school_add"), school_form(world, " 27xy01 "))
    assert response.status_code == 302
    assert School.objects.get(name="OBS De Kameleon").brin_code == "27XY01"


def test_brin_code_is_unique(beheer, world):
    taken = world.school_a1.brin_code
    response = beheer.post(reverse("admin:partners_school_add"), school_form(world, taken))
    assert "bestaat al" in response.content.decode()


def pilot_form(world, phases):
    data = {
        "partnership": world.partnership_a.pk, "name": "Nieuwe pilot", "municipalities": "Rotterdam",
        "aim": "Sneller passende hulp.",
        "phases-TOTAL_FORMS": len(phases), "phases-INITIAL_FORMS": 0,
        "school_links-TOTAL_FORMS": 0, "school_links-INITIAL_FORMS": 0,
        "partner_links-TOTAL_FORMS": 0, "partner_links-INITIAL_FORMS": 0,
        "baseline_figures-TOTAL_FORMS": 0, "baseline_figures-INITIAL_FORMS": 0,
    }
    for index, (phase, start, end) in enumerate(phases):
        data[f"phases-{index}-phase"] = phase
        data[f"phases-{index}-start_date"] = start
        data[f"phases-{index}-end_date"] = end
    return data


def test_phase_dates_out_of_order_are_refused(beheer, world):
    response = beheer.post(
        reverse("admin:pilots_pilot_add"), pilot_form(world, [("opstart", "01-09-2026", "31-08-2026")]),
    )
    assert response.status_code == 200
    assert "De einddatum van een fase ligt niet voor de begindatum." in response.content.decode()
    assert not PilotPhase.objects.exists()
    assert not world.partnership_a.pilots.filter(name="Nieuwe pilot").exists()


def test_phases_in_order_are_saved(beheer, world):
    response = beheer.post(
        reverse("admin:pilots_pilot_add"),
        pilot_form(world, [("opstart", "01-09-2026", "31-12-2026"), ("uitvoering", "01-01-2027", "")]),
    )
    assert response.status_code == 302
    assert PilotPhase.objects.count() == 2


def test_phase_dates_out_of_order_are_refused_by_the_database_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PilotPhase.objects.create(
            pilot=world.pilot_a, phase="opstart", start_date="2026-09-01", end_date="2026-08-01",
        )


def membership_form(user, role, **place):
    return {"user": user.pk, "role": role, **{key: value.pk for key, value in place.items()}}


def test_membership_without_a_place_is_refused_in_dutch(beheer, world):
    before = Membership.objects.count()
    response = beheer.post(
        reverse("admin:accounts_membership_add"), membership_form(world.coach_b, Role.IB),
    )
    assert response.status_code == 200
    assert "Een intern begeleider hoort bij een school: kies de school." in response.content.decode()
    response = beheer.post(
        reverse("admin:accounts_membership_add"), membership_form(world.coach_b, Role.COORDINATOR),
    )
    assert "Een coach of coördinator hoort bij een pilotteam: kies de pilot." in response.content.decode()
    assert Membership.objects.count() == before


def test_membership_with_the_wrong_kind_of_place_is_refused(beheer, world):
    response = beheer.post(
        reverse("admin:accounts_membership_add"),
        membership_form(world.coach_b, Role.STUURGROEP, partnership=world.partnership_b, pilot=world.pilot_b),
    )
    assert "Laat dit veld leeg voor de rol stuurgroep." in response.content.decode()


def test_membership_with_its_place_is_saved(beheer, world):
    response = beheer.post(
        reverse("admin:accounts_membership_add"),
        membership_form(world.coach_b, Role.IB, school=world.school_b1),
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.coach_b, role=Role.IB, school=world.school_b1).exists()


def test_membership_without_a_place_is_refused_by_the_database_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.coach_b, role=Role.COACH)


def test_beheerder_cannot_hand_out_superuser_rights(beheer, world):
    content = beheer.get(reverse("admin:auth_user_change", args=[world.ib_a1.pk])).content.decode()
    assert 'name="is_superuser"' not in content
    assert 'name="user_permissions"' not in content
