"""Writing the access log. A view calls `log_access` inside the transaction of what it logs; every view with
a child's record in its URL wears `@logs_child_access`, so that no page showing a child, and no refused
attempt at one, goes unlogged."""

from functools import wraps

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404

from accounts.access import memberships_of
from base.client import client_address

from .models import AccessLog, Outcome


def log_access(request, action, *, trajectory=None, child=None, user=None, outcome=Outcome.OK,
               detail="", subject=None, about_pilot=None):
    """One row: who (`user`, else the request's), what `action` on which child's record (`trajectory` or
    `child`) or whose account (`subject`), with what outcome."""
    row = AccessLog.objects.create(**_fields(
        request, action, trajectory=trajectory, child=child, user=user, outcome=outcome, detail=detail,
        subject=subject, about_pilot=about_pilot,
    ))
    if request is not None:
        request.__dict__.setdefault("access_log_rows", []).append(row.pk)
    return row


def log_search(request, detail, trajectories):
    """A search by name: one row per trajectory found on the page shown, with the child's code in its own
    column, so that the beheerder finds the search among that child's reads (and the parents' inzage shows
    it); one row when nothing was found. The words typed are not logged: they are a child's name."""
    rows = [AccessLog(**_fields(request, "search", trajectory=trajectory, detail=detail))
            for trajectory in trajectories]
    AccessLog.objects.bulk_create(rows or [AccessLog(**_fields(request, "search", detail=detail))])


def _fields(request, action, *, trajectory=None, child=None, user=None, outcome=Outcome.OK, detail="",
         subject=None, about_pilot=None):
    user = user or (request.user if request is not None else None)
    memberships = memberships_of(user) if user is not None else []
    if child is None and trajectory is not None:
        child = trajectory.child
    employers = sorted({str(m.organisation) for m in memberships if m.organisation_id})
    return {
        "user": user if user is not None and user.is_authenticated else None,
        "username": getattr(user, "username", "") or "",
        "roles": ", ".join(sorted({str(m.role_label) for m in memberships})),
        "organisation": ", ".join(employers)[:200],
        "action": action,
        "outcome": outcome,
        "child_code": child.code if child is not None else "",
        "object_type": "traject" if trajectory is not None else (
            "kind" if child is not None else ("account" if subject is not None else "")),
        "object_id": str(trajectory.pk) if trajectory is not None else (str(subject.pk) if subject is not None else ""),
        "about_pilot": about_pilot,
        "detail": str(detail)[:300],
        "client_address": client_address(request),
    }


def logs_child_access(model):
    """For a view whose URL names a record of `model` (a trajectory) as `pk`: exactly one access-log row per
    request. Where the view, or what it calls, logged its own row (and that row was committed, not rolled
    back with a failed change), nothing more; otherwise a read for a response below 400, and a refused
    attempt for a 400, 403, 404 or 405, raised or returned."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.access_log_rows = []
            try:
                response = view(request, *args, **kwargs)
            except (Http404, PermissionDenied, BadRequest):
                _log_for_view(request, model, kwargs.get("pk"), Outcome.REFUSED)
                raise
            if not AccessLog.objects.filter(pk__in=request.access_log_rows).exists():
                outcome = Outcome.OK if response.status_code < 400 else Outcome.REFUSED
                _log_for_view(request, model, kwargs.get("pk"), outcome)
            return response

        return wrapped

    return decorator


def read_for_log(request, record):
    """Tells logs_child_access which record (with its child) the view read, so that it need not read it again."""
    request.access_log_record = record


def _log_for_view(request, model, pk, outcome):
    record = getattr(request, "access_log_record", None)
    if record is None or str(record.pk) != str(pk):
        record = model._base_manager.select_related("child").filter(pk=pk).first()
    log_access(request, "read", trajectory=record, outcome=outcome,
               detail="" if record is not None or outcome == Outcome.OK else f"{model._meta.verbose_name} {pk}")

