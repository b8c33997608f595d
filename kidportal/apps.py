from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class KidAdminConfig(AdminConfig):
    default_site = "kidportal.admin.KidAdminSite"


def rename(model, singular, plural):
    """The functioneel beheerder reads these packages' records in the admin, under Dutch names. The packages
    ship no Dutch (django-otp's names are not even marked for translation), and a proxy model would need a
    migration. makemigrations reads a model's Meta as it was declared (`Options.original_attrs`), so a name set
    here changes no migration; tests/accounts/test_admin_in_dutch.py checks that."""
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class LoginSafetyConfig(AxesConfig):
    """django-axes: the lockout after five failed logins, and the login history."""

    verbose_name = _("Inlogbeveiliging")

    def ready(self):
        super().ready()
        rename(self.get_model("AccessAttempt"), _("mislukte inlogpoging"), _("mislukte inlogpogingen en blokkades"))
        rename(self.get_model("AccessFailureLog"), _("mislukte inlog"), _("mislukte inlogs"))
        rename(self.get_model("AccessLog"), _("inlogmoment"), _("inlogmomenten"))
        rename(self.get_model("AccessAttemptExpiration"), _("verloopmoment van een blokkade"),
               _("verloopmomenten van blokkades"))


class SecondFactorConfig(TOTPConfig):
    """django-otp's TOTP devices: the authenticator apps of the second login step."""

    verbose_name = _("Inloggen in twee stappen")

    def ready(self):
        super().ready()
        rename(self.get_model("TOTPDevice"), _("authenticator-app"), _("authenticator-apps"))
