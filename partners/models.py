from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
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
    KINDEROPVANG = places.CHILDCARE, _("kinderopvang")


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
    municipality = models.CharField(_("gemeente"), max_length=100)
    neighbourhood = models.CharField(_("wijk of kern"), max_length=100, blank=True)

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
