"""The monitoringsafspraken of a pilot: the coördinator defines its own indicators and enters their values. Each
write is one transaction with its access-log row, as the other edits are."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import log_access
from audit.models import Action

from .models import IndicatorValue


@transaction.atomic
def define(form, *, request):
    """Saves a valid IndicatorForm: a new indicator of the form's pilot."""
    indicator = form.save()
    log_access(request, Action.CREATE, about_pilot=indicator.pilot_id,
               detail=_("indicator %(name)s aangemaakt") % {"name": indicator})
    return indicator


@transaction.atomic
def enter(indicator, period_start, value, *, by, request):
    """The indicator's value for the period starting on `period_start`: new, or replacing the one entered before
    (with who entered it and when). Returns the value and the one it replaced (None for a new one)."""
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, period_start=period_start).first()
    before = existing.value if existing else None
    entry = existing or IndicatorValue(indicator=indicator, period_start=period_start)
    entry.value, entry.entered_by, entry.entered_at = value, by, timezone.now()
    entry.save()
    detail = _("indicator %(name)s, %(period)s: %(value)s") % {
        "name": indicator.name, "period": f"{period_start:%Y-%m}", "value": value}
    if existing:
        detail = f"{detail} ({_('was %(value)s') % {'value': before}})"
    log_access(request, Action.CHANGE if existing else Action.CREATE, user=by, about_pilot=indicator.pilot_id,
               detail=detail)
    return entry, before
