"""Writing the access log. A view calls `log_access` inside the transaction of what it logs."""

from accounts.access import memberships_of
from base.client import client_address

from .models import AccessLog, Outcome


def log_access(request, action, *, trajectory=None, child=None, user=None, outcome=Outcome.OK,
               detail=""):
    user = user or (request.user if request is not None else None)
    memberships = memberships_of(user) if user is not None else []
    if child is None and trajectory is not None:
        child = trajectory.child
    employers = sorted({str(m.organisation) for m in memberships if m.organisation_id})
    return AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        roles=", ".join(sorted({m.get_role_display() for m in memberships})),
        organisation=", ".join(employers)[:200],
        action=action,
        outcome=outcome,
        child_code=child.code if child is not None else "",
        object_type="traject" if trajectory is not None else ("kind" if child is not None else ""),
        object_id=str(trajectory.pk) if trajectory is not None else "",
        detail=str(detail)[:300],
        client_address=client_address(request),
    )
