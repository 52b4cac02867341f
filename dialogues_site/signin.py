"""The hooks of the login throttling (django-axes, settings AXES_*): whose failed sign-ins
are counted, and the page a locked-out user sees."""

import ipaddress

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


def client_ip_address(request):
    """The client's address, for counting failed sign-ins (AXES_CLIENT_IP_CALLABLE).

    The connection's address, unless DJANGO_TRUSTED_PROXY_COUNT says that N proxies in
    front of the app servers each append to X-Forwarded-For: then the client is the N-th
    address from the right (what the outermost proxy saw). Addresses further left were
    written by the client and are never believed.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # not through the proxies the operator described
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out user sees (AXES_LOCKOUT_CALLABLE): 429, when to try again,
    whom to ask. Each attempt during a lockout starts the wait again, so "now plus the
    cool-off" is when the lock ends."""
    cool_off = get_cool_off(request)
    now = timezone.now()
    retry_at = now + cool_off
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "retry_at": retry_at,
        "wait": timeuntil(retry_at, now),
        "contact": getattr(settings, "LOGIN_LOCKOUT_CONTACT", ""),
    }
    return render(request, "registration/lockout.html", context, status=429)
