import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import Role
from accounts.scoping import RestrictedQuerySet, UnknownAction
from base.dates import months_ago
from base.display import choice_label
from partners.models import School, SchoolType
from pilots.models import Pilot

from .states import OPEN_STATES, Status

STATUS_BADGES = {
    Status.REGISTERED: "text-bg-warning", Status.ACTIVE: "text-bg-primary", Status.COMPLETED: "text-bg-success",
    Status.REFERRED: "text-bg-info", Status.WITHDRAWN: "text-bg-secondary",
}
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_child_code():
    # 32^10 codes: among a million children the chance that two draw the same is about 1 in 2,000,
    # and the unique index refuses it (8 characters collided at 580,000 synthetic children).
    return "K-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Group(models.TextChoices):
    PEUTER = "peuter", _("peuter")
    G1 = "1", _("groep 1")
    G2 = "2", _("groep 2")
    G3 = "3", _("groep 3")
    G4 = "4", _("groep 4")
    G5 = "5", _("groep 5")
    G6 = "6", _("groep 6")
    G7 = "7", _("groep 7")
    G8 = "8", _("groep 8")


def plausible_ages(group):
    """Ages in whole years that a child in `group` can have, with room for a year's delay."""
    if group == Group.PEUTER:
        return range(1, 5)
    number = int(group)
    return range(max(4, number + 2), number + 7)


# The reference list a new instance starts with (migration 0002 holds its own frozen copy).
DEFAULT_CONCERN_AREAS = [
    "gedrag", "sociaal-emotioneel", "leren", "taal/spraak", "motoriek", "ontwikkeling jonge kind", "thuissituatie",
    "werkhouding",
]


