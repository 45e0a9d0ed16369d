"""Demo accounts, one per persona, for trying the service locally."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.forces.models import Force

from .models import User
from .roles import Role


@dataclass(frozen=True)
class DemoPersona:
    username: str
    first_name: str
    last_name: str
    role: Role
    force_code: str | None = None


DEMO_PERSONAS = (
    DemoPersona("inspector", "Isla", "Inspector", Role.INSPECTOR),
    DemoPersona("lead", "Leonard", "Lead", Role.LEAD_INSPECTOR),
    DemoPersona("moderator", "Morag", "Moderator", Role.MODERATOR),
    DemoPersona("analyst", "Anil", "Analyst", Role.ANALYST),
    DemoPersona("liaison-wm", "Wendy", "Midlands", Role.FORCE_LIAISON, "west-midlands"),
    DemoPersona("liaison-durham", "Dan", "Durham", Role.FORCE_LIAISON, "durham"),
    DemoPersona("admin", "Ada", "Administrator", Role.ADMINISTRATOR),
)


class MissingForce(Exception):
    pass


def create_demo_users(password: str | None = None) -> list[tuple[DemoPersona, str]]:
    """Create or reset each demo account; returns each persona with its (new) password."""
    created: list[tuple[DemoPersona, str]] = []
    with transaction.atomic():
        for persona in DEMO_PERSONAS:
            force = None
            if persona.force_code:
                force = Force.objects.filter(code=persona.force_code).first()
                if force is None:
                    raise MissingForce(
                        f"force {persona.force_code!r} is not loaded; run load-reference first"
                    )
            user, _ = User.objects.update_or_create(
                username=persona.username,
                defaults={
                    "first_name": persona.first_name,
                    "last_name": persona.last_name,
                    "role": persona.role,
                    "force": force,
                    "is_active": True,
                    "otp_exempt": True,
                    "email": f"{persona.username}@inspectorate.example",
                },
            )
            chosen = password or secrets.token_urlsafe(9)
            user.set_password(chosen)
            user.save()
            audit.record(
                None,
                "user.demo_password_set",
                user,
                after={"role": user.role, "force": persona.force_code, "otp_exempt": True},
            )
            created.append((persona, chosen))
    return created
