"""The coach's small forms: one per transition, a contact moment, a placement, an assignment."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
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

from .. import consent, followups
from ..models import (
    AskedWhom,
    ConsentMethod,
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
from .registration import RELATION_CHOICES


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
    note = forms.CharField(label=_("Toelichting (optioneel)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    note_shared = shared_note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches_to_choose([self.trajectory.pilot_id])
        self.initial.setdefault("coach", self.trajectory.coach_id or (
            self.user.pk if self.fields["coach"].queryset.filter(pk=self.user.pk).exists() else None
        ))
        self.initial.setdefault("start_date", timezone.localdate())

    def clean_start_date(self):
        return self._not_before(
            self.cleaned_data["start_date"], timezone.localdate(self.trajectory.registered_at),
            _("De startdatum ligt niet voor de aanmelding (%(date)s)."),
        )

    def changes(self):
        return {"coach": self.cleaned_data["coach"], "start_date": self.cleaned_data["start_date"]}


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


NEW_GUARDIAN = "nieuw"


class ConsentForm(TrajectoryForm):
    """Consent a parent or guardian gave, added to the ledger: a guardian already recorded, or a new one (also one
    with gezag who cannot be asked, with the reason)."""

    submit_label = _("Toestemming vastleggen")
    guardian = forms.ChoiceField(label=_("Ouder of voogd"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    relation = forms.ChoiceField(label=_("Relatie tot het kind"), choices=RELATION_CHOICES, required=False)
    has_authority = forms.BooleanField(label=_("Heeft het gezag"), required=False, initial=True)
    cannot_be_asked_reason = forms.CharField(
        label=_("Kan niet om toestemming gevraagd worden, omdat"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen voor een ouder met gezag die niet gevraagd kan worden (bijvoorbeeld: verblijfplaats "
                    "onbekend). De toestemming telt dan zonder deze ouder; laat de toestemming hieronder leeg."),
    )
    purposes = forms.MultipleChoiceField(
        label=_("Geeft toestemming voor"), choices=ConsentPurpose.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_date = DateField(label=_("Datum van de toestemming"), widget=DateInput, validators=[not_in_future])
    method = forms.ChoiceField(label=_("Hoe gegeven"), choices=[("", "---------"), *ConsentMethod.choices],
                               required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guardians = {str(g.pk): g for g in self.trajectory.guardians.all()}
        self.fields["guardian"].choices = [
            *((pk, str(guardian)) for pk, guardian in self.guardians.items()),
            (NEW_GUARDIAN, _("een andere ouder of voogd (nieuw)")),
        ]
        self.initial.setdefault("guardian", next(iter(self.guardians), NEW_GUARDIAN))
        self.initial.setdefault("consent_date", timezone.localdate())
        self.helper.layout = Layout(
            "guardian",
            # Asked only for a new guardian (static/js/forms.js); the server ignores it for a recorded one.
            Div("name", "relation", "has_authority", "cannot_be_asked_reason", css_id="nieuwe-ouder",
                css_class="border-start ps-3 mb-3", data_shown_when=f"guardian={NEW_GUARDIAN}"),
            "purposes", "consent_date", "method", "version",
        )

    def clean(self):
        cleaned = super().clean()
        guardian = self.guardians.get(cleaned.get("guardian"))
        reason = cleaned.get("cannot_be_asked_reason", "").strip()
        if guardian is None and cleaned.get("guardian") == NEW_GUARDIAN:
            if not cleaned.get("name", "").strip():
                self.add_error("name", _("Vul de naam van de ouder of voogd in."))
            if not cleaned.get("relation"):
                self.add_error("relation", _("Kies de relatie tot het kind."))
            if reason and not cleaned.get("has_authority"):
                self.add_error("cannot_be_asked_reason", _(
                    "Alleen een ouder met gezag is een uitzondering: zonder gezag telt de toestemming niet mee."))
            if reason and cleaned.get("purposes"):
                self.add_error("purposes", _("Wie niet gevraagd kan worden, geeft geen toestemming."))
        elif reason:
            self.add_error("cannot_be_asked_reason", _("Dit geldt alleen voor een nieuwe ouder of voogd."))
        if not reason:
            if not cleaned.get("purposes"):
                self.add_error("purposes", _("Kies waarvoor de ouder of voogd toestemming gaf."))
            if not cleaned.get("method"):
                self.add_error("method", _("Kies hoe de toestemming gegeven werd."))
        if guardian is not None and cleaned.get("purposes"):
            given = {e.purpose for e in consent.standing_of(guardian) if not e.is_withdrawal}
            already = [ConsentPurpose(p).label for p in cleaned["purposes"] if p in given]
            if already:
                self.add_error("purposes", _("%(guardian)s gaf al toestemming voor: %(purposes)s.") % {
                    "guardian": guardian, "purposes": ", ".join(str(label) for label in already)})
        cleaned["guardian_object"] = guardian
        return cleaned

    def new_guardian(self):
        if self.cleaned_data["guardian_object"] is not None:
            return None
        return {name: self.cleaned_data[name] for name in ("name", "relation", "has_authority",
                                                              "cannot_be_asked_reason")}


class ConsentWithdrawalForm(TrajectoryForm):
    """A parent or guardian withdraws consent for one or more purposes, from a date on."""

    submit_label = _("Intrekking vastleggen")
    guardian = forms.ChoiceField(label=_("Ouder of voogd die de toestemming intrekt"))
    purposes = forms.MultipleChoiceField(
        label=_("Trekt de toestemming in voor"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies voor welk doel de toestemming wordt ingetrokken.")},
    )
    withdrawn_on = DateField(label=_("Ingetrokken op"), widget=DateInput, validators=[not_in_future],
                             help_text=_("Vanaf deze datum kan wat van deze toestemming afhangt niet meer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.standing = {str(g.pk): g for g in consent.ledger(self.trajectory) if g.given_now}
        self.fields["guardian"].choices = [(pk, str(guardian)) for pk, guardian in self.standing.items()]
        given = {e.purpose for guardian in self.standing.values() for e in guardian.given_now}
        self.fields["purposes"].choices = [(code, label) for code, label in ConsentPurpose.choices if code in given]
        self.initial.setdefault("withdrawn_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        guardian = self.standing.get(cleaned.get("guardian"))
        if guardian is None or not cleaned.get("purposes"):
            return cleaned
        given = {e.purpose: e for e in guardian.given_now}
        not_given = [ConsentPurpose(p).label for p in cleaned["purposes"] if p not in given]
        if not_given:
            self.add_error("purposes", _("%(guardian)s gaf geen toestemming voor: %(purposes)s.") % {
                "guardian": guardian, "purposes": ", ".join(str(label) for label in not_given)})
        on = cleaned.get("withdrawn_on")
        earliest = max((given[p].on for p in cleaned["purposes"] if p in given), default=None)
        if on and earliest and on < earliest:
            self.add_error("withdrawn_on", _("De intrekking ligt niet voor de toestemming zelf (%(date)s).") % {
                "date": earliest.strftime("%d-%m-%Y")})
        cleaned["guardian_object"] = guardian
        return cleaned


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