class ConcernArea(models.Model):
    """A reference list kept by the functioneel beheerder (gedrag, taal/spraak, …)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("zorggebied")
        verbose_name_plural = _("zorggebieden")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Child(models.Model):
    code = models.CharField(
        _("pseudoniem"), max_length=12, unique=True, default=new_child_code, editable=False,
        help_text=_("Vaste code voor rapportages; zegt niets over het kind."),
    )
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"))
    group = models.CharField(_("groep"), max_length=6, choices=Group.choices)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="children", verbose_name=_("school"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        constraints = [
            # The same child registered twice at one school is one child (double submits too).
            models.UniqueConstraint(
                "school", Lower("given_name"), Lower("family_name"), "date_of_birth",
                name="child_unique_per_school",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Child.objects.filter(code=self.code).exists():
                    raise
                self.code = new_child_code()  # a drawn code was taken: draw again
        raise IntegrityError("no free pseudonymous code after three draws")

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"

    def get_group_display(self):
        return choice_label(Group, self.group)


class TrajectoryQuerySet(RestrictedQuerySet):
    """view: IB-ers see their schools' trajectories, coaches and coördinators their pilots'; the stuurgroep
    and the functioneel beheerder see none (they read aggregates only). work: the trajectories of the
    pilots the user works in as coach or coördinator; coordinate: of the pilots the user coordinates;
    correct: registrations an IB-er may still correct (their schools', while aangemeld); hand_over: a kinderopvang's
    trajectories, which the team and the pedagogisch medewerker there may hand over to a school."""

    def rule(self, user, action):
        if action == "view":
            return Q(school__in=access.school_ids(user)) | Q(pilot__in=access.pilot_ids(user))
        if action == "work":
            return Q(pilot__in=access.pilot_ids(user))
        if action == "coordinate":
            return Q(pilot__in=access.pilot_ids(user, roles=(Role.COORDINATOR,)))
        if action == "correct":
            return Q(school__in=access.school_ids(user), status=Status.REGISTERED)
        if action == "hand_over":
            return Q(school__school_type=SchoolType.KINDEROPVANG) & (
                Q(pilot__in=access.pilot_ids(user)) | Q(school__in=access.school_ids(user, roles=(Role.IB,)))
            )
        raise UnknownAction(self, action)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def caseload_of(self, user):
        return self.restrict(user, "work").filter(coach=user)

    def unassigned_queue_for(self, user):
        return self.restrict(user, "work").filter(status=Status.REGISTERED, coach__isnull=True)

    def named(self, text):
        """Trajectories whose child's names hold every word of `text` (in either name, any case), or whose
        child has `text` as pseudonymous code."""
        words = Q()
        for word in text.split()[:5]:
            words &= Q(child__given_name__icontains=word) | Q(child__family_name__icontains=word)
        return self.filter(words | Q(child__code__iexact=text.strip()))

    def with_list_relations(self):
        return self.select_related("child", "school", "pilot", "coach")

    def for_list_rows(self):
        """A list's rows (includes/trajectory_rows.html, the queue): their columns only, not the long texts
        of the registration. A column added to a list goes here too, or
        each row reads it with a query of its own (the query-count tests notice)."""
        return self.with_list_relations().only(
            "status", "registered_at", "start_date", "end_date", "urgency", "version",
            "child__given_name", "child__family_name", "child__group", "child__code", "school__name",
            "school__school_type", "pilot__name", "coach__first_name", "coach__last_name", "coach__username",
            "updated_at", "updated_by",
        )


class HelpInvolved(models.TextChoices):
    CJG = "cjg", _("CJG")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("wijkteam")
    JGZ = "jgz", _("JGZ (consultatiebureau, schoolarts)")
    YOUTH_CARE = "jeugdhulp", _("jeugdhulp")


class Urgency(models.TextChoices):
    NORMAL = "normaal", _("normaal")
    URGENT = "spoed", _("met spoed")


class Relation(models.TextChoices):
    MOTHER = "moeder", _("moeder")
    FATHER = "vader", _("vader")
    PARENT = "ouder", _("ouder")
    GUARDIAN = "voogd", _("voogd")
    FOSTER = "pleegouder", _("pleegouder")
    OTHER = "anders", _("andere verzorger")


class ConsentPurpose(models.TextChoices):
    SUPPORT = "ondersteuning", _("ondersteuning door het pilotteam in de klas")
    OBSERVATION = "observatie", _("observatie van het kind in de groep")
    CONSULTATION = "overleg", _("bespreking met partners (MDO, consultatie)")
    GROUP = "groepsarrangement", _("deelname aan een groepsarrangement")
    SHARING = "delen", _("gegevens delen met een zorgaanbieder bij doorverwijzing")
    HANDOVER = "overdracht", _("overdracht aan de (basis)school (warme overdracht)")


# What the team may no longer do once consent for a purpose is withdrawn (the banner on the trajectory's page).
WHAT_CONSENT_ALLOWS = {
    ConsentPurpose.SUPPORT: _("het traject starten"),
    ConsentPurpose.OBSERVATION: _("het kind in de groep observeren"),
    ConsentPurpose.CONSULTATION: _("het kind met partners bespreken"),
    ConsentPurpose.GROUP: _("een nieuwe plaatsing in een groepsarrangement"),
    ConsentPurpose.SHARING: _("doorverwijzen met het delen van gegevens"),
    ConsentPurpose.HANDOVER: _("de overdracht aan de school"),
}


class ConsentAction(models.TextChoices):
    GIVEN = "gegeven", _("gegeven")
    WITHDRAWN = "ingetrokken", _("ingetrokken")


class ConsentMethod(models.TextChoices):
    WRITTEN = "schriftelijk", _("schriftelijk (getekend formulier)")
    DIGITAL = "digitaal", _("digitaal (e-mail of ouderportaal)")
    SPOKEN = "mondeling", _("mondeling, in een gesprek")


class Outcome(models.TextChoices):
    TEACHER_CONTINUES = "leerkracht_verder", _("leerkracht kan verder met de suggesties")
    GOAL_REACHED = "doel_bereikt", _("doel bereikt")
    SUITABLE_PLACE = "passende_plek", _("passende plek in de eigen school of groep")
    MKD_AVOIDED = "mkd_voorkomen", _("plaatsing op een MKD voorkomen")


def outcome_choices(words):
    """The outcomes in the words of the place (base/places.py): at a kinderopvang the pedagogisch medewerker
    goes on with the suggestions. A school's words give the labels above."""
    named = {
        Outcome.TEACHER_CONTINUES: _("%(staff)s kan verder met de suggesties") % {"staff": words.staff},
        Outcome.SUITABLE_PLACE: _("passende plek in de eigen %(place)s of groep") % {"place": words.place},
    }
    return [(value, named.get(value, label)) for value, label in Outcome.choices]


class Trajectory(models.Model):
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("kind"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("school"),
    )
    pilot = models.ForeignKey(
        Pilot, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("pilot"),
    )
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_trajectories",
        verbose_name=_("eerder traject"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registrations",
        verbose_name=_("aangemeld door"),
    )
    registered_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    teacher_name = models.CharField(_("leerkracht"), max_length=150)
    help_request = models.TextField(
        _("hulpvraag van de leerkracht"),
        help_text=_("Wat wil de leerkracht bereiken met dit kind, in de eigen groep?"),
    )
    concern_areas = models.ManyToManyField(
        ConcernArea, related_name="trajectories", verbose_name=_("zorggebieden"),
    )
    tried_already = models.TextField(_("wat de school al heeft gedaan"))
    help_involved = models.JSONField(_("hulp die al betrokken is"), default=list, blank=True)
    wants_ambulant = models.BooleanField(_("ambulante begeleiding in de eigen groep"), default=True)
    wants_group_arrangement = models.BooleanField(
        _("groepsarrangement (zoals het bovenschools klasje)"), default=False,
    )
    wants_consultation = models.BooleanField(_("consultatie voor de leerkracht"), default=False)
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL,
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="caseload", verbose_name=_("coach"),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("laatst gewijzigd door"),
    )

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school"], condition=Q(status__in=OPEN_STATES),
                name="trajectory_one_open_per_child_and_school",
            ),
            models.CheckConstraint(
                condition=Q(wants_group_arrangement=False) | Q(wants_ambulant=True),
                name="trajectory_group_arrangement_beside_ambulant",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="trajectory_dates_in_order",
            ),
            # The status machine's preconditions, kept by the database as well as by workflow.py. The parents'
            # consent lives in the ledger (Guardian, ConsentEntry), across tables: workflow.py enforces it.
            models.CheckConstraint(
                condition=~Q(status=Status.ACTIVE) | (Q(coach__isnull=False) & Q(start_date__isnull=False)),
                name="trajectory_active_has_coach_and_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.COMPLETED) | ~Q(outcome=""),
                name="trajectory_completed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATES) | Q(end_date__isnull=False),
                name="trajectory_closed_has_end_date",
            ),
        ]
        indexes = [
            models.Index(fields=["pilot", "status"], name="trajectory_pilot_status"),
            # A school's trajectories in a status, and the list filtered on both within the user's pilots: with
            # the pilot in the index PostgreSQL counts and finds those from the index alone, however many the
            # school holds in other states.
            models.Index(fields=["school", "status", "pilot"], include=["registered_at"],
                         name="trajectory_school_status_pilot"),
            models.Index(fields=["coach", "status"], name="trajectory_coach_status"),
            # A coach's caseload is sorted and counted, and their trajectories with nazorg to do found, from this
            # index alone (PostgreSQL's index-only scan).
            models.Index(fields=["coach", "pilot"], include=["status", "end_date", "registered_at", "id"],
                         name="trajectory_caseload"),
            # A pilot's registrations, starts and ends in a month: rebuilding one month of the
            # dashboards' summary (dashboards/summary.py) reads these ranges, not the whole pilot.
            models.Index(fields=["pilot", "registered_at"], name="trajectory_pilot_registered"),
            models.Index(fields=["pilot", "start_date"], name="trajectory_pilot_start"),
            models.Index(fields=["pilot", "end_date"], name="trajectory_pilot_end"),
            # Children with more than one trajectory, for counting distinct children (dashboards/summary.py).
            models.Index(fields=["child"], condition=Q(previous__isnull=False), name="trajectory_child_again"),
        ]

    # As read from the database: a change marks the months it leaves as well as those it enters
    # stale in the dashboards' monthly figures (dashboards/signals.py).
    loaded_pilot_id = None
    loaded_school_id = None
    loaded_dates = ()

    def __str__(self):
        return _("traject %(code)s") % {"code": self.child.code}

    def get_absolute_url(self):
        return reverse("trajecten:detail", args=[self.pk])

    def get_status_display(self):
        return choice_label(Status, self.status)

    def get_urgency_display(self):  # the queue shows it on every row
        return choice_label(Urgency, self.urgency)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.loaded_pilot_id = instance.__dict__.get("pilot_id")
        instance.loaded_school_id = instance.__dict__.get("school_id")
        instance.loaded_dates = tuple(instance.__dict__.get(f) for f in ("registered_at", "start_date", "end_date"))
        return instance

    def help_involved_display(self):
        return ", ".join(str(HelpInvolved(code).label) for code in self.help_involved)

    def requested_support_display(self):
        labels = {
            "wants_ambulant": self._meta.get_field("wants_ambulant").verbose_name,
            "wants_group_arrangement": self._meta.get_field("wants_group_arrangement").verbose_name,
            "wants_consultation": _("consultatie voor de %(staff)s") % {"staff": self.school.words.staff},
        }
        return [str(label) for name, label in labels.items() if getattr(self, name)]

    def outcome_display(self):
        """The outcome in the words of the trajectory's place (outcome_choices)."""
        return dict(outcome_choices(self.school.words)).get(self.outcome, self.outcome)

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def status_badge_class(self):
        return STATUS_BADGES.get(self.status, "text-bg-secondary")

    @property
    def days_since_registration(self):
        return (timezone.localdate() - timezone.localdate(self.registered_at)).days

    def clean(self):
        if self.wants_group_arrangement and not self.wants_ambulant:
            raise ValidationError(
                {"wants_group_arrangement": _(
                    "Een groepsarrangement is er alleen naast ambulante begeleiding in de eigen "
                    "groep. Kies ook ambulante begeleiding."
                )}
            )


