"""/gezond/: may the load balancer send this node requests? Yes (200) when the database and the cache answer,
no (503) otherwise. Cheap and without side effects: a `SELECT 1` and a short-lived cache key, no session, no
access-log row; a node that answers 200 is not in the request log either (kidportal/logs.py)."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import Error, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OK = "ok"
UNAVAILABLE = "unavailable"


@never_cache
@require_safe
def health(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    status = 200 if all(answer == OK for answer in checks.values()) else 503
    return JsonResponse({**checks, "node": settings.NODE_NAME}, status=status)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return UNAVAILABLE
    return OK


def cache_answers():
    """Any backend, Redis or the worker's memory: a key of this check's own that lives ten seconds at most. Not
    one per node: the node's workers, probed at once, would overwrite each other's and answer 503."""
    token = uuid.uuid4().hex
    key = f"gezond:{token}"
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception:  # every backend raises its own errors (redis.ConnectionError, a database error, …)
        return UNAVAILABLE
    return OK if answered else UNAVAILABLE
