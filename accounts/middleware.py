"""Session hardening: 30 minutes idle or 12 hours in all ends a session, and no personal page is cached."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .access import needs_second_factor

LOGIN_AT = "kid_login_at"
SEEN_AT = "kid_seen_at"
# Writing the session on every request costs a query; once a minute is precise enough for 30 minutes.
TOUCH_EVERY = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            if now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("U bent automatisch uitgelogd omdat u een tijd niets heeft gedaan. "
                                         "Log opnieuw in."))
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if now - seen_at >= TOUCH_EVERY or SEEN_AT not in session:
                session[SEEN_AT] = now
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


def stamp_login(sender, request, user, **kwargs):
    """Connected to user_logged_in: the session's clocks start at login."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SecondFactorMiddleware:
    """Until a coördinator or beheerder has given a TOTP code, only the second step and logout are open."""

    OPEN_PATHS = ("second_factor", "second_factor_setup", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and not user.is_verified()
            and needs_second_factor(user)
            and request.path not in {reverse(name) for name in self.OPEN_PATHS}
            and not request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                            else "/" + settings.STATIC_URL)
        ):
            return redirect(f"{reverse('second_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
