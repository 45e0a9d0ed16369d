"""Signing in: repeated wrong passwords lock the username out, the lockout is audited, and an
administrator can lift it (audited too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.accounts.models import User
from tests.web.dom import parse

Persona = Callable[[str], User | None]

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the personas' password (tests/conftest.py)


def sign_in(username: str, password: str, client: Client | None = None) -> Any:
    return (client or Client()).post("/sign-in/", {"username": username, "password": password})


def signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_it_refuses_the_right_password_after_thirty_wrong_ones(make_persona: Persona) -> None:
    make_persona("inspector")

    answers = [sign_in("isla.inspector", f"guess-{n}").status_code for n in range(30)]
    right = sign_in("isla.inspector", PASSWORD)

    assert answers[:4] == [200] * 4  # the form again, with its error
    assert set(answers[5:]) == {429}
    assert right.status_code == 429
    assert not signed_in(right)
    assert "_auth_user_id" not in right.client.session


def test_it_explains_the_lockout_in_plain_words(make_persona: Persona) -> None:
    make_persona("inspector")
    for n in range(5):
        sign_in("isla.inspector", f"guess-{n}")

    page = sign_in("isla.inspector", PASSWORD)

    assert page.status_code == 429
    main = parse(page.content).find("main")
    assert main.find("h1").text == "You cannot sign in at the moment"
    assert "5 unsuccessful attempts" in main.text
    assert main.find(data_testid="lockout-wait").text == "You can try again in 30 minutes."
    assert "contact an administrator" in main.text
    # Nothing about the password or the account's details.
    assert PASSWORD not in page.content.decode()


def test_it_counts_failures_per_username_not_per_address(make_persona: Persona) -> None:
    make_persona("inspector")
    make_persona("lead")
    for n in range(5):
        sign_in("isla.inspector", f"guess-{n}")

    # Another officer behind the same address still signs in.
    assert signed_in(sign_in("leonard.lead", PASSWORD))
    # From another address the locked username stays locked.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9").post(
        "/sign-in/", {"username": "isla.inspector", "password": PASSWORD}
    )
    assert elsewhere.status_code == 429


def test_it_forgets_a_few_mistakes_after_a_successful_sign_in(make_persona: Persona) -> None:
    make_persona("inspector")
    for n in range(4):
        sign_in("isla.inspector", f"guess-{n}")
    assert signed_in(sign_in("isla.inspector", PASSWORD))

    for n in range(4):
        sign_in("isla.inspector", f"again-{n}")

    assert signed_in(sign_in("isla.inspector", PASSWORD))


def test_it_audits_the_lockout(make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    assert inspector is not None
    for n in range(4):
        sign_in("isla.inspector", f"guess-{n}")
    assert not AuditEvent.objects.filter(action="user.sign_in_locked_out").exists()

    fifth = sign_in("isla.inspector", "guess-4")

    event = AuditEvent.objects.get(action="user.sign_in_locked_out")
    assert (event.object_type, event.object_id) == ("accounts.user", str(inspector.pk))
    assert event.actor_label == "system"
    assert event.after == {"username": "isla.inspector", "ip_address": "127.0.0.1", "failed_sign_ins": 5}
    assert event.request_id == fifth["X-Request-ID"]


def test_it_audits_a_lockout_of_a_name_that_has_no_account(forces: None) -> None:
    for n in range(5):
        sign_in("no.such.person", f"guess-{n}")

    event = AuditEvent.objects.get(action="user.sign_in_locked_out")
    assert event.object_type == "axes.accessattempt"
    assert event.after["username"] == "no.such.person"


def test_it_lets_an_administrator_unlock_from_the_admin(make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    assert inspector is not None
    for n in range(5):
        sign_in("isla.inspector", f"guess-{n}")
    administrator = Client()
    administrator.force_login(make_persona("admin"))  # type: ignore[arg-type]
    listing = administrator.get("/admin/accounts/user/")
    assert listing.status_code == 200

    response = administrator.post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [inspector.pk]}
    )

    assert response.status_code == 302
    assert signed_in(sign_in("isla.inspector", PASSWORD))
    event = AuditEvent.objects.get(action="user.sign_in_unlocked")
    assert event.actor_label == "ada.admin"
    assert (event.object_type, event.object_id) == ("accounts.user", str(inspector.pk))
    assert event.before == {"failed_sign_ins": 5}
    assert event.after == {"failed_sign_ins": 0}


def test_it_lets_an_administrator_unlock_from_the_list_of_attempts(make_persona: Persona) -> None:
    from axes.models import AccessAttempt

    make_persona("inspector")
    for n in range(5):
        sign_in("isla.inspector", f"guess-{n}")
    administrator = Client()
    administrator.force_login(make_persona("admin"))  # type: ignore[arg-type]
    attempt = AccessAttempt.objects.get(username="isla.inspector")

    response = administrator.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [attempt.pk]}
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action="user.sign_in_unlocked", actor_label="ada.admin").count() == 1
    assert signed_in(sign_in("isla.inspector", PASSWORD))


def test_it_lets_nobody_else_unlock(make_persona: Persona) -> None:
    from inspectorate.accounts import services

    make_persona("inspector")
    for n in range(5):
        sign_in("isla.inspector", f"guess-{n}")

    with pytest.raises(services.PermissionDenied):
        services.unlock_sign_in(make_persona("lead"), "isla.inspector")

    assert sign_in("isla.inspector", PASSWORD).status_code == 429


def test_it_unlocks_from_the_command_line_with_an_audit_event(
    make_persona: Persona, cli: Any, capsys: Any
) -> None:
    make_persona("inspector")
    for n in range(5):
        sign_in("isla.inspector", f"guess-{n}")

    assert cli(["unlock-sign-in", "isla.inspector"]) == 0

    assert "unlocked isla.inspector" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="user.sign_in_unlocked")
    assert event.actor_label == "system"
    assert signed_in(sign_in("isla.inspector", PASSWORD))
