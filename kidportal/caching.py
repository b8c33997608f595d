"""Rendered form HTML kept in the cache, under a key made of everything that HTML shows.

Crispy-forms renders a field through several templates; a filter form or the registration form
costs a third of its page. The same form with the same values, choices and language renders the
same HTML, for whoever asks: so the key holds every field's value and choices (which the page
reads anyway, once), and a form that shows errors is never cached.
"""

import hashlib

from django.utils import timezone
from django.utils.translation import get_language


def form_cache_key(form):
    if form.is_bound and form.errors:
        return None
    parts = [type(form).__module__, type(form).__qualname__, get_language(), timezone.localdate().isoformat()]
    for name, field in form.fields.items():
        parts.append((name, repr(form[name].value()), field.disabled, field.required))
        if hasattr(field, "choices"):
            # Read once, and kept on the widget: rendering (on a cache miss) does not query them again.
            # (Iterated, not list(): that would ask the iterator's length, a COUNT query of its own.)
            field.widget.choices = choices = [choice for choice in field.choices]  # noqa: C416
            parts.append([(str(value), str(label)) for value, label in choices])
    return hashlib.sha256(repr(parts).encode()).hexdigest()
