"""A trajectory's states (DESIGN.md): aangemeld → ambulant traject → afgerond / doorverwezen, and
gestopt from either open state. The transitions between them are in workflow.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REGISTERED = "registered", _("aangemeld")
    ACTIVE = "active", _("ambulant traject")
    COMPLETED = "completed", _("afgerond")
    REFERRED = "referred", _("doorverwezen")
    WITHDRAWN = "withdrawn", _("gestopt")


OPEN_STATES = (Status.REGISTERED, Status.ACTIVE)
CLOSED_STATES = (Status.COMPLETED, Status.REFERRED, Status.WITHDRAWN)
