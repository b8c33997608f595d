"""A kinderopvang is a place of its own (issue 18): its pedagogisch medewerker registers a peuter and reads the
words of a kinderopvang on every page, mail and menu; a school's intern begeleider still reads a school's."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AccessLog
from base import places
from partners.models import SchoolType
from tests.factories import committed, join, make_child, make_pilot, make_school, make_trajectory, make_user
from trajecten.models import ConcernArea, ConsentPurpose, ContactMoment, Trajectory
from trajecten.states import Status

REGISTER = reverse("trajecten:register")
SCHOOL_WORDS = ["leerkracht", "Leerkracht", "intern begeleider", "school al geprobeerd", "van uw school",
                "mijn school", "in de klas", "klasje", "groep 3"]


@pytest.fixture
def opvang(world):
    """A kinderopvang location in the KID pilot, with its pedagogisch medewerker."""
    place = make_school(world.partnership_a, "Peuteropvang De Vlindertuin", school_type=SchoolType.KINDEROPVANG)
    join(world.pilot_a, place)
    place.pm = make_user("pm-vlindertuin", role=Role.IB, school=place)
    return place


def peuter_trajectory(place, pilot, **fields):
    today = timezone.localdate()
    child = make_child(place, group="peuter", date_of_birth=today.replace(year=today.year - 3))
    return make_trajectory(place.pm, place, pilot, child=child, teacher_name="Ingrid", **fields)


def text_of(response):
    """The page as a reader sees it: without tags, so that a class name or a URL counts for nothing."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def assert_only_kinderopvang_words(text):
    found = [word for word in SCHOOL_WORDS if word in text]
    assert not found, f"school words {found} on a kinderopvang's page"


def peuter_data(place, pilot, **changes):
    today = timezone.localdate()
    data = {
        "given_name": "Lotte", "family_name": "van Dijk",
        "date_of_birth": (today.replace(year=today.year - 3) - datetime.timedelta(days=40)).isoformat(),
        "group": "peuter", "school": place.pk, "pilot": pilot.pk,
        "teacher_name": "Ingrid", "help_request": "Lotte praat nog weinig in de groep.",
        "concern_areas": [ConcernArea.objects.get(name="taal/spraak").pk],
        "tried_already": "Voorlezen in een klein groepje.", "wants_ambulant": "on", "urgency": "normaal",
        "consent_given": "nee",
    }
    data.update(changes)
    return data


def test_a_pedagogisch_medewerker_s_form_speaks_of_the_kinderopvang(client, opvang):
    client.force_login(opvang.pm)
    text = text_of(client.get(REGISTER))
    # The consent part is being rewritten as a ledger per parent (issue 18.3); its purposes keep their words.
    text, _consent = text.split("Toestemming van de ouders", 1)
    assert_only_kinderopvang_words(text)
    for words in [
        "Meld een kind van uw kinderopvang aan", "Kinderopvang en pilot", "Naam van de pedagogisch medewerker",
        "Hulpvraag van de pedagogisch medewerker", "Wat heeft de kinderopvang al geprobeerd?",
        "Consultatie voor de pedagogisch medewerker", "(pedagogisch medewerker)",
    ]:
        assert words in text


