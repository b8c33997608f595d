from django import forms
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from base import places
from base.dates import DateField, plausible_date
from base.fields import KeyChoiceField, KeysChoiceField, offer
from base.forms import BootstrapBoundField
from base.widgets import Checkboxes, DateInput, Radios
from partners.models import School
from pilots.models import Pilot, PilotSchool

from .. import registrations
from ..models import (
    ConcernArea,
    ConsentMethod,
    ConsentPurpose,
    Group,
    HelpInvolved,
    Relation,
    Trajectory,
    plausible_ages,
)


def age_on(date_of_birth, day):
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))

GUARDIAN_FIELDS = ("guardian1_name", "guardian1_relation", "guardian1_authority", "guardian2_name",
                   "guardian2_relation", "guardian2_authority", "guardian2_consents")
CONSENT_FIELDS = ("consent_given", "consent_date", "consent_method", "consent_purposes", *GUARDIAN_FIELDS)
RELATION_CHOICES = [("", "---------"), *Relation.choices]


def require_consent_details(form, cleaned):
    """Given consent is recorded with its date, how it was given, and its purposes."""
    if not cleaned.get("consent_date") and "consent_date" not in form.errors:
        form.add_error("consent_date", _("Vul de datum in waarop de ouders toestemming gaven."))
    if not cleaned.get("consent_method"):
        form.add_error("consent_method", _("Kies hoe de ouders toestemming gaven."))
    if not cleaned.get("consent_purposes"):
        form.add_error("consent_purposes", _("Kies waarvoor de ouders toestemming gaven."))

