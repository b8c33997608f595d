from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import Role

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


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if access.is_beheerder(user):
            return self
        from pilots.models import Pilot

        return self.filter(
            Q(pk__in=access.partnership_ids(user))
            | Q(pk__in=Pilot.objects.filter(pk__in=access.pilot_ids(user)).values("partnership_id"))
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


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if access.is_beheerder(user):
            return self
        from pilots.models import Pilot

        pilots = Pilot.objects.visible_to(user)
        schools = School.objects.visible_to(user)
        return self.filter(
            Q(pk__in=pilots.values("partner_links__organisation_id"))
            | Q(pk__in=schools.values("board_id"))
        )


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)

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
    KINDEROPVANG = "kinderopvang", _("kinderopvang")


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if access.is_beheerder(user):
            return self
        from pilots.models import PilotSchool

        return self.filter(
            Q(pk__in=access.school_ids(user))
            | Q(pk__in=PilotSchool.objects.filter(pilot__in=access.pilot_ids(user)).values("school_id"))
            | Q(partnership__in=access.partnership_ids(user))
        )

    def of_ib(self, user):
        """The schools for which the user may register children."""
        return self.filter(pk__in=access.school_ids(user, roles=(Role.IB,)))


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
    municipality = models.CharField(_("gemeente"), max_length=100)
    neighbourhood = models.CharField(_("wijk of kern"), max_length=100, blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self):
        return self.name
