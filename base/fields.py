"""Choice fields for database keys that refuse a number no key can have, as an invalid choice.

A posted key beyond 64 bits reached the database (SQLite: OverflowError, a 500); no such key exists."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

LARGEST_KEY = 2**63 - 1


def _impossible(value):
    text = str(value).strip()
    return text.lstrip("-").isdigit() and text.isascii() and not -LARGEST_KEY <= int(text) <= LARGEST_KEY


def is_key(value):
    """Whether a query parameter can be a database key at all (digits, within 64 bits)."""
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) <= LARGEST_KEY


class KeyChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _impossible(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class KeysChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for each in value:
            if _impossible(each):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": each})
        return super()._check_values(value)


class OfferedChoices(ModelChoiceIterator):
    """The options a model choice field lists: `offered`, a part of the field's queryset. Any of the queryset
    stays a valid choice, so that the form's clean() can say why it does not fit (a membership that ended)."""

    def __init__(self, field, offered):
        super().__init__(field)
        self.queryset = offered


def offer(field, offered):
    field.choices = OfferedChoices(field, offered)