class ImmutableRowMixin:
    """Rows of history are written once; editing them would rewrite what happened."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Dit historische gegeven kan niet worden gewijzigd."))
        super().save(*args, **kwargs)


class StatusChange(ImmutableRowMixin, models.Model):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="status_changes",
    )
    from_status = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"),
    )
    changed_at = models.DateTimeField(_("op"), default=timezone.now)
    reason = models.TextField(_("toelichting"), blank=True)
    shared_with_school = models.BooleanField(
        _("toelichting zichtbaar voor de school"), default=False,
        help_text=_("De intern begeleider van de school kan deze toelichting lezen."),
    )

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class RecordChange(ImmutableRowMixin, models.Model):
    """A correction of a registration: who changed which field from what to what."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="record_changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"),
    )
    changed_at = models.DateTimeField(_("op"), default=timezone.now)
    changes = models.JSONField(_("wijzigingen"), default=list)

    class Meta:
        verbose_name = _("wijziging van een aanmelding")
        verbose_name_plural = _("wijzigingen van aanmeldingen")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return ", ".join(change["field"] for change in self.changes)


class Guardian(models.Model):
    """A parent or guardian (ouder of voogd) of the child of a trajectory, as the consent ledger knows them.
    Recorded once; what they consent to and withdraw are ConsentEntry rows. A guardian with gezag who cannot be
    asked (whereabouts unknown, for instance) is recorded so, with the reason: consent then counts without them
    (trajecten/consent.py)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("naam"), max_length=150, blank=True)
    relation = models.CharField(_("relatie tot het kind"), max_length=12, choices=Relation.choices)
    has_authority = models.BooleanField(_("heeft het gezag"), default=True)
    cannot_be_asked = models.BooleanField(_("kan niet om toestemming gevraagd worden"), default=False)
    cannot_be_asked_reason = models.TextField(_("waarom niet"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("ouder of voogd")
        verbose_name_plural = _("ouders en voogden")
        ordering = ["created_at", "pk"]
        constraints = [
            # Only a guardian whose consent is needed (one with gezag) can be the exception to needing it.
            models.CheckConstraint(
                condition=Q(cannot_be_asked=False) | Q(has_authority=True), name="guardian_exception_has_authority",
            ),
        ]

    def __str__(self):
        relation = choice_label(Relation, self.relation)
        return f"{self.name} ({relation})" if self.name else str(relation)


class ConsentEntryQuerySet(models.QuerySet):
    def in_force(self, on):
        """The entries that say how things stand on `on`: per guardian and purpose, the latest entry dated `on`
        or earlier (by date, then by when it was recorded)."""
        later = ConsentEntry.objects.filter(
            guardian=OuterRef("guardian"), purpose=OuterRef("purpose"), on__lte=on,
        ).filter(
            Q(on__gt=OuterRef("on"))
            | Q(on=OuterRef("on"), recorded_at__gt=OuterRef("recorded_at"))
            | Q(on=OuterRef("on"), recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
        )
        return self.filter(on__lte=on).exclude(Exists(later))


class ConsentEntry(ImmutableRowMixin, models.Model):
    """One fact of the consent ledger: a guardian gave, or withdrew, consent for one purpose on a date. Never
    edited: a withdrawal, or consent given again, is a new entry."""

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="entries")
    purpose = models.CharField(_("doel"), max_length=20, choices=ConsentPurpose.choices)
    action = models.CharField(_("gegeven of ingetrokken"), max_length=12, choices=ConsentAction.choices)
    on = models.DateField(_("datum"))
    method = models.CharField(_("hoe"), max_length=12, choices=ConsentMethod.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = ConsentEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["guardian", "purpose", "on"], name="consent_guardian_purpose_on")]

    def __str__(self):
        return f"{self.purpose} {self.action} {self.on:%d-%m-%Y}"

    def get_purpose_display(self):
        return choice_label(ConsentPurpose, self.purpose)

    def get_action_display(self):
        return choice_label(ConsentAction, self.action)

    @property
    def is_withdrawal(self):
        return self.action == ConsentAction.WITHDRAWN

    @property
    def stops(self):
        """What a withdrawal of this purpose stops."""
        return WHAT_CONSENT_ALLOWS.get(self.purpose, "")


class ContactKind(models.TextChoices):
    OBSERVATION = "observatie", _("observatie in de klas")
    TEACHER = "gesprek_leerkracht", _("gesprek met de leerkracht")
    PARENTS = "gesprek_ouders", _("gesprek met ouders")
    MDO = "mdo", _("MDO")
    CONSULTATION = "consultatie", _("consultatie")
    GROUP_SESSION = "groepsbijeenkomst", _("groepsbijeenkomst")


def contact_kind_choices(words):
    """The kinds of contact in the words of the place: an observation in de groep, a talk with the pedagogisch
    medewerker at a kinderopvang. A school's words give the labels above."""
    named = {
        ContactKind.OBSERVATION: _("observatie in de %(classroom)s") % {"classroom": words.classroom},
        ContactKind.TEACHER: _("gesprek met de %(staff)s") % {"staff": words.staff},
    }
    return [(value, named.get(value, label)) for value, label in ContactKind.choices]


