from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import Role
from accounts.scoping import RestrictedQuerySet, UnknownAction
from partners.models import Organisation, Partnership, School


class PilotQuerySet(RestrictedQuerySet):
    """view: the user's pilots, those of their school and of their partnership; report: whose figures the
    user reads (the stuurgroep's partnership, the coördinator's own); work: whose trajectories the user
    works on as coach or coördinator; coach, coordinate: the pilots where the user holds that role."""

    beheerder_actions = ("view", "report")

    def with_sub_pilots(self, pilot):
        """The pilot and its sub-pilots (two levels down, as access.pilot_ids reaches them) among these."""
        return self.filter(Q(pk=pilot.pk) | Q(parent=pilot.pk) | Q(parent__parent=pilot.pk))

    def rule(self, user, action):
        if action == "view":
            return (
                Q(pk__in=access.pilot_ids(user))
                | Q(pk__in=PilotSchool.objects.filter(school__in=access.school_ids(user)).values("pilot_id"))
                | Q(partnership__in=access.partnership_ids(user))
            )
        if action == "report":
            return (
                Q(partnership__in=access.partnership_ids(user))
                | Q(pk__in=access.pilot_ids(user, roles=(Role.COORDINATOR,)))
            )
        roles = {"work": access.TEAM_ROLES, "coach": (Role.COACH,), "coordinate": (Role.COORDINATOR,)}
        if action in roles:
            return Q(pk__in=access.pilot_ids(user, roles=roles[action]))
        raise UnknownAction(self, action)


class Pilot(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="pilots",
        verbose_name=_("samenwerkingsverband"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subpilots",
        verbose_name=_("onderdeel van"),
        help_text=_("Voor een deelpilot: de pilot waar hij onder valt."),
    )
    name = models.CharField(_("naam"), max_length=200)
    municipalities = models.CharField(
        _("gemeenten"), max_length=300, help_text=_("Gescheiden door komma's."),
    )
    aim = models.TextField(_("doel"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("verantwoordelijk kernteamlid"),
    )
    schools = models.ManyToManyField(
        School, through="PilotSchool", related_name="pilots", verbose_name=_("scholen"),
    )
    partners = models.ManyToManyField(
        Organisation, through="PilotPartner", related_name="pilots",
        verbose_name=_("partnerorganisaties"),
    )

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="pilot_unique_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.partnership_id != self.partnership_id:
            raise ValidationError(
                {"parent": _("Een deelpilot hoort bij hetzelfde samenwerkingsverband als de hoofdpilot.")}
            )

    def current_phase(self, today=None):
        today = today or timezone.localdate()
        for phase in self.phases.all():
            if phase.start_date <= today and (phase.end_date is None or today <= phase.end_date):
                return phase
        return None


class Phase(models.TextChoices):
    START = "opstart", _("opstart")
    EXECUTION = "uitvoering", _("uitvoering")
    EVALUATION = "evaluatie", _("evaluatie")
    FINISHED = "afgerond", _("afgerond")


class PilotPhase(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    start_date = models.DateField(_("van"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")
        ordering = ["pilot", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "phase"], name="pilotphase_unique_phase"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pilotphase_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_phase_display()} ({self.start_date:%d-%m-%Y})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("De einddatum van een fase ligt niet voor de begindatum.")}
            )


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("maandag")
    TUESDAY = 2, _("dinsdag")
    WEDNESDAY = 3, _("woensdag")
    THURSDAY = 4, _("donderdag")
    FRIDAY = 5, _("vrijdag")


class PilotSchoolQuerySet(models.QuerySet):
    """A school's membership of a pilot runs from its start date up to and including its end date (open: still
    running). Whatever lists a pilot's schools for a day or a period asks these, so that a school that joined later
    or left is counted only for its own months, and keeps its history."""

    def running_on(self, day):
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def overlapping(self, start, end):
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start), start_date__lte=end)


