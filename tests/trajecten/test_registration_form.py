"""An IB-er registers a child: every bad input gets a Dutch message and saves nothing."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.factories import advance, committed, make_trajectory, make_user
from trajecten import consent
from trajecten.models import Child, ConcernArea, StatusChange, Trajectory
from trajecten.states import Status

URL = reverse("trajecten:register")


def years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def ib(client, world):
    client.force_login(world.ib_a1)
    return client


def valid_data(world, **changes):
    data = {
        "given_name": "Sem", "family_name": "de Vries", "date_of_birth": years_ago(6, 100).isoformat(),
        "group": "3", "school": world.school_a1.pk, "pilot": world.pilot_a.pk,
        "teacher_name": "Juf Samira", "help_request": "Sem raakt in de kring snel overprikkeld.",
        "concern_areas": [ConcernArea.objects.get(name="gedrag").pk],
        "tried_already": "Een vaste plek en een time-out hoek.", "help_involved": ["jgz"],
        "wants_ambulant": "on", "urgency": "normaal",
        "consent_given": "ja", "consent_date": timezone.localdate().isoformat(), "consent_method": "schriftelijk",
        "consent_purposes": ["ondersteuning", "observatie"], "guardian1_name": "Anouk de Vries",
        "guardian1_relation": "moeder", "guardian1_authority": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def assert_refused(response, message):
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content, content[:3000]
    assert "punt om te verbeteren" in content or "punten om te verbeteren" in content
    assert not Trajectory.objects.exists()
    assert not Child.objects.exists()


def test_a_valid_registration_is_born_registered_with_its_history(ib, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ib.post(URL, valid_data(world))
    trajectory = Trajectory.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("trajecten:confirmation", args=[trajectory.pk])
    assert trajectory.status == Status.REGISTERED
    assert trajectory.registered_by == world.ib_a1
    assert trajectory.child.full_name == "Sem de Vries"
    assert trajectory.child.code.startswith("K-")
    assert list(trajectory.concern_areas.values_list("name", flat=True)) == ["gedrag"]
    change = StatusChange.objects.get(trajectory=trajectory)
    assert (change.from_status, change.to_status, change.changed_by) == ("", Status.REGISTERED, world.ib_a1)
    log = AccessLog.objects.get(action="create")
    assert (log.username, log.child_code) == ("ib-a1", trajectory.child.code)


def test_the_coordinator_gets_a_link_and_no_personal_data(ib, world):
    with committed():  # the commit, and the job that sends the notifications
        ib.post(URL, valid_data(world))
    trajectory = Trajectory.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator-a@example.org"]
    assert reverse("trajecten:detail", args=[trajectory.pk]) in message.body
    for personal in ["Sem", "de Vries", trajectory.child.date_of_birth.isoformat(), "Samira", "overprikkeld"]:
        assert personal not in message.body + message.subject


def test_the_confirmation_says_what_happens_next(ib, world):
    response = ib.post(URL, valid_data(world), follow=True)
    content = response.content.decode()
    assert "De aanmelding van Sem de Vries is ontvangen" in content
    assert "Wat gebeurt er nu?" in content


@pytest.mark.parametrize("field", [
    "given_name", "family_name", "date_of_birth", "group", "teacher_name", "help_request",
    "tried_already", "concern_areas", "consent_given",
])
def test_required_fields(ib, world, field):
    response = ib.post(URL, valid_data(world, **{field: None}))
    expected = "Kies ten minste één zorggebied." if field == "concern_areas" else "Dit veld is verplicht."
    assert_refused(response, expected)


def test_date_of_birth_in_the_future_is_refused(ib, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = ib.post(URL, valid_data(world, date_of_birth=tomorrow.isoformat()))
    assert_refused(response, "De geboortedatum kan niet in de toekomst liggen.")


def test_a_child_in_groep_3_is_not_11(ib, world):
    response = ib.post(URL, valid_data(world, date_of_birth=years_ago(11, 30).isoformat(), group="3"))
    assert_refused(response, "Een kind in groep 3 is meestal 5 tot en met 9 jaar")


def test_a_peuter_is_not_7(ib, world):
    response = ib.post(URL, valid_data(world, date_of_birth=years_ago(7, 30).isoformat(), group="peuter"))
    assert_refused(response, "Een kind in peuter is meestal 1 tot en met 4 jaar")


def test_dates_typed_the_dutch_way_are_understood(ib, world):
    born = years_ago(6, 100)
    response = ib.post(URL, valid_data(world, date_of_birth=born.strftime("%d-%m-%Y")))
    assert response.status_code == 302
    assert Child.objects.get().date_of_birth == born


def test_a_forged_school_of_another_partnership_is_refused(ib, world):
    response = ib.post(URL, valid_data(world, school=world.school_b1.pk, pilot=world.pilot_b.pk))
    assert_refused(response, "U kunt alleen kinderen aanmelden van een school waar u intern begeleider bent.")


def test_a_forged_school_of_a_colleague_in_the_same_pilot_is_refused(ib, world):
    response = ib.post(URL, valid_data(world, school=world.school_a2.pk))
    assert_refused(response, "U kunt alleen kinderen aanmelden van een school waar u intern begeleider bent.")


def test_a_pilot_the_school_does_not_take_part_in_is_refused(client, world):
    world.ib_a1.memberships.create(role="ib", school=world.school_a3)
    client.force_login(world.ib_a1)
    response = client.post(URL, valid_data(world, school=world.school_a3.pk))
    assert_refused(response, "doet niet mee aan de pilot KID")


def test_group_arrangement_only_beside_ambulant_support(ib, world):
    response = ib.post(URL, valid_data(world, wants_ambulant=None, wants_group_arrangement="on"))
    assert_refused(response, "Een groepsarrangement is er alleen naast ambulante begeleiding")


def test_some_support_must_be_asked_for(ib, world):
    response = ib.post(URL, valid_data(world, wants_ambulant=None))
    assert_refused(response, "Kies ten minste één vorm van ondersteuning.")


def test_given_consent_needs_date_way_purpose_and_a_parent(ib, world):
    response = ib.post(URL, valid_data(world, consent_date=None, consent_method=None, consent_purposes=None,
                                       guardian1_name=None, guardian1_relation=None))
    assert_refused(response, "Vul de datum in waarop de ouders toestemming gaven.")
    content = response.content.decode()
    assert "Kies hoe de ouders toestemming gaven." in content
    assert "Kies waarvoor de ouders toestemming gaven." in content
    assert "Vul de naam van de ouder of voogd in." in content
    assert "Kies de relatie tot het kind." in content


def test_consent_in_the_future_is_refused(ib, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = ib.post(URL, valid_data(world, consent_date=tomorrow.isoformat()))
    assert_refused(response, "De datum van de toestemming kan niet in de toekomst liggen.")


def test_registration_without_consent_yet_is_saved_without_consent_details(ib, world):
    response = ib.post(URL, valid_data(world, consent_given="nee"))
    assert response.status_code == 302
    trajectory = Trajectory.objects.get()
    assert not trajectory.guardians.exists()
    assert not consent.holds(trajectory, "ondersteuning")


def test_an_open_trajectory_for_the_same_child_is_refused_with_a_link(ib, world):
    ib.post(URL, valid_data(world))
    existing = Trajectory.objects.get()
    response = ib.post(URL, valid_data(world, given_name="sem", family_name="De Vries "))
    content = response.content.decode()
    assert content.count("Dit kind heeft al een lopende aanmelding op deze school.") == 1  # in the summary only
    assert f'href="{reverse("trajecten:detail", args=[existing.pk])}"' in content
    assert Trajectory.objects.count() == 1
    assert Child.objects.count() == 1


def test_submitting_twice_makes_one_trajectory(ib, world):
    first = ib.post(URL, valid_data(world))
    second = ib.post(URL, valid_data(world))
    assert first.status_code == 302
    assert second.status_code == 200
    assert Trajectory.objects.count() == 1


def test_the_database_refuses_a_second_open_trajectory_for_a_child(world):
    from django.db import IntegrityError, transaction

    first = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=first.child)


def test_a_race_between_two_submits_ends_in_the_link_not_a_second_trajectory(ib, world, monkeypatch):
    """The second request passed validation before the first committed; the database stops it."""
    from trajecten.forms import RegistrationForm

    ib.post(URL, valid_data(world))
    # Validation of the second request ran before the first one committed: it saw no open trajectory.
    monkeypatch.setattr(RegistrationForm, "_check_no_open_trajectory", lambda self, cleaned: None)
    response = ib.post(URL, valid_data(world))
    assert response.status_code == 200
    assert "Dit kind heeft al een lopende aanmelding op deze school." in response.content.decode()
    assert Trajectory.objects.count() == 1


def test_a_double_submit_for_a_new_child_ends_in_the_link_not_an_error(world):
    """Both submits were validated before either was saved, so neither saw the child the other creates."""
    from trajecten import registrations
    from trajecten.forms import RegistrationForm

    first, second = (RegistrationForm(valid_data(world), user=world.ib_a1) for _ in range(2))
    assert first.is_valid() and second.is_valid()
    trajectory = registrations.register(first.cleaned_data, by=world.ib_a1)
    with pytest.raises(registrations.AlreadyRegistered) as refused:
        registrations.register(second.cleaned_data, by=world.ib_a1)
    assert refused.value.trajectory == trajectory
    assert Trajectory.objects.get() == trajectory
    assert Child.objects.count() == 1


def test_a_new_registration_after_a_closed_one_links_to_it(ib, world):
    ib.post(URL, valid_data(world))
    earlier = Trajectory.objects.get()
    advance(earlier, Status.COMPLETED, by=world.coach_a, coach=world.coach_a)
    response = ib.post(URL, valid_data(world))
    assert response.status_code == 302
    newer = Trajectory.objects.exclude(pk=earlier.pk).get()
    assert newer.previous == earlier
    assert newer.child == earlier.child


def test_only_ib_ers_may_register(client, world):
    for user in [world.coach_a, world.coordinator_a, world.stuurgroep_a, world.beheerder, make_user("zonder-rol")]:
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_the_form_names_the_only_school_and_pilot_instead_of_offering_a_list_of_one(ib, world):
    content = ib.get(URL).content.decode()
    place = content[content.index("School en pilot"):content.index('name="teacher_name"')]
    assert "School: <strong>De Regenboog</strong>" in place and f"Pilot: <strong>{world.pilot_a.name}</strong>" in place
    assert f'<input type="hidden" name="school" value="{world.school_a1.pk}"' in place
    assert f'<input type="hidden" name="pilot" value="{world.pilot_a.pk}"' in place
    assert "<select" not in place
    assert "Het Anker" not in content and "De Wilster" not in content


def test_a_taken_pseudonymous_code_is_drawn_again(world, monkeypatch):
    from trajecten import models as trajecten_models

    first = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a).child
    draws = iter([first.code, "K-NIEUWECODE"])
    monkeypatch.setattr(trajecten_models, "new_child_code", lambda: next(draws))
    child = Child(school=world.school_a1, given_name="Ander", family_name="Kind", date_of_birth=first.date_of_birth,
                  group="3")
    child.code = trajecten_models.new_child_code()
    child.save()
    assert child.code == "K-NIEUWECODE"
    assert Child.objects.filter(code__in=[first.code, "K-NIEUWECODE"]).count() == 2


def test_the_remembered_empty_form_is_each_ib_ers_own(client, world):
    """Every IB-er sees only their own schools (named when there is one, offered when there are more), and a
    school that joins later at once."""
    def school_part(user):
        client.force_login(user)
        content = client.get(URL).content.decode()
        return content[content.index("School en pilot"):content.index('name="teacher_name"')]

    first = school_part(world.ib_a1)
    assert world.school_a1.name in first and world.school_a2.name not in first
    assert school_part(world.ib_a1) == first
    second = school_part(world.ib_a2)
    assert world.school_a2.name in second and world.school_a1.name not in second
    Membership = type(world.ib_a1.memberships.first())
    Membership.objects.create(user=world.ib_a1, role="ib", school=world.school_a2)
    both = school_part(world.ib_a1)
    assert '<select name="school"' in both
    assert world.school_a1.name in both and world.school_a2.name in both


def test_the_intro_explains_the_marks_the_form_uses(ib, world):
    content = ib.get(URL).content.decode()
    assert "Velden met een * zijn verplicht." in content
    assert "(optioneel)" not in content
    assert 'Voornaam<span class="asteriskField">*</span>' in content
    assert "Hulp die al betrokken is<span" not in content  # optional: no mark


def test_the_consent_details_belong_to_the_answer_yes(ib, world):
    """The date, way, purposes and guardians sit in one part that the page shows only after "Ja" (static/js/forms.js);
    with "Nog niet" the server keeps none of them, even if they were filled in before the answer changed."""
    content = ib.get(URL).content.decode()
    part = content[content.index('data-shown-when="consent_given=ja"'):]
    assert (part.index('name="consent_date"') < part.index('name="consent_purposes"')
            < part.index('name="guardian1_name"') < part.index('data-shown-when="consent_given=ja"', 1)
            < part.index('name="guardian2_name"'))
    response = ib.post(URL, valid_data(world, consent_given="nee"))
    assert response.status_code == 302
    trajectory = Trajectory.objects.get()
    assert not trajectory.guardians.exists()


def test_the_summary_lists_the_errors_in_the_order_of_the_page(ib, world):
    response = ib.post(URL, {"consent_given": "ja"})
    summary = response.content.decode().split('id="foutmeldingen"')[1].split("</ul>")[0]
    labels = ["Voornaam", "Achternaam", "Geboortedatum", "Groep", "Naam van de leerkracht",
              "Hulpvraag van de leerkracht", "Zorggebieden", "Wat heeft de school al geprobeerd?",
              "Datum van de toestemming"]
    positions = [summary.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)


class InvalidFields(HTMLParser):
    """The names of the form fields the page marks red (Bootstrap's is-invalid)."""

    def __init__(self):
        super().__init__()
        self.names = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and "is-invalid" in (attrs.get("class") or "").split():
            self.names.append(attrs.get("name"))


@pytest.mark.parametrize("changes, red", [
    ({"teacher_name": None}, {"teacher_name"}),
    ({"teacher_name": None, "date_of_birth": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
     {"teacher_name", "date_of_birth"}),
    ({"concern_areas": None}, {"concern_areas"}),
])
def test_in_an_error_state_only_the_fields_in_error_turn_red(ib, world, changes, red):
    response = ib.post(URL, valid_data(world, **changes))
    parser = InvalidFields()
    parser.feed(response.content.decode())
    assert set(parser.names) == red


def test_a_field_in_error_names_its_message_and_the_summary_links_reach_it(ib, world):
    """Every link of the summary at the top lands on an element of the page, a group of checkboxes included (under
    crispy's layout that one led nowhere); and, as before, a screen reader reads the message with the field."""
    content = ib.post(URL, valid_data(world, teacher_name="", concern_areas=[])).content.decode()
    field = content[content.index('name="teacher_name"'):]
    field = field[:field.index(">")]
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_teacher_name_error"' in field
    message = content[content.index('id="id_teacher_name_error"'):]
    assert message.index("Dit veld is verplicht.") < message.index("</div></div>")
    summary = content.split('id="foutmeldingen"')[1].split("</ul>")[0]
    for target in ("id_teacher_name", "id_concern_areas"):
        assert f'href="#{target}"' in summary and f'id="{target}"' in content
    assert '<fieldset aria-describedby="id_concern_areas_error">' in content


def rendered_names(content):
    """The names of the fields in the page's form (not the logout form's in the menu)."""
    form = content.split('<form method="post" novalidate>')[1].split("</form>")[0]
    return set(re.findall(r'name="([a-z_0-9]+)"', form)) - {"csrfmiddlewaretoken"}


def test_the_page_shows_every_field_of_the_form_for_a_new_registration_and_a_correction(ib, world):
    """The layout stands in the template (trajecten/_registration_fields.html): a field of the form that it does not
    name would silently be missing from the page."""
    page = ib.get(URL)
    assert rendered_names(page.content.decode()) == set(page.context["form"].fields)
    without_consent = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    with_consent = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    for trajectory, asks_consent in ((without_consent, True), (with_consent, False)):
        correction = ib.get(reverse("trajecten:correct", args=[trajectory.pk]))
        fields = set(correction.context["form"].fields)
        assert ("consent_given" in fields) is asks_consent
        assert rendered_names(correction.content.decode()) == fields


def test_two_parents_with_gezag_are_recorded_at_registration_and_both_count(ib, world):
    response = ib.post(URL, valid_data(world, guardian2_name="Mark de Vries", guardian2_relation="vader",
                                       guardian2_authority="on", guardian2_consents="on"))
    assert response.status_code == 302
    trajectory = Trajectory.objects.get()
    assert [str(guardian) for guardian in trajectory.guardians.all()] == [
        "Anouk de Vries (moeder)", "Mark de Vries (vader)"]
    assert consent.purposes_holding(trajectory) == ["ondersteuning", "observatie"]
    assert set(trajectory.guardians.values_list("entries__method", flat=True)) == {"schriftelijk"}


def test_a_second_parent_with_gezag_who_did_not_sign_yet_holds_the_consent_back(ib, world):
    response = ib.post(URL, valid_data(world, guardian2_name="Mark de Vries", guardian2_relation="vader",
                                       guardian2_authority="on"), follow=True)
    trajectory = Trajectory.objects.get()
    assert trajectory.guardians.count() == 2
    assert not consent.holds(trajectory, "ondersteuning")
    assert "Vraag de ouders om toestemming." in response.content.decode()


def test_consent_from_a_parent_without_gezag_alone_is_refused_at_registration(ib, world):
    response = ib.post(URL, valid_data(world, guardian1_authority=None))
    assert_refused(response, "De toestemming telt pas als een ouder of voogd met gezag haar gaf.")


def test_a_half_filled_second_parent_is_asked_to_complete(ib, world):
    response = ib.post(URL, valid_data(world, guardian2_name="Mark de Vries"))
    assert_refused(response, "Kies de relatie tot het kind.")
