from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base import places
from base.display import display_name


class Role(models.TextChoices):
    IB = "ib", _("intern begeleider")
    COACH = "coach", _("coach")
    COORDINATOR = "coordinator", _("coördinator")
    STUURGROEP = "stuurgroep", _("stuurgroep")
    BEHEERDER = "beheerder", _("functioneel beheerder")


# Where each role is held: an IB-er at a school, a coach or coördinator in a pilot team,
# the stuurgroep for a samenwerkingsverband, the functioneel beheerder for the whole instance.
PLACE_OF_ROLE = {
    Role.IB: "school",
    Role.COACH: "pilot",
    Role.COORDINATOR: "pilot",
    Role.STUURGROEP: "partnership",
    Role.BEHEERDER: None,
}
PLACES = ("school", "pilot", "partnership")


def _place_rule(role):
    place = PLACE_OF_ROLE[role]
    rule = Q(role=role)
    for field in PLACES:
        rule &= Q(**{f"{field}__isnull": field != place})
    return rule


class MembershipQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user, user__is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        "partners.School", on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("school"),
    )
    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("pilot"),
    )
    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("samenwerkingsverband"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="memberships", verbose_name=_("in dienst van"),
        help_text=_("De partnerorganisatie waar een coach of coördinator in dienst is."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol van een gebruiker")
        verbose_name_plural = _("rollen van gebruikers")
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(
                condition=_place_rule(Role.IB) | _place_rule(Role.COACH)
                | _place_rule(Role.COORDINATOR) | _place_rule(Role.STUURGROEP)
                | _place_rule(Role.BEHEERDER),
                name="membership_role_has_its_place",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"], condition=Q(role=Role.IB),
                name="membership_unique_school_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "pilot"], condition=Q(role__in=[Role.COACH, Role.COORDINATOR]),
                name="membership_unique_pilot_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "partnership"], condition=Q(role=Role.STUURGROEP),
                name="membership_unique_partnership_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(role=Role.BEHEERDER),
                name="membership_unique_beheerder",
            ),
        ]

    def __str__(self):
        place = self.place
        label = self.get_role_display()
        return f"{self.user} — {label} ({place})" if place else f"{self.user} — {label}"

    @property
    def role_label(self):
        """The role's name at its place: an intern begeleider's membership at a kinderopvang is a pedagogisch
        medewerker's (base/places.py)."""
        if self.role == Role.IB and self.school_id is not None:
            return places.words_for(self.school.school_type).registrar
        return self.get_role_display()

    @property
    def place(self):
        field = PLACE_OF_ROLE.get(self.role)
        return getattr(self, field) if field else None

    def clean(self):
        required = PLACE_OF_ROLE.get(self.role)
        errors = {}
        messages = {
            "school": _("Een intern begeleider hoort bij een school: kies de school."),
            "pilot": _("Een coach of coördinator hoort bij een pilotteam: kies de pilot."),
            "partnership": _("De stuurgroep hoort bij een samenwerkingsverband: kies het samenwerkingsverband."),
        }
        for field in PLACES:
            has_value = getattr(self, f"{field}_id") is not None
            if field == required and not has_value:
                errors[field] = messages[field]
            elif field != required and has_value:
                errors[field] = _("Laat dit veld leeg voor de rol %(role)s.") % {
                    "role": self.get_role_display()
                }
        if errors:
            raise ValidationError(errors)


class Employment(models.Model):
    """Which partner organisation employs a user ("in dienst van"), kept by the functioneel beheerder. A
    coördinator adds coaches to a pilot's team only from the employees of the pilot's partner organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employments", verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="employees",
        verbose_name=_("partnerorganisatie"),
    )

    class Meta:
        verbose_name = _("dienstverband")
        verbose_name_plural = _("dienstverbanden")
        ordering = ["organisation__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="employment_unique")]

    def __str__(self):
        return f"{display_name(self.user)} ({self.organisation})"



class NotificationFrequency(models.TextChoices):
    IMMEDIATE = "direct", _("Direct: een e-mail zodra er iets voor mij verandert")
    DAILY = "dagelijks", _("Eén keer per dag: één e-mail met alles van die dag")
    NONE = "geen", _("Geen e-mail: ik zie het in het portaal aan het label 'nieuw'")


class Preferences(models.Model):
    """What a user chose for themselves; without a row, the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("gebruiker"),
    )
    notifications = models.CharField(
        _("e-mail over meldingen"), max_length=10, choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("voorkeuren")
        verbose_name_plural = _("voorkeuren")

    def __str__(self):
        return display_name(self.user)


def notification_frequency(user):
    try:
        return user.preferences.notifications
    except Preferences.DoesNotExist:
        return NotificationFrequency.IMMEDIATE


class ResetLinkRequest(models.Model):
    """A 'wachtwoord vergeten' for an account, waiting for `send_notifications` to mail the link. The request
    itself only writes this row, so that its answer takes as long whether the address has an account or not;
    the link's token is made when the mail goes out, never kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("gebruiker"),
    )
    requested_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gevraagde wachtwoordlink")
        verbose_name_plural = _("gevraagde wachtwoordlinks")

    def __str__(self):
        return f"{display_name(self.user)}, {self.requested_at:%Y-%m-%d %H:%M}"