class PilotSchool(models.Model):
    """A school's membership of a pilot (deelname), from a start date and, once it left, up to an end date."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="school_links")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pilot_links")
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=4, decimal_places=1, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        help_text=_("Uren per week dat het team (of een gedetacheerde jeugdprofessional) op school is."),
    )
    contact_weekday = models.PositiveSmallIntegerField(
        _("vaste contactdag"), choices=Weekday.choices, null=True, blank=True,
    )
    contact_time = models.TimeField(_("vaste contacttijd"), null=True, blank=True)
    start_date = models.DateField(_("doet mee vanaf"))
    end_date = models.DateField(
        _("doet mee tot en met"), null=True, blank=True,
        help_text=_("Leeg zolang de school meedoet. Haar trajecten en cijfers van daarvoor blijven bewaard."),
    )

    objects = PilotSchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelnemende school")
        verbose_name_plural = _("deelnemende scholen")
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "school"], name="pilotschool_unique"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=40),
                name="pilotschool_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pilotschool_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.school} in {self.pilot}"

    def clean(self):
        if self.pilot_id and self.school_id and self.pilot.partnership_id != self.school.partnership_id:
            raise ValidationError(
                {"school": _("Deze school hoort bij een ander samenwerkingsverband dan de pilot.")}
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("De einddatum van de deelname ligt niet voor de begindatum.")}
            )

    def runs_on(self, day):
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class PilotPartner(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pilot_links",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(
        _("rol in de pilot"), max_length=200,
        help_text=_("Bijvoorbeeld: levert de jeugdprofessionals van het KID-team."),
    )

    class Meta:
        verbose_name = _("partnerorganisatie in de pilot")
        verbose_name_plural = _("partnerorganisaties in de pilot")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "organisation"], name="pilotpartner_unique"),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.role}"


class BaselineMeasure(models.TextChoices):
    REGISTRATIONS = "aanmeldingen", _("aanmeldingen per schooljaar")
    REFERRALS = "doorverwijzingen", _("doorverwijzingen per schooljaar")
    REFERRALS_SPECIAL_EDUCATION = "verwijzingen_sbo_so", _("verwijzingen naar SBO of SO per schooljaar")
    DAYS_TO_PLACE = "dagen_tot_plek", _("mediaan dagen van aanmelding tot passende plek")
    HOME_SITTERS = "thuiszitters", _("thuiszitters op peildatum")
    MKD_PLACEMENTS = "plaatsingen_mkd", _("plaatsingen op een MKD per jaar")


class BaselineFigure(models.Model):
    """The nulmeting: the situation before the pilot, to hold this year's figures against."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="baseline_figures")
    # Empty: the pilot's figure over all its schools. A school's own figure is what a dashboard of that school (or of
    # its municipality) holds its figures against (dashboards/figures.py, baseline_from).
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="baseline_figures",
        verbose_name=_("school"), help_text=_("Leeg laten voor het cijfer van de hele pilot."),
    )
    measure = models.CharField(_("maat"), max_length=30, choices=BaselineMeasure.choices)
    value = models.DecimalField(_("waarde"), max_digits=8, decimal_places=1)
    period = models.CharField(_("periode"), max_length=50, help_text=_("Bijvoorbeeld 2024-2025."))
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nulmeting")
        verbose_name_plural = _("nulmeting")
        ordering = ["pilot", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "measure"], condition=Q(school__isnull=True),
                                    name="baseline_unique_measure"),
            models.UniqueConstraint(fields=["pilot", "school", "measure"], condition=Q(school__isnull=False),
                                    name="baseline_unique_school_measure"),
            models.CheckConstraint(condition=Q(value__gte=0), name="baseline_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_measure_display()}: {self.value}"

    def clean(self):
        if self.school_id and self.pilot_id and not PilotSchool.objects.filter(
                pilot_id=self.pilot_id, school_id=self.school_id).exists():
            raise ValidationError({"school": _("Deze school doet niet mee aan de pilot: kies een van de scholen van "
                                               "de pilot, of laat het veld leeg voor het cijfer van de hele pilot.")})


class GroupArrangementQuerySet(RestrictedQuerySet):
    """The arrangements of the pilots the user may view, or work in."""

    def rule(self, user, action):
        return Q(pilot__in=Pilot.objects.restrict(user, action))


class GroupArrangement(models.Model):
    """A groepsarrangement such as the bovenschools klasje: a few day parts beside ambulant help."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="group_arrangements")
    name = models.CharField(_("naam"), max_length=200)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("plaatsen per dagdeel"), validators=[MinValueValidator(1)],
    )
    max_day_parts_per_child = models.PositiveSmallIntegerField(
        _("maximaal dagdelen per kind per week"), default=2, validators=[MinValueValidator(1)],
    )
    only_beside_ambulant = models.BooleanField(
        _("alleen naast een ambulant traject"), default=True,
    )

    objects = GroupArrangementQuerySet.as_manager()

    class Meta:
        verbose_name = _("groepsarrangement")
        verbose_name_plural = _("groepsarrangementen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="arrangement_capacity_positive"),
            models.CheckConstraint(
                condition=Q(max_day_parts_per_child__gte=1) & Q(max_day_parts_per_child__lte=10),
                name="arrangement_max_day_parts_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # A placement's arrangement is of its trajectory's pilot (trajecten.placements.place).
        if self.pk and self.placements.exclude(trajectory__pilot=self.pilot_id).exists():
            raise ValidationError({"pilot": _(
                "Er zijn kinderen in dit groepsarrangement geplaatst: het blijft bij zijn pilot. "
                "Maak bij de andere pilot een nieuw groepsarrangement aan."
            )})


class PartOfDay(models.TextChoices):
    MORNING = "ochtend", _("ochtend")
    AFTERNOON = "middag", _("middag")


class DayPart(models.Model):
    arrangement = models.ForeignKey(
        GroupArrangement, on_delete=models.CASCADE, related_name="day_parts",
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    part = models.CharField(_("dagdeel"), max_length=10, choices=PartOfDay.choices)

    class Meta:
        verbose_name = _("dagdeel")
        verbose_name_plural = _("dagdelen")
        ordering = ["weekday", "-part"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "weekday", "part"], name="daypart_unique"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()}{self.get_part_display()}"


class IndicatorFrequency(models.TextChoices):
    MONTH = "maand", _("per maand")
    SCHOOL_YEAR = "schooljaar", _("per schooljaar")


def period_label(frequency, start):
    """'september 2026' for a month, 'schooljaar 2026-2027' for a school year (from 1 August)."""
    if frequency == IndicatorFrequency.SCHOOL_YEAR:
        return _("schooljaar %(first)s-%(second)s") % {"first": start.year, "second": start.year + 1}
    return date_format(start, "F Y")


class IndicatorQuerySet(RestrictedQuerySet):
    """report: the indicators of the pilots whose figures the user reads; coordinate: of the pilots the user
    coordinates, who define them and enter their values."""

    beheerder_actions = ("report",)

    def rule(self, user, action):
        if action in ("report", "coordinate"):
            return Q(pilot__in=Pilot.objects.restrict(user, action))
        raise UnknownAction(self, action)


class Indicator(models.Model):
    """A pilot's own indicator from its monitoringsafspraken, beside the six measures of the nulmeting: a figure
    the coördinator enters by hand, per month or per school year."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("naam"), max_length=200,
                            help_text=_("Bijvoorbeeld: ervaren werkdruk van leerkrachten."))
    unit = models.CharField(_("eenheid"), max_length=50, help_text=_("Bijvoorbeeld: uren, %, cijfer 1-10."))
    frequency = models.CharField(_("hoe vaak"), max_length=20, choices=IndicatorFrequency.choices,
                                 default=IndicatorFrequency.MONTH)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("eigen indicator")
        verbose_name_plural = _("eigen indicatoren")
        ordering = ["pilot__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "name"], name="indicator_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class IndicatorValue(models.Model):
    """One value of an indicator: for the month, or the school year (from 1 August), that starts on period_start."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("periode"))
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("ingevoerd door"))
    entered_at = models.DateTimeField(_("ingevoerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("waarde van een indicator")
        verbose_name_plural = _("waarden van indicatoren")
        ordering = ["indicator", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="indicatorvalue_unique_period"),
            models.CheckConstraint(condition=Q(period_start__day=1), name="indicatorvalue_period_starts_a_month"),
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value}"

    @property
    def period_label(self):
        return period_label(self.indicator.frequency, self.period_start)
