from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from .roles import INSPECTORATE_ROLES, Role


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    force = models.ForeignKey(
        "forces.Force",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_officers",
        help_text="The force a force liaison officer works for; empty for inspectorate staff.",
    )
    # Set only by `create-demo-users`, which is never run on a server: demonstration accounts sign in
    # with their password alone, so a local demonstration needs no phone (accounts/two_factor.py).
    otp_exempt = models.BooleanField(
        "exempt from one-time passwords",
        default=False,
        help_text="Demonstration accounts only: signs in without a one-time password.",
    )

    class Meta:
        ordering = ["username"]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.FORCE_LIAISON and self.force_id is None:
            raise ValidationError({"force": "A force liaison officer must belong to a force."})
        if self.role != Role.FORCE_LIAISON and self.force_id is not None:
            raise ValidationError({"force": "Only force liaison officers belong to a force."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Administrators manage the service through Django's admin; nobody else may, so losing the
        # role also loses the admin.
        self.is_staff = self.is_superuser or self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    # Administrators hold every Django permission through their role, not through permission rows,
    # so granting or removing the role is the one switch.
    def has_perm(self, perm: str, obj: Any = None) -> bool:
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_module_perms(app_label)

    @property
    def is_administrator(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.ADMINISTRATOR)

    @property
    def is_inspectorate_staff(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in INSPECTORATE_ROLES)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and (self.role in roles or self.is_superuser)

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.role:
            return "Administrator"
        return Role(self.role).label if self.role else "No role"


class ApiToken(models.Model):
    """A token for scripts. Only a hash is stored; the token itself is shown once, on creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, help_text="First characters, to recognise the token.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.user}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        # Hex, so the prefix shown and typed to revoke a token never starts with "-" (an option).
        raw = "insp_" + secrets.token_hex(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[5:13], digest=cls.hash(raw))
        return token, raw


from .audit_models import AuditEvent  # noqa: E402, F401  (one models module for Django's loader)