class ContactMomentQuerySet(RestrictedQuerySet):
    def rule(self, user, action):
        """view: the pilot's team reads every moment; the school only the moments shared with it."""
        if action != "view":
            raise UnknownAction(self, action)
        return (
            Q(trajectory__pilot__in=access.pilot_ids(user))
            | Q(trajectory__school__in=access.school_ids(user), shared_with_school=True)
        )

    def last_dates(self, trajectory_ids):
        """{trajectory id: date of its latest contact moment} for a page of trajectories, in one query."""
        return dict(
            self.filter(trajectory__in=trajectory_ids).values("trajectory").annotate(last=Max("date"))
            .values_list("trajectory", "last")
        )


class ContactMoment(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="contact_moments")
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=20, choices=ContactKind.choices)
    minutes = models.PositiveSmallIntegerField(
        _("duur in minuten"), validators=[MinValueValidator(1), MaxValueValidator(480)],
    )
    note = models.TextField(_("verslag"), blank=True)
    shared_with_school = models.BooleanField(
        _("zichtbaar voor de school"), default=False,
        help_text=_("De intern begeleider van de school kan dit contactmoment lezen."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = ContactMomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=480), name="contactmoment_minutes_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def kind_display(self):
        """The kind in the words of the trajectory's place (contact_kind_choices)."""
        return dict(contact_kind_choices(self.trajectory.school.words)).get(self.kind, self.kind)


class HelpKind(models.TextChoices):
    SBO = "sbo", _("SBO")
    SO = "so", _("SO")
    SPECIALISED_YOUTH_CARE = "specialistische_jeugdhulp", _("specialistische jeugdhulp")
    GGZ = "ggz", _("GGZ")
    MKD = "mkd", _("MKD")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("wijkteam")
    OTHER = "anders", _("andere hulp")


class Referral(models.Model):
    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="referral")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals",
        verbose_name=_("naar organisatie"),
    )
    help_kind = models.CharField(_("soort hulp"), max_length=30, choices=HelpKind.choices)
    date = models.DateField(_("datum doorverwijzing"))
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")

    def __str__(self):
        return f"{self.get_help_kind_display()} ({self.date:%d-%m-%Y})"


