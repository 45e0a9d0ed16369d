"""The one-time password step after the password, through HTTP as a person signs in."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.accounts.models import ApiToken, User
from tests.environment import settings_with
from tests.web.dom import parse

Persona = Callable[[str], User | None]

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
SETUP = "/sign-in/set-up-authenticator-app/"
VERIFY = "/sign-in/authenticator-app/"


@pytest.fixture(autouse=True)
def otp_on(settings: Any) -> None:
    settings.INSPECTORATE_OTP_REQUIRED = True


def password_step(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302, "the password was accepted"
    return client


def code_for(secret: str, step_offset: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.t0 = step_offset * -30  # a later 30-second step, for a second code in one test
    return f"{totp.token():06d}"


def set_up(client: Client) -> str:
    """Scan (read) the set-up page's secret and confirm it with a code; returns the secret."""
    page = client.get(SETUP)
    secret = parse(page.content).find(data_testid="otp-secret").text
    response = client.post(SETUP, {"code": code_for(secret), "next": "/inspections/"})
    assert response.status_code == 302 and response["Location"] == "/inspections/"
    return secret


def test_it_sends_staff_to_set_up_an_app_after_their_password(make_persona: Persona) -> None:
    make_persona("inspector")
    client = password_step("isla.inspector")

    response = client.get("/inspections/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Finspections%2F"
    # Not the admin either, nor any other page.
    assert client.get("/admin/").status_code == 302
    assert client.get("/").status_code == 302


def test_it_shows_the_qr_code_as_svg_and_the_secret(make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    client = password_step("isla.inspector")

    page = client.get(SETUP)

    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    tree = parse(page.content)
    assert tree.find("h1").text == "Set up your authenticator app"
    qr = tree.find(data_testid="otp-qr-code")
    assert qr.find("svg").find_all("path"), "the QR code is drawn as SVG paths"
    secret = tree.find(data_testid="otp-secret").text
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", secret)
    device = TOTPDevice.objects.get(user=inspector)
    assert not device.confirmed
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret.replace(" ", "")
    assert "Inspectorate" in device.config_url


def test_it_confirms_the_app_with_its_first_code_and_audits_it(make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    client = password_step("isla.inspector")

    set_up(client)

    assert client.get("/inspections/").status_code == 200
    assert TOTPDevice.objects.get(user=inspector).confirmed
    event = AuditEvent.objects.get(action="user.otp_device_added")
    assert (event.actor_label, event.object_id) == ("isla.inspector", str(inspector.pk))


def test_it_refuses_a_wrong_code_at_set_up_with_a_clear_error(make_persona: Persona) -> None:
    make_persona("inspector")
    client = password_step("isla.inspector")
    client.get(SETUP)

    response = client.post(SETUP, {"code": "12345"})

    assert response.status_code == 400
    tree = parse(response.content)
    summary = tree.find("div", class_="govuk-error-summary")
    assert "Enter the code as 6 digits" in summary.text
    assert summary.find("a").get("href") == "#id_code"
    assert client.get("/inspections/").status_code == 302


def test_it_asks_for_a_code_at_every_later_sign_in(make_persona: Persona) -> None:
    make_persona("lead")
    secret = set_up(password_step("leonard.lead"))
    client = password_step("leonard.lead")

    sent = client.get("/inspections/")
    right = client.post(VERIFY, {"code": code_for(secret, 1), "next": "/inspections/"})

    assert sent["Location"] == f"{VERIFY}?next=%2Finspections%2F"
    assert right.status_code == 302 and right["Location"] == "/inspections/"
    assert client.get("/inspections/").status_code == 200


def test_it_refuses_a_wrong_code_and_then_slows_guessing_down(make_persona: Persona) -> None:
    make_persona("lead")
    secret = set_up(password_step("leonard.lead"))
    client = password_step("leonard.lead")
    right_code = code_for(secret, 1)

    wrong = client.post(VERIFY, {"code": "000000" if right_code != "000000" else "111111"})
    at_once = client.post(VERIFY, {"code": right_code})

    assert wrong.status_code == 400
    assert "The code is not right" in parse(wrong.content).find("div", class_="govuk-error-summary").text
    # Straight after a wrong code even the right one waits: guessing a million codes takes forever.
    assert at_once.status_code == 400
    assert "too many wrong codes" in parse(at_once.content).find("div", class_="govuk-error-summary").text
    assert client.get("/inspections/").status_code == 302


def test_it_never_redirects_off_the_site_after_the_code(make_persona: Persona) -> None:
    make_persona("lead")
    client = password_step("leonard.lead")
    secret = parse(client.get(SETUP).content).find(data_testid="otp-secret").text

    response = client.post(SETUP, {"code": code_for(secret), "next": "https://elsewhere.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("persona", ["inspector", "lead", "moderator", "analyst", "admin"])
def test_it_requires_the_code_of_inspectorate_staff(make_persona: Persona, persona: str) -> None:
    user = make_persona(persona)
    assert user is not None

    client = password_step(user.username)

    assert client.get("/").status_code == 302


def test_it_does_not_require_the_code_of_force_liaison_officers(make_persona: Persona) -> None:
    make_persona("force_a")

    client = password_step("wendy.westmids")

    assert client.get("/inspections/").status_code == 200


def test_it_refuses_the_api_to_a_session_without_the_code(make_persona: Persona) -> None:
    make_persona("inspector")
    client = password_step("isla.inspector")

    response = client.get("/api/inspections/")

    assert response.status_code == 403
    assert "authenticator app" in response.json()["detail"]


def test_it_leaves_api_tokens_unaffected(make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    _token, raw = ApiToken.issue(inspector, "script")  # type: ignore[arg-type]

    response = Client().get("/api/inspections/", headers={"Authorization": f"Bearer {raw}"})
    # Also from a browser whose session has not given its code yet.
    half_signed_in = password_step("isla.inspector")
    beside = half_signed_in.get("/api/inspections/", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert beside.status_code == 200


def test_it_lets_demo_accounts_sign_in_with_their_password_alone(forces: None, settings: Any) -> None:
    from inspectorate.accounts.demo import create_demo_users

    settings.DEBUG = True
    passwords = {persona.username: password for persona, password in create_demo_users()}

    for username in ("inspector", "lead", "moderator", "analyst", "admin"):
        client = password_step(username, passwords[username])
        assert client.get("/inspections/").status_code == 200, username
    assert User.objects.filter(otp_exempt=True).count() == len(passwords)


def test_it_lets_signing_out_happen_before_the_code(make_persona: Persona) -> None:
    make_persona("inspector")
    client = password_step("isla.inspector")

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_lets_an_administrator_reset_a_lost_app(make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    assert inspector is not None
    make_persona("admin")
    set_up(password_step("isla.inspector"))
    administrator = password_step("ada.admin")
    admin_secret = set_up(administrator)
    assert admin_secret

    response = administrator.post(
        "/admin/accounts/user/", {"action": "reset_authenticator_app", "_selected_action": [inspector.pk]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=inspector).exists()
    event = AuditEvent.objects.get(action="user.otp_device_removed")
    assert (event.actor_label, event.object_id) == ("ada.admin", str(inspector.pk))
    # At the next sign-in the inspector sets an app up again.
    assert password_step("isla.inspector").get("/")["Location"].startswith(SETUP)


def test_it_requires_the_code_whenever_debug_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    server = settings_with(monkeypatch, SECRET_KEY="a-server-key")
    laptop = settings_with(monkeypatch, DEBUG="true")
    told = settings_with(monkeypatch, SECRET_KEY="a-server-key", INSPECTORATE_OTP_REQUIRED="false")

    assert server["INSPECTORATE_OTP_REQUIRED"] is True
    assert laptop["INSPECTORATE_OTP_REQUIRED"] is False
    assert told["INSPECTORATE_OTP_REQUIRED"] is False