def test_a_kinderopvang_offers_the_peuter_group_only_and_chooses_it(client, opvang):
    client.force_login(opvang.pm)
    content = client.get(REGISTER).content.decode()
    group = re.search(r'<select name="group".*?</select>', content, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", group) == ["Peuter"]
    assert 'value="peuter" selected' in group


def test_an_ib_er_s_form_still_speaks_of_the_school(client, world, opvang):
    client.force_login(world.ib_a1)
    text = text_of(client.get(REGISTER))
    for words in ["Meld een kind van uw school aan", "School en pilot", "Naam van de leerkracht",
                  "Wat heeft de school al geprobeerd?", "(intern begeleider)", "groep 3"]:
        assert words in text
    assert "kinderopvang" not in text.lower()
    assert "pedagogisch medewerker" not in text


def test_a_pedagogisch_medewerker_registers_a_peuter_and_reads_the_kinderopvang_s_next_steps(client, opvang, world):
    client.force_login(opvang.pm)
    response = client.post(REGISTER, peuter_data(opvang, world.pilot_a), follow=True)
    trajectory = Trajectory.objects.get()
    assert trajectory.child.group == "peuter" and trajectory.registered_by == opvang.pm
    text = text_of(response)
    assert "De aanmelding van Lotte van Dijk is ontvangen" in text
    assert_only_kinderopvang_words(text)
    assert "met u en de pedagogisch medewerker om een eerste observatie in de groep af te spreken" in text
    assert "lijst met aanmeldingen van uw kinderopvang" in text
    assert "Naar de aanmeldingen van mijn kinderopvang" in text


def test_the_kinderopvang_s_list_and_menu_say_mijn_kinderopvang(client, opvang, world):
    peuter_trajectory(opvang, world.pilot_a)
    client.force_login(opvang.pm)
    response = client.get(reverse("start"), follow=True)
    text = text_of(response)
    assert "Aanmeldingen van mijn kinderopvang" in text
    assert_only_kinderopvang_words(text)
    assert 'data-label="Kinderopvang"' in response.content.decode()


def test_a_correction_at_a_kinderopvang_asks_in_its_words(client, opvang, world):
    trajectory = peuter_trajectory(opvang, world.pilot_a)
    client.force_login(opvang.pm)
    text = text_of(client.get(reverse("trajecten:correct", args=[trajectory.pk])))
    assert "Wat heeft de kinderopvang al geprobeerd?" in text and "Naam van de pedagogisch medewerker" in text
    assert_only_kinderopvang_words(text.split("Toestemming van de ouders", 1)[0])


def test_a_refused_place_is_explained_in_the_kinderopvang_s_words(client, opvang, world):
    client.force_login(opvang.pm)
    text = text_of(client.post(REGISTER, peuter_data(opvang, world.pilot_a, school=world.school_a1.pk)))
    assert "U kunt alleen kinderen aanmelden van een kinderopvang waar u pedagogisch medewerker bent." in text
    assert not Trajectory.objects.exists()


def test_a_trajectory_at_a_kinderopvang_names_its_pedagogisch_medewerker(client, opvang, world):
    trajectory = peuter_trajectory(opvang, world.pilot_a, wants_consultation=True)
    for kind in ("observatie", "gesprek_leerkracht"):
        ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate(), kind=kind, minutes=30,
                                     note="Tips besproken.", shared_with_school=True, created_by=world.coach_a)
    client.force_login(opvang.pm)
    text = text_of(client.get(trajectory.get_absolute_url()))
    assert "Pedagogisch medewerker Ingrid" in text
    assert "consultatie voor de pedagogisch medewerker" in text
    assert "Observatie in de groep" in text and "Gesprek met de pedagogisch medewerker" in text
    # The consent purposes belong to the consent ledger being built (issue 18.3), which names them anew.
    assert_only_kinderopvang_words(text.replace(str(ConsentPurpose.SUPPORT.label), ""))
    at_school = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, teacher_name="Juf Fatima")
    client.force_login(world.ib_a1)
    assert "Leerkracht Juf Fatima" in text_of(client.get(at_school.get_absolute_url()))


def test_the_coach_shares_a_contact_moment_with_the_kinderopvang(client, opvang, world):
    trajectory = peuter_trajectory(opvang, world.pilot_a)
    client.force_login(world.coach_a)
    text = text_of(client.get(reverse("trajecten:contact_moment", args=[trajectory.pk])))
    assert "Zichtbaar voor de kinderopvang" in text
    assert "wat de pedagogisch medewerker mag lezen" in text
    assert "voor de school" not in text and "intern begeleider" not in text