class GroupPlacementQuerySet(models.QuerySet):
    def running_on(self, day):
        return self.filter(Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day)))

    def running_from(self, day):
        """Placements that still run on `day` or start later: those a new open-ended placement meets."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


class GroupPlacement(models.Model):
    """A trajectory's day parts in a group arrangement, from a date until the trajectory closes."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="placements")
    arrangement = models.ForeignKey(
        "pilots.GroupArrangement", on_delete=models.PROTECT, related_name="placements",
        verbose_name=_("groepsarrangement"),
    )
    day_parts = models.ManyToManyField("pilots.DayPart", related_name="placements", verbose_name=_("dagdelen"))
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = GroupPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaatsing in een groepsarrangement")
        verbose_name_plural = _("plaatsingen in groepsarrangementen")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.arrangement} vanaf {self.start_date:%d-%m-%Y}"



class NotificationKind(models.TextChoices):
    REGISTERED = "aangemeld", _("Nieuwe aanmelding voor uw pilot")
    ASSIGNED = "coach", _("U bent de coach van een traject geworden")
    STATUS = "status", _("De status van een aanmelding van uw school is veranderd")


class Notification(models.Model):
    """Something a user is told about a trajectory: by e-mail (a link, never the child's data), at once or in
    the day's digest, as the user chose (accounts.Preferences). `mailed_at` is set when it went out."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["user", "created_at"], condition=Q(mailed_at__isnull=True),
                         name="notification_unsent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.trajectory_id})"


class Visit(models.Model):
    """When a user last opened a trajectory: what changed after that is marked 'nieuw' for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "trajectory"], name="visit_unique")]

    def __str__(self):
        return f"{self.user_id} → {self.trajectory_id} ({self.seen_at:%Y-%m-%d %H:%M})"


