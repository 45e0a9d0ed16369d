"""Demo accounts for trying the service locally, and API tokens for scripts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.accounts.demo import DEMO_PERSONAS
from inspectorate.accounts.models import ApiToken, User
from inspectorate.accounts.roles import Role

Persona = Callable[[str], User | None]

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def credentials(output: str) -> dict[str, tuple[str, str]]:
    """username -> (password, the rest of the line) from the demo accounts listing."""
    found: dict[str, tuple[str, str]] = {}
    for line in output.splitlines()[1:]:
        username, password, rest = line.split(maxsplit=2)
        found[username] = (password, rest)
    return found


def signs_in(username: str, password: str) -> bool:
    """Whether the sign-in form accepts the password (through HTTP, as a person would sign in)."""
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


# Demo accounts


def test_it_creates_one_demo_account_per_persona_with_working_passwords(forces: None, settings: Any) -> None:
    settings.DEBUG = True

    output = run("create_demo_users")

    assert output.splitlines()[0] == "Demo accounts (sign in at /sign-in/):"
    listed = credentials(output)
    assert set(listed) == {p.username for p in DEMO_PERSONAS}
    for persona in DEMO_PERSONAS:
        password, rest = listed[persona.username]
        assert rest.startswith(persona.role.label)
        assert signs_in(persona.username, password), persona.username
        assert not signs_in(persona.username, password + "x")
    assert User.objects.get(username="liaison-wm").force.code == "west-midlands"  # type: ignore[union-attr]
    assert User.objects.get(username="admin").role == Role.ADMINISTRATOR
    assert AuditEvent.objects.filter(action="user.demo_password_set").count() == len(DEMO_PERSONAS)


def test_it_gives_every_demo_account_the_password_asked_for(forces: None, settings: Any) -> None:
    settings.DEBUG = True

    listed = credentials(run("create_demo_users", "--password", "one-shared-demo-password"))

    assert {password for password, _ in listed.values()} == {"one-shared-demo-password"}
    assert signs_in("moderator", "one-shared-demo-password")


def test_it_resets_the_passwords_when_run_again(forces: None, settings: Any) -> None:
    settings.DEBUG = True
    first = credentials(run("create_demo_users"))

    second = credentials(run("create_demo_users"))

    assert User.objects.count() == len(DEMO_PERSONAS)
    assert not signs_in("inspector", first["inspector"][0])
    assert signs_in("inspector", second["inspector"][0])


def test_it_refuses_demo_accounts_with_debug_off(forces: None, settings: Any) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refusing to create demo accounts with DEBUG off"):
        run("create_demo_users")

    assert User.objects.count() == 0
    assert len(credentials(run("create_demo_users", "--force"))) == len(DEMO_PERSONAS)
    assert User.objects.count() == len(DEMO_PERSONAS)


def test_it_creates_no_demo_account_when_the_forces_are_missing(db: None, settings: Any) -> None:
    settings.DEBUG = True

    with pytest.raises(CommandError, match="force 'west-midlands' is not loaded; run load-reference first"):
        run("create_demo_users")

    assert User.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# API tokens


@pytest.fixture
def analyst(make_persona: Persona) -> User:
    user = make_persona("analyst")
    assert user is not None
    return user


@pytest.fixture
def token(analyst: User) -> str:
    return run("token", "create", analyst.username, "nightly report").strip()


def api(path: str, authorization: str | None = None) -> Any:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return Client().get(path, headers=headers)


def test_it_prints_a_token_once_and_keeps_only_its_hash(analyst: User, token: str) -> None:
    stored = ApiToken.objects.get()

    assert token.startswith("insp_") and len(token) > 40
    assert stored.user == analyst
    assert stored.name == "nightly report"
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (stored.digest, stored.prefix, stored.name)
    assert token[5:13] == stored.prefix
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.after == {"user": analyst.username, "name": "nightly report"}


def test_it_authenticates_api_calls_with_the_token(token: str) -> None:
    response = api("/api/forces/", f"Bearer {token}")

    assert response.status_code == 200
    assert len(response.json()) == 43
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.urls("tests.accounts.api_urls")
def test_it_makes_the_token_holder_the_caller(analyst: User, token: str) -> None:
    response = api("/test-api/whoami", f"Bearer {token}")

    assert response.status_code == 200
    assert response.json() == {"username": analyst.username, "request_user": analyst.username}


@pytest.mark.urls("tests.accounts.api_urls")
def test_it_treats_a_call_without_credentials_as_the_public(forces: None) -> None:
    assert api("/test-api/whoami").json() == {"username": None, "request_user": None}
    response = api("/api/forces/")
    assert response.status_code == 200
    assert len(response.json()) == 43


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer insp_not-a-real-token",
        "Bearer ",
        "Bearer",
        "Basic YW5pbDpwYXNzd29yZA==",
        "Token {token}",
        "{token}",
    ],
    ids=["wrong token", "empty bearer", "bare scheme", "basic", "token scheme", "no scheme"],
)
def test_it_refuses_credentials_that_do_not_hold(token: str, authorization: str) -> None:
    response = api("/api/forces/", authorization.format(token=token))

    assert response.status_code == 401
    assert ApiToken.objects.get().last_used_at is None


def test_it_refuses_a_revoked_token(token: str) -> None:
    assert api("/api/forces/", f"Bearer {token}").status_code == 200

    out = run("token", "revoke", token[5:13])

    assert out.startswith("revoked nightly report")
    assert api("/api/forces/", f"Bearer {token}").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
    with pytest.raises(CommandError, match="no active token starting"):
        run("token", "revoke", token[5:13])


def test_it_refuses_the_token_of_a_deactivated_account(analyst: User, token: str) -> None:
    analyst.is_active = False
    analyst.save()

    assert api("/api/forces/", f"Bearer {token}").status_code == 401


def test_it_revokes_only_the_token_named(analyst: User, token: str) -> None:
    other = run("token", "create", analyst.username, "dashboard").strip()

    run("token", "revoke", token[5:13])

    assert api("/api/forces/", f"Bearer {token}").status_code == 401
    assert api("/api/forces/", f"Bearer {other}").status_code == 200


def test_it_refuses_a_token_for_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="no user 'ghost'"):
        run("token", "create", "ghost", "script")

    assert ApiToken.objects.count() == 0
