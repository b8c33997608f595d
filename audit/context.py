"""The request being served, for the log rows written where no view hands it over: changes to roles and
credentials, which the admin, the pilot's team page and the shell all make (signals.py)."""

from contextvars import ContextVar

current_request = ContextVar("current_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
