"""One scoping base queryset, in the manner of NetBox's RestrictedQuerySet: every list and detail starts
from `Model.objects.restrict(user, action)` and never filters by role itself.

The preamble is written here once: a signed-out user reaches nothing, and the functioneel beheerder
reaches every row for the actions a model lists in `beheerder_actions` (organisations, schools, pilots;
never a child's record). For everything else each model's queryset answers `rule(user, action)` with the
condition of the rows `user` may `action`, composed from the ids in access.py.
"""

from django.db import models

from . import access


class RestrictedQuerySet(models.QuerySet):
    beheerder_actions = ()

    def restrict(self, user, action="view"):
        if not user.is_authenticated:
            return self.none()
        if action in self.beheerder_actions and access.is_beheerder(user):
            return self
        return self.filter(self.rule(user, action))

    def rule(self, user, action):
        """The condition (a Q) on rows that `user` may `action`; ValueError for an action the model lacks."""
        raise NotImplementedError


class UnknownAction(ValueError):
    def __init__(self, queryset, action):
        super().__init__(f"{queryset.model.__name__} has no action {action!r}")
