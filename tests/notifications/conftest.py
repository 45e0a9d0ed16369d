"""Notification tests: personas with e-mail addresses (the suite's personas have none), an inspection
of force A (West Midlands) for the child abuse framework, and the e-mails sent when a change commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection
from tests.inspections.conftest import pack_2007, read_pack_2007  # noqa: F401  (the pack, read once)
from tests.stages import new_inspection


def address(user: Any) -> str:
    return f"{user.username}@example.org"


@pytest.fixture
def people(make_persona: Callable[[str], Any]) -> Callable[[str], Any]:
    """The personas, each with an e-mail address of their own."""

    def person(name: str) -> Any:
        user = make_persona(name)
        if user is not None and not user.email:
            user.email = address(user)
            User.objects.filter(pk=user.pk).update(email=user.email)
        return user

    return person


@pytest.fixture
def second_lead(forces: None) -> User:
    return User.objects.create_user(
        username="helen.hmi",
        password="a-long-test-password",
        role=Role.LEAD_INSPECTOR,
        email="helen.hmi@example.org",
    )


@pytest.fixture
def inspection(pack_2007: Any, people: Callable[[str], Any]) -> Inspection:  # noqa: F811
    for name in ("inspector", "lead", "moderator", "analyst", "force_a", "force_b", "admin"):
        people(name)
    return new_inspection(
        people, force=Force.objects.get(code="west-midlands"), programme=pack_2007, frameworks=["CA"]
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run the callbacks a block registers for its commit (the test's own transaction never commits)."""

    def capture() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return capture