class FollowUpMoment(models.IntegerChoices):
    THREE_MONTHS = 3, _("na 3 maanden")
    SIX_MONTHS = 6, _("na 6 maanden")


class HowItGoes(models.TextChoices):
    WELL = "gaat_goed", _("gaat goed")
    LIGHT_SUPPORT = "lichte_ondersteuning", _("lichte ondersteuning nodig")
    NEW_REGISTRATION = "nieuwe_aanmelding", _("nieuwe aanmelding nodig")
    REFERRAL_NOT_STARTED = "verwijzing_niet_gestart", _("doorverwijzing nog niet gestart")


class AskedWhom(models.TextChoices):
    TEACHER = "leerkracht", _("leerkracht")
    IB = "intern_begeleider", _("intern begeleider")
    PARENTS = "ouders", _("ouders")
    CARE_PROVIDER = "zorgaanbieder", _("zorgaanbieder")
    CHILD = "kind", _("het kind zelf")


def asked_whom_choices(words):
    """Whom the coach may ask, in the words of the place: at a kinderopvang the pedagogisch medewerker, who is
    also the one who registered (no intern begeleider there)."""
    named = {AskedWhom.TEACHER: words.staff, AskedWhom.IB: words.registrar}
    return [(value, named.get(value, label)) for value, label in AskedWhom.choices
            if not (words.is_childcare and value == AskedWhom.IB)]