def test_the_coach_records_and_closes_in_the_kinderopvang_s_words_and_a_school_s_in_its_own(client, opvang, world):
    at_opvang = peuter_trajectory(opvang, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    at_school = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    client.force_login(world.coach_a)

    def texts(trajectory):
        moment = text_of(client.get(reverse("trajecten:contact_moment", args=[trajectory.pk])))
        closing = text_of(client.get(reverse("trajecten:transition", args=[trajectory.pk, "afronden"])))
        return moment, closing

    moment, closing = texts(at_opvang)
    assert "observatie in de groep" in moment and "gesprek met de pedagogisch medewerker" in moment
    assert "pedagogisch medewerker kan verder met de suggesties" in closing
    assert "passende plek in de eigen kinderopvang of groep" in closing
    assert "Rond af als de pedagogisch medewerker verder kan" in closing
    assert_only_kinderopvang_words(moment + closing)
    moment, closing = texts(at_school)
    assert "observatie in de klas" in moment and "gesprek met de leerkracht" in moment
    assert "leerkracht kan verder met de suggesties" in closing


def test_the_pedagogisch_medewerker_is_mailed_of_a_new_status_in_the_kinderopvang_s_words(client, opvang, world):
    trajectory = peuter_trajectory(opvang, world.pilot_a)
    mail.outbox.clear()
    client.force_login(world.coach_a)
    with committed():
        client.post(reverse("trajecten:transition", args=[trajectory.pk, "starten"]), {
            "version": trajectory.version, "coach": world.coach_a.pk, "start_date": timezone.localdate().isoformat(),
        })
    (message,) = [m for m in mail.outbox if m.to == [opvang.pm.email]]
    assert message.subject == "KID-portaal: de status van een aanmelding van uw kinderopvang is veranderd"
    assert "De status van een aanmelding van uw kinderopvang is veranderd" in message.body
    assert "school" not in message.body


def test_one_who_works_at_a_school_and_a_kinderopvang_reads_both_and_each_row_its_own(client, opvang, world):
    world.ib_a1.memberships.create(role=Role.IB, school=opvang)
    make_trajectory(world.ib_a1, opvang, world.pilot_a)
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(world.ib_a1)
    text = text_of(client.get(REGISTER))
    assert "(intern begeleider, pedagogisch medewerker)" in text
    assert "Wat heeft de school of kinderopvang al geprobeerd?" in text
    assert "Naam van de leerkracht of pedagogisch medewerker" in text
    assert "Peuter" in text and "groep 3" in text  # both places' groups
    listing = client.get(reverse("trajecten:school_list"))
    assert "Aanmeldingen van mijn school en kinderopvang" in text_of(listing)
    content = listing.content.decode()
    assert '<th scope="col">School of kinderopvang</th>' in content
    assert 'data-label="Kinderopvang">Peuteropvang De Vlindertuin' in content
    assert 'data-label="School">De Regenboog' in content


def test_the_coordinator_s_list_names_the_column_by_the_places_in_it(client, opvang, world):
    peuter_trajectory(opvang, world.pilot_a)
    client.force_login(world.coordinator_a)
    assert '<th scope="col">Kinderopvang</th>' in client.get(reverse("trajecten:queue")).content.decode()
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    assert '<th scope="col">School of kinderopvang</th>' in client.get(reverse("trajecten:queue")).content.decode()


def test_the_access_log_names_the_pedagogisch_medewerker_s_role(client, opvang, world):
    client.force_login(opvang.pm)
    client.post(REGISTER, peuter_data(opvang, world.pilot_a))
    assert AccessLog.objects.filter(user=opvang.pm).values_list("roles", flat=True).distinct().get() == (
        "pedagogisch medewerker"
    )


@pytest.mark.parametrize(("school_types", "words"), [
    ([], places.SCHOOL_WORDS),
    (["basisschool", "sbo"], places.SCHOOL_WORDS),
    (["kinderopvang", "kinderopvang"], places.CHILDCARE_WORDS),
    (["ikc", "kinderopvang"], places.MIXED_WORDS),
])
def test_places_of_one_kind_speak_as_that_kind_and_both_kinds_neutrally(school_types, words):
    assert places.words_for_all(school_types) is words


def test_a_pilot_of_kinderopvang_only_lists_its_kinderopvanglocaties(client, opvang, world):
    someren = make_school(world.partnership_b, "Kinderopvang Het Speelhuis", school_type=SchoolType.KINDEROPVANG)
    pilot = make_pilot(world.partnership_b, [someren], "Iedere peuter op de juiste plek")
    client.force_login(world.stuurgroep_b)
    content = client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert "Deelnemende kinderopvanglocaties" in content and "Deelnemende scholen" not in content
    assert '<th scope="col">Kinderopvang</th>' in content
    client.force_login(world.stuurgroep_a)
    content = client.get(reverse("pilots:detail", args=[world.pilot_a.pk])).content.decode()
    assert "Deelnemende scholen en kinderopvanglocaties" in content
    assert 'data-label="Kinderopvang">Peuteropvang De Vlindertuin' in content
    assert 'data-label="School">De Regenboog' in content


def test_a_coordinator_adds_a_kinderopvang_in_its_words(client, world):
    make_school(world.partnership_b, "Kinderopvang 't Speelhuis", school_type=SchoolType.KINDEROPVANG)
    client.force_login(world.coordinator_b)
    text = text_of(client.get(reverse("trajecten:pilot_manage", args=[world.pilot_b.pk])))
    assert "Kinderopvang toevoegen" in text and "School toevoegen" not in text
    assert "Deelnemende scholen" in text  # De Wilster, already in the pilot


def test_the_dashboard_offers_the_places_of_the_partnership_by_their_kind(client, opvang, world):
    client.force_login(world.stuurgroep_a)
    content = client.get(reverse("dashboards:scope")).content.decode()
    assert "School of kinderopvang" in content and "alle scholen en kinderopvanglocaties" in content
    client.force_login(world.stuurgroep_b)
    content = client.get(reverse("dashboards:scope")).content.decode()
    choice = re.search(r'<label[^>]*for="id_school".*?</select>', content, re.S).group(0)
    assert "alle scholen</option>" in choice and "kinderopvang" not in choice.lower()


def test_the_coach_asks_after_a_peuter_in_the_words_of_the_kinderopvang(client, world, opvang):
    """Nazorg at a kinderopvang: how the child does in the groep, asked of the pedagogisch medewerker."""
    trajectory = peuter_trajectory(opvang, world.pilot_a, status=Status.COMPLETED, coach=world.coach_a,
                                   ended=timezone.localdate() - datetime.timedelta(days=95),
                                   registered_at=timezone.now() - datetime.timedelta(days=160))
    client.force_login(world.coach_a)
    text = text_of(client.get(reverse("trajecten:follow_up", args=[trajectory.pk, 3])))
    assert "Hoe gaat het met het kind in de groep?" in text and "pedagogisch medewerker" in text
    assert_only_kinderopvang_words(text)

    school_trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED,
                                        coach=world.coach_a, ended=timezone.localdate() - datetime.timedelta(days=95),
                                        registered_at=timezone.now() - datetime.timedelta(days=160))
    text = text_of(client.get(reverse("trajecten:follow_up", args=[school_trajectory.pk, 3])))
    assert "Hoe gaat het met het kind in de klas?" in text and "leerkracht" in text and "intern begeleider" in text
