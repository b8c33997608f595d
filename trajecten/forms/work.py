"""The coach's small forms: one per transition, a contact moment, a placement, an assignment."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from base.dates import DateField, plausible_date
from base.display import display_name
from base.fields import KeyChoiceField, KeysChoiceField
from base.widgets import DateInput
from partners.models import Organisation
from pilots.models import DayPart, GroupArrangement, Pilot

from .. import followups
from ..models import (
    AskedWhom,
    ConsentBy,
    ConsentPurpose,
    ContactMoment,
    HelpKind,
    HowItGoes,
    Outcome,
    Referral,
    Trajectory,
    asked_whom_choices,
    contact_kind_choices,
    outcome_choices,
)
from ..states import OPEN_STATES
from .registration import require_consent_details


def open_caseload(coach="pk"):
    """The number of open trajectories of the coach (`coach`: the outer query's field), in all of their pilots."""
    return Coalesce(Subquery(
        Trajectory.objects.filter(coach=OuterRef(coach), status__in=OPEN_STATES).order_by()
        .values("coach").annotate(count=Count("pk")).values("count")
    ), 0)


def coaches_of(pilots):
    return (
        get_user_model().objects.filter(
            is_active=True, memberships__role=Role.COACH, memberships__pilot__in=pilots,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def coaches_to_choose(pilots):
    """The coaches of `pilots` where one is chosen: each with their open caseload (coach_label)."""
    return coaches_of(pilots).annotate(open_caseload=open_caseload())


def coach_label(user):
    """A coach's name with their open caseload, where a coach is chosen: "Karim El Amrani (12 open)"."""
    name = display_name(user)
    if getattr(user, "open_caseload", None) is None:
        return name
    return _("%(name)s (%(count)s open)") % {"name": name, "count": user.open_caseload}


class CoachChoiceField(KeyChoiceField):
    def label_from_instance(self, user):
        return coach_label(user)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst; kies vandaag of eerder."))


class TrajectoryForm(forms.Form):
    """A form about one trajectory, carrying the version it was opened at (for conflicts)."""

    submit_label = _("Opslaan")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, trajectory, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        self.user = user
        if "note_shared" in self.fields:
            name_shared_field(self.fields["note_shared"], trajectory, SHARED_NOTE_LABEL)
        self.initial.setdefault("version", trajectory.version)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))

    def _not_before(self, value, earliest, message):
        if value and earliest and value < earliest:
            raise forms.ValidationError(message % {"date": earliest.strftime("%d-%m-%Y")})
        return value


SHARED_NOTE_LABEL = _("Toelichting zichtbaar voor de %(place)s")
SHARED_LABEL = _("Zichtbaar voor de %(place)s")
SHARED_HELP = _("Alleen aanzetten voor wat de %(registrar)s mag lezen; anders leest alleen het team het.")


def shared_note_field():
    """Labelled by the form, in the words of the trajectory's place (name_shared_field)."""
    return forms.BooleanField(required=False)


def name_shared_field(field, trajectory, label):
    """'Zichtbaar voor de school' or 'voor de kinderopvang', and whose reading it is."""
    words = trajectory.school.words
    field.label = label % {"place": words.place}
    field.help_text = SHARED_HELP % {"registrar": words.registrar}


class StartForm(TrajectoryForm):
    submit_label = _("Traject starten")
    coach = CoachChoiceField(label=_("Coach"), queryset=None)
    start_date = DateField(label=_("Startdatum"), widget=DateInput, validators=[not_in_future])
    consent_date = DateField(
        label=_("Datum van de toestemming"), widget=DateInput, required=False, validators=[not_in_future],
    )
    consent_by = forms.ChoiceField(
        label=_("Gegeven door (ouder of voogd met gezag)"), choices=[("", "---------"), *ConsentBy.choices],
        required=False,
    )
    consent_purposes = forms.MultipleChoiceField(
        label=_("Toestemming voor"), choices=ConsentPurpose.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Toelichting (optioneel)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    note_shared = shared_note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches_to_choose([self.trajectory.pilot_id])
        self.initial.setdefault("coach", self.trajectory.coach_id or (
            self.user.pk if self.fields["coach"].queryset.filter(pk=self.user.pk).exists() else None
        ))
        self.initial.setdefault("start_date", timezone.localdate())
        if self.trajectory.consent_given:
            for name in ("consent_date", "consent_by", "consent_purposes"):
                del self.fields[name]
        else:
            self.fields["consent_date"].help_text = _(
                "De ouders hebben nog geen toestemming gegeven volgens de aanmelding. Leg die hier vast: "
                "zonder toestemming start geen traject."
            )

    def clean_start_date(self):
        return self._not_before(
            self.cleaned_data["start_date"], timezone.localdate(self.trajectory.registered_at),
            _("De startdatum ligt niet voor de aanmelding (%(date)s)."),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.trajectory.consent_given:
            require_consent_details(self, cleaned)
        return cleaned

    def changes(self):
        changes = {"coach": self.cleaned_data["coach"], "start_date": self.cleaned_data["start_date"]}
        if not self.trajectory.consent_given:
            changes.update(
                consent_given=True, consent_date=self.cleaned_data["consent_date"],
                consent_by=self.cleaned_data["consent_by"], consent_purposes=self.cleaned_data["consent_purposes"],
            )
        return changes


class ClosingForm(TrajectoryForm):
    """Afronden, doorverwijzen and stoppen close the trajectory for good: the coach confirms that first."""

    end_date = DateField(label=_("Einddatum"), widget=DateInput, validators=[not_in_future])
    final_label = _("Ik weet dat dit definitief is: het traject gaat daarna niet meer open.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("end_date", timezone.localdate())
        self.fields["definitief"] = forms.BooleanField(
            label=self.final_label,
            error_messages={"required": _("Vink aan dat u weet dat deze stap definitief is.")},
        )

    def clean_end_date(self):
        earliest = self.trajectory.start_date or timezone.localdate(self.trajectory.registered_at)
        return self._not_before(
            self.cleaned_data["end_date"], earliest,
            _("De einddatum ligt niet voor %(date)s, de start van het traject."),
        )


class CompleteForm(ClosingForm):
    submit_label = _("Traject afronden")
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Toelichting (optioneel)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    note_shared = shared_note_field()
    field_order = ["outcome", "end_date", "note", "note_shared"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices(self.trajectory.school.words)

    def changes(self):
        return {"outcome": self.cleaned_data["outcome"], "end_date": self.cleaned_data["end_date"]}


class ReferForm(ClosingForm):
    submit_label = _("Doorverwijzen")
    help_kind = forms.ChoiceField(label=_("Soort hulp"), choices=[("", "---------"), *HelpKind.choices])
    organisation = KeyChoiceField(
        label=_("Naar organisatie (optioneel)"), queryset=Organisation.objects.order_by("name"), required=False,
    )
    note = forms.CharField(label=_("Toelichting (optioneel)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    note_shared = shared_note_field()
    field_order = ["help_kind", "organisation", "end_date", "note", "note_shared"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].label = _("Datum van de doorverwijzing")

    def changes(self):
        return {"end_date": self.cleaned_data["end_date"]}

    def referral(self):
        return Referral(
            help_kind=self.cleaned_data["help_kind"], organisation=self.cleaned_data["organisation"],
            date=self.cleaned_data["end_date"], note=self.cleaned_data["note"],
        )


class WithdrawForm(ClosingForm):
    submit_label = _("Traject stoppen")
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort op waarom het traject stopt.")},
    )
    note_shared = shared_note_field()
    field_order = ["reason", "note_shared", "end_date"]

    def changes(self):
        return {"end_date": self.cleaned_data["end_date"]}


class ConsentForm(TrajectoryForm):
    """Consent the parents gave later, for purposes not yet recorded."""

    submit_label = _("Toestemming vastleggen")
    purposes = forms.MultipleChoiceField(
        label=_("De ouders geven nu ook toestemming voor"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies waarvoor de ouders toestemming gaven.")},
    )
    consent_date = DateField(label=_("Datum van de toestemming"), widget=DateInput, validators=[not_in_future])
    consent_by = forms.ChoiceField(label=_("Gegeven door (ouder of voogd met gezag)"),
                                   choices=[("", "---------"), *ConsentBy.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = set(self.trajectory.consent_purposes)
        self.fields["purposes"].choices = [(code, label) for code, label in ConsentPurpose.choices if code not in given]
        self.initial.setdefault("consent_date", timezone.localdate())


class AssignForm(TrajectoryForm):
    submit_label = _("Toewijzen")
    coach = CoachChoiceField(label=_("Coach"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches_to_choose([self.trajectory.pilot_id])


class ContactMomentForm(forms.ModelForm):
    class Meta:
        model = ContactMoment
        fields = ["date", "kind", "minutes", "note", "shared_with_school"]
        widgets = {"date": DateInput, "note": forms.Textarea(attrs={"rows": 4})}
        labels = {"date": _("Datum"), "kind": _("Soort contact"), "minutes": _("Duur in minuten"),
                  "note": _("Verslag")}

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        name_shared_field(self.fields["shared_with_school"], trajectory, SHARED_LABEL)
        self.fields["kind"].choices = [("", "---------"), *contact_kind_choices(trajectory.school.words)]
        self.fields["date"].validators += [plausible_date, not_in_future]
        self.fields["minutes"].widget.attrs.update(min=1, max=480)
        self.initial.setdefault("date", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Contactmoment opslaan")))

    def clean_date(self):
        day = self.cleaned_data["date"]
        registered = timezone.localdate(self.trajectory.registered_at)
        if day < registered:
            message = _("Een contactmoment ligt niet voor de aanmelding (%(date)s).")
            raise forms.ValidationError(message % {"date": registered.strftime("%d-%m-%Y")})
        return day


class DayPartChoiceField(KeysChoiceField):
    def label_from_instance(self, day_part):
        return f"{day_part} ({day_part.arrangement.name})"


class PlacementForm(forms.Form):
    arrangement = KeyChoiceField(label=_("Groepsarrangement"), queryset=GroupArrangement.objects.none())
    day_parts = DayPartChoiceField(
        label=_("Dagdelen"), queryset=DayPart.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één dagdeel.")},
    )
    start_date = DateField(label=_("Vanaf"), widget=DateInput)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        arrangements = GroupArrangement.objects.filter(pilot=trajectory.pilot_id)
        self.fields["arrangement"].queryset = arrangements
        self.fields["day_parts"].queryset = DayPart.objects.filter(arrangement__in=arrangements).select_related(
            "arrangement"
        )
        if len(arrangements) == 1:
            self.initial.setdefault("arrangement", arrangements[0].pk)
        self.initial.setdefault("start_date", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Plaatsen")))

    def clean(self):
        cleaned = super().clean()
        arrangement, day_parts = cleaned.get("arrangement"), cleaned.get("day_parts")
        if arrangement and day_parts and any(part.arrangement_id != arrangement.pk for part in day_parts):
            self.add_error("day_parts", _("Kies alleen dagdelen van het gekozen groepsarrangement."))
        start = cleaned.get("start_date")
        if start and self.trajectory.start_date and start < self.trajectory.start_date:
            self.add_error("start_date", _("Een plaatsing begint niet voor de start van het traject."))
        return cleaned


class ReassignCaseloadForm(forms.Form):
    pilot = KeyChoiceField(label=_("Pilot"), queryset=Pilot.objects.none())
    from_coach = CoachChoiceField(label=_("Van coach"), queryset=None)
    to_coach = CoachChoiceField(label=_("Naar coach"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        pilots = Pilot.objects.restrict(user, "coordinate")
        self.fields["pilot"].queryset = pilots
        self.fields["from_coach"].queryset = coaches_to_choose(pilots)
        self.fields["to_coach"].queryset = coaches_to_choose(pilots)
        if len(pilots) == 1:
            self.initial.setdefault("pilot", pilots[0].pk)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Caseload overdragen")))

    def clean(self):
        cleaned = super().clean()
        pilot, source, target = cleaned.get("pilot"), cleaned.get("from_coach"), cleaned.get("to_coach")
        if source and target and source == target:
            self.add_error("to_coach", _("Kies een andere coach dan de huidige."))
        if pilot and target and not coaches_of([pilot]).filter(pk=target.pk).exists():
            self.add_error("to_coach", _("Deze coach hoort niet bij het team van %(pilot)s.") % {"pilot": pilot})
        return cleaned


class FollowUpForm(forms.Form):
    """Nazorg: how the child is doing in class, whom the coach asked, and a note for the team."""

    answer = forms.ChoiceField(
        label=_("Hoe gaat het met het kind in de klas?"), choices=HowItGoes.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe het met het kind gaat.")},
    )
    asked = forms.MultipleChoiceField(
        label=_("Nagevraagd bij"), choices=AskedWhom.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies bij wie u het navroeg.")},
    )
    asked_on = DateField(label=_("Nagevraagd op"), widget=DateInput, validators=[not_in_future])
    note = forms.CharField(label=_("Toelichting (optioneel)"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, help_text=_("Alleen het team leest de toelichting."))

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        words = follow_up.trajectory.school.words
        self.fields["answer"].label = _("Hoe gaat het met het kind in de %(classroom)s?") % {
            "classroom": words.classroom}
        self.fields["asked"].choices = asked_whom_choices(words)
        self.initial.setdefault("asked_on", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Nazorg opslaan")))

    def clean_asked_on(self):
        day = self.cleaned_data["asked_on"]
        earliest = self.follow_up.due_date - followups.SHOWN_BEFORE
        if day < earliest:
            raise forms.ValidationError(_("Deze nazorg vraagt u na vanaf %(date)s.") % {
                "date": earliest.strftime("%d-%m-%Y")})
        return day