class FollowUpQuerySet(RestrictedQuerySet):
    """work: the follow-ups of the pilots the user works in as coach or coördinator; coordinate: of the pilots
    the user coordinates. Schools, the stuurgroep and the beheerder see none."""

    def rule(self, user, action):
        if action == "work":
            return Q(trajectory__pilot__in=access.pilot_ids(user))
        if action == "coordinate":
            return Q(trajectory__pilot__in=access.pilot_ids(user, roles=(Role.COORDINATOR,)))
        raise UnknownAction(self, action)

    def pending(self):
        return self.filter(answered_at__isnull=True)

    def due_by(self, day):
        """Pending follow-ups whose due date is on or before `day`, of trajectories that ended within the retention
        period: one that ended longer ago is no task any more. apply_retention deletes it with the child's name
        once the child has no later trajectory (retention.py); the lists leave it out from that day on, a later
        trajectory or not (its own page still lets the coach record it)."""
        return self.pending().filter(due_date__lte=day, trajectory__end_date__gte=months_ago(settings.RETENTION_MONTHS))

    EARLIEST_FIRST = ("due_date", "pk")

    def for_list(self):
        """As a list shows them, earliest due first, each knowing whether its child was registered again since."""
        return self.select_related("trajectory__child", "trajectory__school", "trajectory__coach").annotate(
            registered_again=models.Exists(Trajectory.objects.filter(previous=models.OuterRef("trajectory"))),
        ).order_by(*self.EARLIEST_FIRST)

    def keys_earliest_first(self):
        """The keys only, in a list's order: sorted without the children and schools joined in (a coach who closed a
        thousand trajectories has hundreds of follow-ups); listed() reads the rows of the few shown."""
        return self.order_by(*self.EARLIEST_FIRST).values_list("pk", flat=True)

    def listed(self, keys):
        """The follow-ups of `keys` as a list shows them (for_list), in its order."""
        return list(self.filter(pk__in=keys).for_list()) if keys else []

    def tasks_of(self, user, until):
        """The coach's follow-ups to do: pending and due by `until`, of the trajectories they coached."""
        return self.restrict(user, "work").due_by(until).filter(trajectory__coach=user)

    def first_tasks_of(self, user, until, count):
        """The `count` earliest of tasks_of(), as a list shows them."""
        return self.listed(list(self.tasks_of(user, until).keys_earliest_first()[:count]))


