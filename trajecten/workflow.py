"""The trajectory's states and the one place where a trajectory changes state.

States follow DESIGN.md: aangemeld → ambulant traject → afgerond / doorverwezen, and gestopt
from either open state. Each change of state writes its `StatusChange` row and its access-log
entry in the same transaction as the change itself.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REGISTERED = "registered", _("aangemeld")
    ACTIVE = "active", _("ambulant traject")
    COMPLETED = "completed", _("afgerond")
    REFERRED = "referred", _("doorverwezen")
    WITHDRAWN = "withdrawn", _("gestopt")


OPEN_STATES = (Status.REGISTERED, Status.ACTIVE)
CLOSED_STATES = (Status.COMPLETED, Status.REFERRED, Status.WITHDRAWN)


@transaction.atomic
def register(trajectory, *, by, request=None):
    """The birth of a trajectory: saved as aangemeld with its first StatusChange and log entry."""
    from audit.log import log_access

    from .models import StatusChange

    trajectory.status = Status.REGISTERED
    trajectory.registered_by = by
    trajectory.updated_by = by
    trajectory.save()
    StatusChange.objects.create(
        trajectory=trajectory, from_status="", to_status=Status.REGISTERED, changed_by=by,
        reason=_("Aangemeld door de school."),
    )
    log_access(request, "create", trajectory=trajectory, user=by)
    return trajectory
