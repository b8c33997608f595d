"""Who is at the other end of a request: one answer for the login lockout (django-axes) and the access log."""

import ipaddress

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind settings.TRUSTED_PROXIES proxies the address the outermost of them received
    the connection from.

    Each proxy appends the address it received from to X-Forwarded-For; with N trusted proxies the N-th
    address from the right is the client's. Whatever stands left of it was written by the client and is
    never believed. A header that is missing, too short or malformed gives REMOTE_ADDR (the proxy)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