class FollowUp(models.Model):
    """Nazorg: how a child is doing in class some months after a trajectory was completed or referred. The rows
    are made when the trajectory closes (workflow.perform), one per moment, due `moment` months after its end."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="follow_ups")
    moment = models.PositiveSmallIntegerField(_("moment"), choices=FollowUpMoment.choices)
    due_date = models.DateField(_("te doen op"))
    answer = models.CharField(_("hoe gaat het in de klas"), max_length=30, choices=HowItGoes.choices, blank=True)
    asked = models.JSONField(_("nagevraagd bij"), default=list, blank=True)
    asked_on = models.DateField(_("nagevraagd op"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    answered_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("nazorg")
        verbose_name_plural = _("nazorg")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "moment"], name="followup_one_per_moment"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="")
                | (Q(answered_at__isnull=False, asked_on__isnull=False) & ~Q(answer="")),
                name="followup_answered_whole",
            ),
        ]
        indexes = [
            # The pending follow-ups of a pilot by due date: the coördinator's list and the coach's tasks.
            models.Index(fields=["due_date"], condition=Q(answered_at__isnull=True), name="followup_pending_due"),
        ]

    def __str__(self):
        return f"{self.get_moment_display()} ({self.trajectory_id})"

    def get_moment_display(self):
        return choice_label(FollowUpMoment, self.moment)

    def get_answer_display(self):
        return choice_label(HowItGoes, self.answer) if self.answer else ""

    def asked_display(self):
        return ", ".join(str(AskedWhom(code).label) for code in self.asked)

    @property
    def is_answered(self):
        return self.answered_at is not None

    def is_overdue(self, today=None):
        return not self.is_answered and self.due_date < (today or timezone.localdate())


class HandoverFact(models.TextChoices):
    """What a handover may share beside its summary, each chosen by the writer. The child's name, date of birth
    and group always go: the school must know which child it is."""

    CONCERN_AREAS = "zorggebieden", _("zorggebieden")
    SUPPORT = "ondersteuning", _("de ondersteuning die er was (ambulant, groepsarrangement)")
    PERIOD = "periode", _("de periode van de ondersteuning")
    OUTCOME = "uitkomst", _("de uitkomst van het traject")


class HandoverQuerySet(RestrictedQuerySet):
    """view: the receiving school's intern begeleider reads the handover (not the trajectory behind it); the
    pilot's team and the kinderopvang that handed over read it too."""

    def rule(self, user, action):
        if action != "view":
            raise UnknownAction(self, action)
        return (
            Q(to_school__in=access.school_ids(user, roles=(Role.IB,)))
            | Q(trajectory__pilot__in=access.pilot_ids(user))
            | Q(trajectory__school__in=access.school_ids(user))
        )


class Handover(models.Model):
    """A warme overdracht (issue 18.2): the kinderopvang hands a peuter over to the basisschool it goes to, with
    the parents' consent for that purpose on the day. The child moves with it (Child.school is the child's
    current place), so a registration at the new school finds the same child and links to this trajectory."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("traject"),
    )
    to_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="handovers_received", verbose_name=_("naar de school"),
    )
    date = models.DateField(_("datum van de overdracht"))
    summary = models.TextField(
        _("wat de school moet weten"),
        help_text=_("Wat hielp het kind, wat vraagt aandacht in groep 1? Schrijf voor de intern begeleider "
                    "van de school; geen diagnoses."),
    )
    facts = models.JSONField(_("wat er verder gedeeld wordt"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory"], name="handover_one_per_trajectory"),
        ]

    def __str__(self):
        return _("overdracht %(code)s") % {"code": self.trajectory.child.code}

    def get_absolute_url(self):
        return reverse("trajecten:handover", args=[self.pk])

    def facts_display(self):
        return [str(choice_label(HandoverFact, fact)) for fact in self.facts]
