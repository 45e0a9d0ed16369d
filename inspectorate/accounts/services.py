"""Changes to accounts that are not plain edits: revoking an API token, lifting a sign-in lockout,
resetting a lost one-time password device. Each checks who asks and writes its audit event in the same
transaction as the change, whether it comes from the admin or the command line."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as reset_sign_in_failures
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import ApiToken, User


def _require_administrator(actor: Any) -> None:
    # `None` is the command line, run by whoever holds the server; everyone else must administer.
    if actor is not None and not getattr(actor, "is_administrator", False):
        raise PermissionDenied("Only an administrator can do this.")


def revoke_token(actor: Any, token: ApiToken) -> bool:
    """Revoke a token (already revoked: nothing to do, returns False)."""
    _require_administrator(actor)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor,
            "api_token.revoked",
            token,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )
    return True


def unlock_sign_in(actor: Any, username: str) -> int:
    """Lift a sign-in lockout early by forgetting the username's failed attempts; returns how many."""
    _require_administrator(actor)
    with transaction.atomic():
        attempts = list(AccessAttempt.objects.filter(username=username))
        failures = sum(a.failures_since_start for a in attempts)
        removed = reset_sign_in_failures(username=username)
        subject = User.objects.filter(username=username).first()
        if removed and subject is not None:
            audit.record(
                actor,
                "user.sign_in_unlocked",
                subject,
                before={"failed_sign_ins": failures},
                after={"failed_sign_ins": 0},
            )
        elif removed:
            # No such account: the attempts were guesses at a name, and the record says which.
            audit.record(
                actor,
                "sign_in.unlocked",
                attempts[0],
                before={"username": username, "failed_sign_ins": failures},
                after={"failed_sign_ins": 0},
            )
    return removed


def record_lockout(username: str, ip_address: str | None) -> None:
    """Audit a refused sign-in once a username has reached the failure limit."""
    with transaction.atomic():
        attempt = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
        subject = User.objects.filter(username=username).first()
        detail = {
            "username": username,
            "ip_address": ip_address,
            "failed_sign_ins": attempt.failures_since_start if attempt else None,
        }
        target = subject if subject is not None else attempt
        if target is not None:
            audit.record(None, "user.sign_in_locked_out", target, after=detail)


def reset_one_time_passwords(actor: Any, user: User) -> int:
    """Forget a user's one-time password devices (a lost phone): they set one up again at their next
    sign-in, after their password."""
    _require_administrator(actor)
    with transaction.atomic():
        devices = list(TOTPDevice.objects.filter(user=user))
        for device in devices:
            audit.record(
                actor,
                "user.otp_device_removed",
                user,
                before={"device": device.name, "confirmed": device.confirmed},
            )
            device.delete()
    return len(devices)
