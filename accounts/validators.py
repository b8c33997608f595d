from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2's Dutch catalogue misses this message (its msgid changed), so we say it ourselves."""

    def get_error_message(self):
        return _("Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.") % {
            "min_length": self.min_length
        }
