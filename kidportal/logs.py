"""What a node writes to stdout: one line per request and one per unhandled error, never a child's data
(docs/decisions.md, "What the logs hold"). A line names the route ("/trajecten/<int:pk>/"), never the path
or its query string, and an exception by its type and the file:line of our own code, never its message."""

import json
import logging
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.signals import got_request_exception
from django.dispatch import receiver
from django.urls import Resolver404, resolve

logger = logging.getLogger("kidportal.requests")

PROJECT = Path(__file__).resolve().parent.parent
UNRESOLVED = "<unresolved>"
STATIC = "<static>"


class JsonFormatter(logging.Formatter):
    """One JSON object a line. Only named fields: time, level, logger, message, the node, and what the caller
    hands over as `extra={"fields": {...}}`. Other extras are left out: Django's loggers pass the request,
    whose repr holds the query string. An exception is written as `exception_summary` has it."""

    def __init__(self, *args, node="", **kwargs):
        super().__init__(*args, **kwargs)
        self.node = node

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "node": self.node,
            **getattr(record, "fields", {}),
        }
        if record.exc_info and record.exc_info[1] is not None:
            line.update(exception_summary(record.exc_info[1]))
        return json.dumps(line, ensure_ascii=False, default=str)


def exception_summary(exc):
    """The exception's type and the frames of our own code it passed, as `file:line in function`; never its
    message, which can hold a value (a name typed in a form, a row's contents in a database error)."""
    frames = [
        f"{Path(frame.filename).relative_to(PROJECT)}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).is_relative_to(PROJECT) and "site-packages" not in frame.filename
    ]
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return {"exception": name, "frames": frames}


def route_of(request):
    """The route of the view that answered, or would have: a middleware may answer first (a redirect to HTTPS,
    a session that could not be read). A path that no route matches is never written as it is."""
    static_url = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if request.path.startswith(static_url):
        return STATIC
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNRESOLVED
    return "/" + match.route


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that it times and sees every answer, a redirect to HTTPS or a static file too.
    A health check that found all well is not logged: the load balancer asks every few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration = round((time.perf_counter() - started) * 1000, 1)
        match = request.resolver_match
        if match is not None and match.view_name == "health" and response.status_code == 200:
            return response
        route = route_of(request)
        logger.info("%s %s %s %s ms", request.method, route, response.status_code, duration, extra={"fields": {
            "method": request.method, "route": route, "status": response.status_code, "duration_ms": duration,
            "request_id": request.request_id,
        }})
        return response


@receiver(got_request_exception)
def log_unhandled_exception(sender, request, **kwargs):
    """Django sends this for an exception that becomes a 500, in a view or a middleware; the request line
    follows with the same request id."""
    exc = sys.exc_info()[1]
    if exc is None or request is None:
        return
    route = route_of(request)
    summary = exception_summary(exc)
    logger.error("%s at %s", summary["exception"], route, extra={"fields": {
        "method": request.method, "route": route, "request_id": getattr(request, "request_id", ""), **summary,
    }})
