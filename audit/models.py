from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("aanmaken")
    READ = "read", _("inzien")
    CHANGE = "change", _("wijzigen")
    LIST = "list", _("lijst bekijken")
    SEARCH = "search", _("zoeken")
    EXPORT = "export", _("exporteren")
    PRINT = "print", _("afdrukken")
    RIGHTS = "rechten", _("rechten of inloggegevens wijzigen")


class Outcome(models.TextChoices):
    OK = "ok", _("gelukt")
    REFUSED = "refused", _("geweigerd")
    CONFLICT = "conflict", _("conflict")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(_("Het toegangslog kan niet worden gewijzigd."))

    def delete(self):
        raise PermissionDenied(_("Het toegangslog kan niet worden verwijderd."))

    def remove_expired(self, before):
        """The one way rows leave the log: the retention job, for rows older than the retention period."""
        expired = self.filter(at__lt=before)
        return models.QuerySet.delete(expired)[0]


class AccessLog(models.Model):
    """One row per read or write of a child's data (NEN 7513): never a name, only the code."""

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    # PROTECT: an account with rows in the log is deactivated, never deleted (its rows would lose who).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("gebruiker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    roles = models.CharField(_("rol"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, default=Outcome.OK)
    child_code = models.CharField(_("pseudoniem kind"), max_length=12, blank=True, db_index=True)
    object_type = models.CharField(_("soort gegeven"), max_length=50, blank=True)
    object_id = models.CharField(_("nummer"), max_length=50, blank=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    # The pilot whose team a change of rights or credentials touches: its coördinators see the row.
    about_pilot = models.PositiveIntegerField(_("pilot"), null=True, blank=True, db_index=True)
    client_address = models.GenericIPAddressField(_("adres"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("regel in het toegangslog")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.username} {self.get_action_display()} {self.child_code}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(_("Het toegangslog kan niet worden gewijzigd."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("Het toegangslog kan niet worden verwijderd."))