class RegistrationForm(forms.ModelForm):
    """The aanmelding of an IB-er or a kinderopvang's pedagogisch medewerker: the child, the question for help
    and the parents' consent, in the words of the place (base/places.py): the trajectory's own for a correction,
    for a new one those of the user's places. Laid out in its template (trajecten/_registration_fields.html)."""

    bound_field_class = BootstrapBoundField

    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Achternaam"), max_length=150)
    date_of_birth = DateField(label=_("Geboortedatum"), widget=DateInput)
    group = forms.ChoiceField(label=_("Groep"), choices=[("", "---------"), *Group.choices])
    concern_areas = KeysChoiceField(
        label=_("Zorggebieden"), queryset=ConcernArea.objects.all(),
        widget=Checkboxes,
        error_messages={"required": _("Kies ten minste één zorggebied.")},
    )
    help_involved = forms.MultipleChoiceField(
        label=_("Hulp die al betrokken is"), choices=HelpInvolved.choices, required=False,
        widget=Checkboxes,
    )
    consent_given = forms.TypedChoiceField(
        label=_("Hebben de ouders toestemming gegeven?"),
        choices=[("ja", _("Ja, de toestemming is gegeven")), ("nee", _("Nog niet"))],
        coerce=lambda value: value == "ja", widget=Radios,
    )
    consent_date = DateField(label=_("Datum van de toestemming"), widget=DateInput, required=False,
                             help_text=_("Een datum vandaag of eerder."))
    consent_method = forms.ChoiceField(
        label=_("Hoe gegeven"), choices=[("", "---------"), *ConsentMethod.choices], required=False,
    )
    consent_purposes = forms.MultipleChoiceField(
        label=_("Toestemming voor"), choices=ConsentPurpose.choices, required=False,
        widget=Checkboxes,
    )
    guardian1_name = forms.CharField(label=_("Naam van de ouder of voogd"), max_length=150, required=False)
    guardian1_relation = forms.ChoiceField(label=_("Relatie tot het kind"), choices=RELATION_CHOICES, required=False)
    guardian1_authority = forms.BooleanField(label=_("Heeft het gezag"), required=False, initial=True)
    guardian2_name = forms.CharField(label=_("Naam van de tweede ouder of voogd"), max_length=150, required=False)
    guardian2_relation = forms.ChoiceField(label=_("Relatie van de tweede ouder tot het kind"),
                                           choices=RELATION_CHOICES, required=False)
    guardian2_authority = forms.BooleanField(label=_("Tweede ouder heeft het gezag"), required=False, initial=True)
    guardian2_consents = forms.BooleanField(
        label=_("Tweede ouder gaf dezelfde toestemming"), required=False, initial=True,
        help_text=_("Uitvinken als deze ouder (nog) niet tekende: de coach legt het later vast."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # As on the page (templates/trajecten/_registration_fields.html), so that the summary of errors lists them in the
    # order one reads.
    field_order = [
        "given_name", "family_name", "date_of_birth", "group", "school", "pilot", "teacher_name", "help_request",
        "concern_areas", "tried_already", "help_involved", "wants_ambulant", "wants_group_arrangement",
        "wants_consultation", "urgency", "consent_given", "consent_date", "consent_method", "consent_purposes",
        *GUARDIAN_FIELDS,
    ]

    class Meta:
        model = Trajectory
        fields = [
            "school", "pilot", "teacher_name", "help_request", "concern_areas", "tried_already",
            "help_involved", "wants_ambulant", "wants_group_arrangement", "wants_consultation",
            "urgency",
        ]
        field_classes = {"school": KeyChoiceField, "pilot": KeyChoiceField}
        labels = {
            "pilot": _("Pilot"),
            "wants_ambulant": _("Ambulante begeleiding in de eigen groep"),
            "wants_group_arrangement": _("Groepsarrangement (zoals het bovenschools klasje)"),
            "urgency": _("Urgentie"),
        }
        widgets = {
            "help_request": forms.Textarea(attrs={"rows": 4}),
            "tried_already": forms.Textarea(attrs={"rows": 3}),
            "urgency": Radios,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fixed = {}
        schools = School.objects.restrict(user, "register").order_by("name")
        self.fields["school"].queryset = schools
        self.words = words = (
            self.instance.school.words if self.instance.pk else places.words_for_all(s.school_type for s in schools)
        )
        self._name_fields(words)
        # The pilots a school of the user takes part in; the list offers those whose membership has not ended (or,
        # for a correction, the registration's own), clean() says why a membership does not run on the day.
        memberships = PilotSchool.objects.filter(school__in=schools)
        self.fields["pilot"].queryset = Pilot.objects.filter(pk__in=memberships.values("pilot_id")).order_by("name")
        offered = self.fields["pilot"].queryset.filter(
            pk__in=memberships.exclude(end_date__lt=self.registration_day).values("pilot_id"))
        if self.instance.pk:
            offered |= self.fields["pilot"].queryset.filter(pk=self.instance.pilot_id)
        offer(self.fields["pilot"], offered)
        self.fields["consent_date"].validators.append(plausible_date)
        # Consent is asked here while none is recorded; after that the ledger grows on the page 'Toestemming'.
        self.asks_consent = not (self.instance.pk and self.instance.guardians.exists())
        if not self.asks_consent:
            for name in CONSENT_FIELDS:
                del self.fields[name]

        if self.instance.pk:
            child = self.instance.child
            for name in registrations.CHILD_FIELDS:
                self.initial[name] = getattr(child, name)
            self.initial["consent_given"] = "nee"
            self.initial["version"] = self.instance.version
            # A registration stays at the school it was made for.
            self.fields["school"].disabled = True
        else:
            # One school, one pilot (the usual case): said in words rather than offered as a list of one.
            if len(schools) == 1:
                self.initial.setdefault("school", schools[0].pk)
                self.fixed["school"] = schools[0]
            pilots = list(offered[:2])
            if len(pilots) == 1:
                self.initial.setdefault("pilot", pilots[0].pk)
                self.fixed["pilot"] = pilots[0]
            for name in self.fixed:
                self.fields[name].widget = forms.HiddenInput()

    def _name_fields(self, words):
        fields, staff = self.fields, {"staff": words.staff}
        fields["school"].label = capfirst(words.place)
        fields["teacher_name"].label = _("Naam van de %(staff)s") % staff
        fields["help_request"].label = _("Hulpvraag van de %(staff)s") % staff
        fields["help_request"].help_text = _("Wat wil de %(staff)s bereiken met dit kind, in de eigen groep?") % staff
        fields["tried_already"].label = _("Wat heeft de %(place)s al geprobeerd?") % {"place": words.place}
        fields["wants_consultation"].label = _("Consultatie voor de %(staff)s") % staff
        fields["school"].error_messages["invalid_choice"] = _(
            "U kunt alleen kinderen aanmelden van een %(place)s waar u %(registrar)s bent."
        ) % {"place": words.place, "registrar": words.registrar}
        fields["pilot"].error_messages["invalid_choice"] = _("Kies een pilot waar uw %(place)s aan meedoet.") % {
            "place": words.place,
        }
        if words.is_childcare:
            # A kinderopvang has peuters only; the school's groups 1 to 8 are not its to choose, and the
            # bovenschools klasje is a school's example.
            fields["wants_group_arrangement"].label = _("Groepsarrangement")
            fields["group"].choices = [(Group.PEUTER, capfirst(Group.PEUTER.label))]
            self.initial.setdefault("group", Group.PEUTER)

    @property
    def registration_day(self):
        """The day the school's membership must run on: that of the registration, for a correction too."""
        return timezone.localdate(self.instance.registered_at) if self.instance.pk else timezone.localdate()

    @property
    def fixed_choices(self):
        """The school and pilot that are the user's only choice, named as text (their fields are hidden)."""
        return [(self.fields[name].label, value) for name, value in self.fixed.items()]

    @property
    def submit_label(self):
        return _("Wijzigingen opslaan") if self.instance.pk else _("Aanmelding versturen")

    def clean_date_of_birth(self):
        date_of_birth = self.cleaned_data["date_of_birth"]
        if date_of_birth > timezone.localdate():
            raise forms.ValidationError(_("De geboortedatum kan niet in de toekomst liggen."))
        return date_of_birth

    def clean_consent_date(self):
        consent_date = self.cleaned_data.get("consent_date")
        if consent_date and consent_date > timezone.localdate():
            raise forms.ValidationError(_("De datum van de toestemming kan niet in de toekomst liggen."))
        return consent_date

    def clean(self):
        cleaned = super().clean()
        self._check_age_fits_group(cleaned)
        self._check_school_takes_part(cleaned)
        self._check_support_requested(cleaned)
        self._check_consent(cleaned)
        self._check_no_open_trajectory(cleaned)
        return cleaned

    def _check_age_fits_group(self, cleaned):
        date_of_birth, group = cleaned.get("date_of_birth"), cleaned.get("group")
        if not (date_of_birth and group):
            return
        age = age_on(date_of_birth, timezone.localdate())
        ages = plausible_ages(group)
        if age not in ages:
            self.add_error("date_of_birth", _(
                "Een kind in %(group)s is meestal %(low)s tot en met %(high)s jaar; met deze "
                "geboortedatum is het kind %(age)s. Controleer de geboortedatum en de groep."
            ) % {"group": Group(group).label, "low": ages[0], "high": ages[-1], "age": age})

    def _check_school_takes_part(self, cleaned):
        school, pilot = cleaned.get("school"), cleaned.get("pilot")
        if not (school and pilot):
            return
        membership = PilotSchool.objects.filter(school=school, pilot=pilot).first()
        names = {"school": school, "pilot": pilot}
        day = self.registration_day
        if membership is None:
            self.add_error("pilot", _("%(school)s doet niet mee aan de pilot %(pilot)s.") % names)
        elif membership.start_date > day:
            self.add_error("pilot", _(
                "%(school)s doet pas mee aan de pilot %(pilot)s vanaf %(date)s. Meld het kind vanaf die dag aan, "
                "of kies een andere pilot.") % {**names, "date": date_format(membership.start_date)})
        elif membership.end_date is not None and membership.end_date < day:
            self.add_error("pilot", _(
                "%(school)s deed mee aan de pilot %(pilot)s tot en met %(date)s. Daar kunt u geen kinderen meer "
                "aanmelden.") % {**names, "date": date_format(membership.end_date)})

    def _check_support_requested(self, cleaned):
        if not any(cleaned.get(name) for name in (
            "wants_ambulant", "wants_group_arrangement", "wants_consultation"
        )):
            self.add_error("wants_ambulant", _("Kies ten minste één vorm van ondersteuning."))

    def _check_consent(self, cleaned):
        cleaned["guardians"] = []
        if not self.asks_consent or cleaned.get("consent_given") is not True:
            return
        require_consent_details(self, cleaned)
        date_of_birth, consent_date = cleaned.get("date_of_birth"), cleaned.get("consent_date")
        if date_of_birth and consent_date and consent_date < date_of_birth:
            self.add_error("consent_date", _("De toestemming kan niet van voor de geboorte zijn."))
        for number in (1, 2):
            name, relation = (cleaned.get(f"guardian{number}_{part}", "").strip() for part in ("name", "relation"))
            if number == 2 and not (name or relation):
                continue
            if not name:
                self.add_error(f"guardian{number}_name", _("Vul de naam van de ouder of voogd in."))
            if not relation:
                self.add_error(f"guardian{number}_relation", _("Kies de relatie tot het kind."))
            cleaned["guardians"].append({
                "name": name, "relation": relation, "has_authority": cleaned.get(f"guardian{number}_authority", False),
                "gave_consent": number == 1 or cleaned.get("guardian2_consents", False),
            })
        if cleaned["guardians"] and not any(g["has_authority"] and g["gave_consent"] for g in cleaned["guardians"]):
            self.add_error("guardian1_authority", _(
                "De toestemming telt pas als een ouder of voogd met gezag haar gaf. Vink 'Heeft het gezag' aan bij "
                "wie dat heeft."))

    def _check_no_open_trajectory(self, cleaned):
        """A new registration of a child with an open one at the school links to it; a correction may not give
        the child the name and birth date of another child of the school."""
        fields = [cleaned.get(name) for name in ("school", "given_name", "family_name", "date_of_birth")]
        child = registrations.matching_child(*fields) if all(fields) else None
        if child is None:
            return
        if self.instance.pk:
            if child.pk != self.instance.child_id:
                self.add_error(None, same_child_message(child))
            return
        open_trajectory = registrations.open_trajectory_of(child)
        if open_trajectory:
            self.add_error(None, already_registered_message(open_trajectory))

    def describe_changes(self):
        changes = []
        for name in self.changed_data:
            if name == "version":
                continue
            changes.append({
                "field": str(self.fields[name].label),
                "old": self._display(name, self.initial.get(name)),
                "new": self._display(name, self.cleaned_data.get(name)),
            })
        return changes

    def _display(self, name, value):
        field = self.fields[name]
        if name == "consent_given" and value not in (None, ""):
            value = "ja" if value in (True, "ja") else "nee"
        if value in (None, "", []):
            return "—"
        if isinstance(field, forms.ModelMultipleChoiceField):
            ids = [getattr(v, "pk", v) for v in value]
            return ", ".join(str(obj) for obj in field.queryset.filter(pk__in=ids))
        if isinstance(field, forms.ModelChoiceField):
            return str(value if isinstance(value, Model) else field.queryset.filter(pk=value).first())
        if isinstance(field, forms.BooleanField):
            return str(_("ja") if value else _("nee"))
        if isinstance(field, forms.ChoiceField):
            labels = {str(key): str(label) for key, label in field.choices}
            values = value if isinstance(value, list | tuple) else [value]
            return ", ".join(labels.get(str(v), str(v)) for v in values)
        if hasattr(value, "strftime"):
            return date_format(value, "SHORT_DATE_FORMAT")
        return str(value)

def already_registered_message(trajectory):
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Dit kind heeft al een lopende aanmelding op deze %(place)s.") % {"place": trajectory.school.words.place},
        reverse("trajecten:detail", args=[trajectory.pk]),
        _("Bekijk de lopende aanmelding"),
    )


def same_child_message(child):
    latest = child.trajectories.order_by("-registered_at").first()
    text = _(
        "Op deze %(place)s is al een ander kind met deze naam en geboortedatum bekend. Controleer de gegevens."
    ) % {"place": child.school.words.place}
    if latest is None:
        return text
    return format_html('{} <a href="{}">{}</a>', text, reverse("trajecten:detail", args=[latest.pk]),
                       _("Bekijk de aanmelding van dat kind"))
