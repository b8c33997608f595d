from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import Role
from accounts.scoping import RestrictedQuerySet, UnknownAction
from base import places

brin_validator = RegexValidator(
    regex=r"^[0-9]{2}[A-Z]{2}[0-9]{2}$",
    message=_(
        "Een BRIN-code met vestigingsnummer bestaat uit 2 cijfers, 2 letters en 2 cijfers, "
        "bijvoorbeeld 12AB00."
    ),
)


class BrinCodeField(models.CharField):
    """Accepts " 12ab00" as typed and keeps 12AB00."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value


class PartnershipQuerySet(RestrictedQuerySet):
    beheerder_actions = ("view",)

    def rule(self, user, action):
        if action != "view":
            raise UnknownAction(self, action)
        return (
            Q(pk__in=access.partnership_ids(user))
            | Q(pk__in=Partnership.objects.filter(pilots__in=access.pilot_ids(user)).values("pk"))
            | Q(pk__in=School.objects.filter(pk__in=access.school_ids(user)).values("partnership_id"))
        )


class Partnership(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    code = models.CharField(
        _("code"), max_length=20, blank=True,
        help_text=_("De registratiecode van het samenwerkingsverband, bijvoorbeeld PO 28-12."),
    )
    region = models.CharField(_("regio"), max_length=200, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A Dutch municipality by its CBS code. The portal ships the CBS list (partners/data); municipalities merge,
    so the beheerder adds a new one in the admin."""

    code = models.CharField(
        _("CBS-code"), max_length=6, primary_key=True,
        validators=[RegexValidator(r"^GM[0-9]{4}$", _("Een CBS-gemeentecode is GM met 4 cijfers, bijvoorbeeld "
                                                      "GM0599."))],
        help_text=_("De gemeentecode van het CBS, bijvoorbeeld GM0599 voor Rotterdam."),
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    SCHOOL_BOARD = "schoolbestuur", _("schoolbestuur")
    YOUTH_CARE = "jeugdhulp", _("jeugdhulpaanbieder")
    CJG = "cjg", _("CJG")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("wijkteam")
    JGZ = "jgz", _("JGZ")
    GGZ = "ggz", _("GGZ")
    CHILDCARE = "kinderopvang", _("kinderopvang")
    MUNICIPALITY = "gemeente", _("gemeente")
    SWV = "swv", _("samenwerkingsverband")


class OrganisationQuerySet(RestrictedQuerySet):
    beheerder_actions = ("view",)

    def rule(self, user, action):
        """Partners of the pilots the user sees (their own, their school's, their partnership's), and boards
        of the schools the user sees."""
        if action != "view":
            raise UnknownAction(self, action)
        partners = Organisation.objects.filter(
            Q(pilot_links__pilot__in=access.pilot_ids(user))
            | Q(pilot_links__pilot__school_links__school__in=access.school_ids(user))
            | Q(pilot_links__pilot__partnership__in=access.partnership_ids(user))
        )
        return Q(pk__in=partners.values("pk")) | Q(pk__in=School.objects.restrict(user).values("board_id"))


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("gemeente"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolType(models.TextChoices):
    BASISSCHOOL = "basisschool", _("basisschool")
    SBO = "sbo", _("SBO")
    SO = "so", _("SO")
    IKC = "ikc", _("IKC")
    KINDEROPVANG = places.CHILDCARE, _("kinderopvang")


class HolidayRegion(models.TextChoices):
    """The government's three regions for the school holidays (vakantieregio's)."""

    NOORD = "noord", _("noord")
    MIDDEN = "midden", _("midden")
    ZUID = "zuid", _("zuid")


class SchoolQuerySet(RestrictedQuerySet):
    """view: the IB-er's schools, the schools of the user's pilots and of the stuurgroep's partnership;
    register: the schools where the user is intern begeleider."""

    beheerder_actions = ("view",)

    def rule(self, user, action):
        if action == "view":
            return (
                Q(pk__in=access.school_ids(user))
                | Q(pk__in=School.objects.filter(pilot_links__pilot__in=access.pilot_ids(user)).values("pk"))
                | Q(partnership__in=access.partnership_ids(user))
            )
        if action == "register":
            return Q(pk__in=access.school_ids(user, roles=(Role.IB,)))
        raise UnknownAction(self, action)


class School(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    brin_code = BrinCodeField(
        _("BRIN-code en vestiging"), max_length=6, unique=True, validators=[brin_validator],
        help_text=_("Bijvoorbeeld 12AB00: BRIN-nummer van 4 tekens en vestigingsnummer van 2 cijfers."),
    )
    school_type = models.CharField(_("soort"), max_length=20, choices=SchoolType.choices)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="schools",
        verbose_name=_("samenwerkingsverband"),
    )
    board = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="schools",
        limit_choices_to={"kind__in": [OrganisationKind.SCHOOL_BOARD, OrganisationKind.CHILDCARE]},
        verbose_name=_("bestuur of houder"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name=_("gemeente"),
        help_text=_("De gemeente waarin de school staat. Ontbreekt een nieuwe gemeente, voeg haar dan toe onder "
                    "Gemeenten."),
    )
    neighbourhood = models.CharField(_("wijk of kern"), max_length=100, blank=True)
    holiday_region = models.CharField(
        _("vakantieregio"), max_length=10, choices=HolidayRegion.choices, default=HolidayRegion.MIDDEN,
        help_text=_("De regio van de schoolvakanties (rijksoverheid.nl, regio-indeling schoolvakanties); telt mee "
                    "in de doorlooptijden in schooldagen."),
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def words(self):
        """What this place, its groups and its staff are called (base/places.py)."""
        return places.words_for(self.school_type)


class SchoolHoliday(models.Model):
    """One school holiday of one region in one school year, from its first to its last day (both included). The
    portal ships the government's dates (school_holidays.py); the beheerder adds a new school year in the admin."""

    region = models.CharField(_("vakantieregio"), max_length=10, choices=HolidayRegion.choices)
    school_year = models.CharField(
        _("schooljaar"), max_length=9,
        validators=[RegexValidator(r"^[0-9]{4}-[0-9]{4}$", _("Een schooljaar als 2028-2029."))],
    )
    name = models.CharField(_("vakantie"), max_length=50, help_text=_("Bijvoorbeeld herfstvakantie."))
    first_day = models.DateField(_("eerste dag"))
    last_day = models.DateField(_("laatste dag"))

    class Meta:
        verbose_name = _("schoolvakantie")
        verbose_name_plural = _("schoolvakanties")
        ordering = ["first_day", "region"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="schoolholiday_dates_in_order"),
            models.UniqueConstraint("region", "school_year", "name", name="schoolholiday_unique"),
        ]

    def __str__(self):
        return f"{self.name} {self.school_year} ({self.get_region_display()})"
