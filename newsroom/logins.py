"""Who is logging in, and how often they may fail.

django-axes locks a user name *from one address* after ``AXES_FAILURE_LIMIT`` failures, so a stranger
cannot lock an editor out from elsewhere. That only holds if the address is the visitor's: behind
``NEWSROOM_TRUSTED_PROXIES`` reverse proxies it is read from X-Forwarded-For (the entry the outermost
trusted proxy added); with none, X-Forwarded-For is ignored, since anyone can send it. And one address
guessing across many user names is throttled as a whole (``NEWSROOM_LOGIN_ADDRESS_LIMIT`` failures in the
cool-off time), counted from the axes records every worker shares.
"""
import datetime
import ipaddress

from django.conf import settings
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone


def client_ip(request):
    """The visitor's address (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < proxies:
        return remote  # fewer hops than configured: not from behind our proxies
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def failures_from(address):
    """Failed log-ins from one address, across user names, within the cool-off time."""
    from axes.models import AccessAttempt

    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleMiddleware:
    """Refuses log-in attempts from an address that has failed too often, whatever user names it tries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method == "POST" and request.path in (reverse("admin:login"), reverse("login"))
                and failures_from(client_ip(request)) >= settings.NEWSROOM_LOGIN_ADDRESS_LIMIT):
            return TemplateResponse(request, "lockout.html", {"by_address": True}, status=429).render()
        return self.get_response(request)
