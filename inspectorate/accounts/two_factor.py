"""Time-based one-time passwords (django-otp) for the people who see sensitive evidence.

After their password, inspectorate staff (inspectors, lead inspectors, moderators, analysts and
administrators) give a six-digit code from an authenticator app; the first time, they set the app up
from a QR code. Analysts are included: they read every force's unpublished performance flags and risk
scores, which are as sensitive as the evidence. Force liaison officers are not: they see only their
own force's draft grades and findings, never the working, and their forces' own controls cover them.

The step is required when `INSPECTORATE_OTP_REQUIRED` is on (by default whenever `DEBUG` is off).
Demonstration accounts are exempt (`User.otp_exempt`, set only by `create-demo-users`), so a local
demonstration needs no phone. API bearer tokens are unaffected: a token is issued by an administrator
on the command line to a named script, is itself a long random secret that is never typed, and can be
revoked; asking a script for a code from a phone would only push people to share one.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .roles import INSPECTORATE_ROLES

# Roles that must give a one-time password after their password (see the module's docstring).
OTP_ROLES = INSPECTORATE_ROLES

# Reachable before the code is given: the step's own pages and signing out.
_OPEN_NAMES = ("otp-verify", "otp-setup", "logout")


def otp_required_for(user: Any) -> bool:
    if not settings.INSPECTORATE_OTP_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "otp_exempt", False):
        return False
    return bool(user.is_superuser or user.role in OTP_ROLES)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


class RequireOneTimePasswordMiddleware:
    """Sends signed-in staff who have not yet given their code to the step, from every page (the
    admin and the API's session use included). Bearer-token API calls carry no session user and pass."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not otp_required_for(user) or user.is_verified():  # type: ignore[union-attr]
            return self.get_response(request)
        open_paths = {reverse(name) for name in _OPEN_NAMES}
        if request.path_info in open_paths:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            if request.headers.get("Authorization"):
                # The API authenticates the token itself and acts as the token's user, not the session's.
                return self.get_response(request)
            return JsonResponse(
                {"detail": "Finish signing in: give the code from your authenticator app."}, status=403
            )
        step = "otp-verify" if confirmed_device(user) else "otp-setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


def new_device(user: Any) -> TOTPDevice:
    """The user's device waiting to be confirmed, made on first sight of the set-up page."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an app instead of scanning."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


WRONG_CODE = "The code is not right or has expired. Enter the code your app shows now"
TOO_MANY = "There have been too many wrong codes. Wait a minute, then enter the code your app shows"


def _refusal(device: TOTPDevice, token: str) -> str | None:
    """Why the code is refused, or None when it is right. Each wrong code doubles the wait before the
    next is even checked (django-otp's throttling), so codes cannot be guessed quickly."""
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return TOO_MANY
    return None if device.verify_token(token) else WRONG_CODE


def confirm(request: HttpRequest, device: TOTPDevice, token: str) -> str | None:
    """Confirm a newly set-up device with its first code, and count this sign-in as verified."""
    with transaction.atomic():
        refusal = _refusal(device, token)
        if refusal:
            return refusal
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(request.user, "user.otp_device_added", request.user, after={"device": device.name})  # type: ignore[arg-type]
    otp_login(request, device)
    return None


def verify(request: HttpRequest, token: str) -> str | None:
    device = confirmed_device(request.user)
    if device is None:
        return WRONG_CODE
    refusal = _refusal(device, token)
    if refusal is None:
        otp_login(request, device)
    return refusal
