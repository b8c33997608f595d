from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Preferences


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's before it reaches authentication
    (and the lockout's record of failed attempts, whose column a longer one overflows on PostgreSQL)."""

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.fields["username"].max_length:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                  params={"username": self.username_field.verbose_name})
        return username


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["notifications"]
        labels = {"notifications": _("Wanneer wilt u een e-mail als er iets voor u verandert?")}
        help_texts = {"notifications": _(
            "Bijvoorbeeld een nieuwe aanmelding voor uw pilot, een traject dat het uwe wordt of een nieuwe status "
            "van een aanmelding van uw school. De e-mail bevat alleen een link, nooit gegevens over het kind."
        )}
        widgets = {"notifications": forms.RadioSelect}
