"""Personas and shared data for the whole suite.

Every test speaks in terms of the people who use the service: an inspector, a lead inspector, a
moderator, an analyst, a force liaison officer of force A (West Midlands) and of force B (Durham), an
administrator, and the anonymous public.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role

# The browser fixtures (Debian's chromium through Playwright), for tests marked `browser`.
pytest_plugins = ["tests.browser"]

ROOT = Path(__file__).resolve().parent.parent
PACK_2007 = ROOT / "packs" / "hmic-2007"
FORCE_A = "west-midlands"
FORCE_B = "durham"

# Playwright drives the browser from a thread that Django sees as async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = ("public", "inspector", "lead", "moderator", "analyst", "force_a", "force_b", "admin")


@pytest.fixture(scope="session", autouse=True)
def worker_media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Files written outside a test (by a module's or the session's fixtures) land in a folder of this
    test process's own (one per pytest-xdist worker), never in var/."""
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("worker-media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> Path:
    """Every test stores evidence and published files in a folder of its own, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    """The `inspectorate` console script, run in this process; returns its exit code. Django closes
    every database connection when a command ends, which inside a test would close the test's own
    connection (PostgreSQL then refuses the rest of the test), so that last step is skipped here."""
    from django.core.management import base

    from inspectorate.cli import main

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    return main


@pytest.fixture
def forces(db: None) -> None:
    from inspectorate.forces.reference import load_reference

    load_reference()


@pytest.fixture
def pack_2007(db: None):  # type: ignore[no-untyped-def]
    from inspectorate.methodology.loading import load_pack

    return load_pack(PACK_2007).programme


def _make(username: str, role: str, force_code: str | None = None, **extra: object) -> User:
    from inspectorate.forces.models import Force

    force = Force.objects.get(code=force_code) if force_code else None
    return User.objects.create_user(
        username=username,
        password="a-long-test-password",
        role=role,
        force=force,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def make_persona(forces: None) -> Callable[[str], User | None]:
    made: dict[str, User | None] = {}

    def make(name: str) -> User | None:
        if name in made:
            return made[name]
        user: User | None
        if name == "public":
            user = None
        elif name == "inspector":
            user = _make("isla.inspector", Role.INSPECTOR)
        elif name == "lead":
            user = _make("leonard.lead", Role.LEAD_INSPECTOR)
        elif name == "moderator":
            user = _make("morag.moderator", Role.MODERATOR)
        elif name == "analyst":
            user = _make("anil.analyst", Role.ANALYST)
        elif name == "force_a":
            user = _make("wendy.westmids", Role.FORCE_LIAISON, FORCE_A)
        elif name == "force_b":
            user = _make("dan.durham", Role.FORCE_LIAISON, FORCE_B)
        elif name == "admin":
            user = _make("ada.admin", Role.ADMINISTRATOR)
        else:
            raise ValueError(f"unknown persona {name!r}; use one of {PERSONAS}")
        made[name] = user
        return user

    return make


@pytest.fixture
def client_for(make_persona: Callable[[str], User | None]) -> Callable[[str], Client]:
    def client(name: str) -> Client:
        c = Client()
        user = make_persona(name)
        if user is not None:
            c.force_login(user)
        return c

    return client


@pytest.fixture
def inspector(make_persona):  # type: ignore[no-untyped-def]
    return make_persona("inspector")


@pytest.fixture
def lead(make_persona):  # type: ignore[no-untyped-def]
    return make_persona("lead")


@pytest.fixture
def force_a_user(make_persona):  # type: ignore[no-untyped-def]
    return make_persona("force_a")


@pytest.fixture
def force_b_user(make_persona):  # type: ignore[no-untyped-def]
    return make_persona("force_b")


@pytest.fixture
def admin_user(make_persona):  # type: ignore[no-untyped-def]
    return make_persona("admin")
