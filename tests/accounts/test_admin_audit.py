"""Changes made in Django's admin are audited like any other change, or the admin cannot make them.

Each test changes something through the admin's own pages, as an administrator would, and then finds
the audit event: who, when, what, and the fields before and after.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from inspectorate.accounts.admin_audit import AuditedModelAdmin
from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.accounts.models import ApiToken, User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from tests.web.dom import Node, parse

Persona = Callable[[str], User | None]

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_persona: Persona) -> Client:
    client = Client()
    client.force_login(make_persona("admin"))  # type: ignore[arg-type]
    return client


def form_data(page: bytes) -> dict[str, Any]:
    """What the admin's change form would send if submitted unchanged."""
    # The largest form: the page also has the sign-out form.
    form = max(parse(page).find_all("form"), key=lambda f: len(f.find_all("input")))
    data: dict[str, Any] = {}
    for node in form.iter():
        name = node.get("name")
        if not name:
            continue
        if node.tag == "input":
            kind = node.get("type", "text")
            if kind in {"submit", "button", "file"} or (
                kind in {"checkbox", "radio"} and "checked" not in node.attrs
            ):
                continue
            data[name] = node.get("value", "on") if kind == "checkbox" else node.get("value")
        elif node.tag == "select":
            chosen = [o.get("value") for o in node.find_all("option") if "selected" in o.attrs]
            data[name] = chosen[0] if chosen else ""
        elif node.tag == "textarea":
            data[name] = _text(node)
    return data


def _text(node: Node) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in node.children).lstrip("\n")


def change(client: Client, url: str, **changes: Any) -> Any:
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.content)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "error" in line
    ]
    return response


def only_event(action: str, **filters: Any) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action, **filters))
    assert len(events) == 1, [str(e) for e in AuditEvent.objects.all()]
    return events[0]


def assert_recent(event: AuditEvent) -> None:
    assert timezone.now() - event.at < datetime.timedelta(minutes=1)


def test_it_audits_a_change_of_role_in_the_admin(admin_client: Client, make_persona: Persona) -> None:
    analyst = make_persona("analyst")
    assert analyst is not None

    change(admin_client, f"/admin/accounts/user/{analyst.pk}/change/", role=Role.MODERATOR)

    event = only_event("user.changed", object_id=str(analyst.pk))
    assert event.actor_label == "ada.admin"
    assert event.object_type == "accounts.user"
    assert event.before == {"role": "analyst"}
    assert event.after == {"role": "moderator"}
    assert event.note == "changed in the admin"
    assert event.request_id
    assert_recent(event)


def test_it_audits_a_new_user_without_their_password(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.inspector",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
        },
    )

    assert response.status_code == 302
    made = User.objects.get(username="new.inspector")
    event = only_event("user.created", object_id=str(made.pk))
    assert event.actor_label == "ada.admin"
    assert event.after["username"] == "new.inspector"
    assert "password" not in event.after
    assert made.password not in str(event.after)


def test_it_audits_a_password_set_in_the_admin(admin_client: Client, make_persona: Persona) -> None:
    inspector = make_persona("inspector")
    assert inspector is not None

    response = admin_client.post(
        f"/admin/accounts/user/{inspector.pk}/password/",
        {
            "password1": "another-long-password-2",
            "password2": "another-long-password-2",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    event = only_event("user.password_set", object_id=str(inspector.pk))
    assert event.actor_label == "ada.admin"
    inspector.refresh_from_db()
    assert inspector.password not in str(event.before) + str(event.after)


def test_it_audits_a_force_and_its_facts_changed_in_the_admin(admin_client: Client) -> None:
    force = Force.objects.get(code="west-midlands")
    fact = force.facts.order_by("pk").first()
    assert fact is not None, "the reference data has facts for West Midlands"
    url = f"/admin/forces/force/{force.pk}/change/"
    page = admin_client.get(url)
    data = form_data(page.content)
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.startswith("facts-") and v == str(fact.pk))
    old_value = data[f"{prefix}-value"]

    change(admin_client, url, region="Midlands (corrected)", **{f"{prefix}-value": "1234.00"})

    force_event = only_event("force.changed", object_id=str(force.pk))
    assert force_event.before == {"region": force.region}
    assert force_event.after == {"region": "Midlands (corrected)"}
    fact_event = only_event("forcefact.changed", object_id=str(fact.pk))
    assert fact_event.actor_label == "ada.admin"
    assert fact_event.before == {"value": old_value}
    assert fact_event.after == {"value": "1234.00"}
    assert force_event.request_id == fact_event.request_id


def test_it_audits_a_fact_deleted_in_the_admin(admin_client: Client) -> None:
    force = Force.objects.get(code="west-midlands")
    fact = force.facts.order_by("pk").first()
    assert fact is not None
    url = f"/admin/forces/force/{force.pk}/change/"
    data = form_data(admin_client.get(url).content)
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.startswith("facts-") and v == str(fact.pk))

    change(admin_client, url, **{f"{prefix}-DELETE": "on"})

    event = only_event("forcefact.deleted", object_id=str(fact.pk))
    assert event.before["key"] == fact.key
    assert not force.facts.filter(pk=fact.pk).exists()


def test_it_revokes_an_api_token_from_the_admin_through_the_service(
    admin_client: Client, make_persona: Persona
) -> None:
    token, _raw = ApiToken.issue(make_persona("analyst"), "nightly export")  # type: ignore[arg-type]

    response = admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = only_event("api_token.revoked", object_id=str(token.pk))
    assert event.actor_label == "ada.admin"
    assert event.before == {"revoked_at": None}
    assert event.after == {"revoked_at": token.revoked_at.isoformat()}


def test_it_cannot_edit_or_delete_a_token_in_the_admin(admin_client: Client, make_persona: Persona) -> None:
    token, _raw = ApiToken.issue(make_persona("analyst"), "nightly export")  # type: ignore[arg-type]

    edit = admin_client.post(f"/admin/accounts/apitoken/{token.pk}/change/", {"name": "renamed"})
    delete = admin_client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})

    assert edit.status_code == 403 and delete.status_code == 403
    token.refresh_from_db()
    assert token.name == "nightly export"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/practice/practiceexample/add/",
        "/admin/inspections/inspection/add/",
        "/admin/inspections/gradeaward/add/",
        "/admin/methodology/criterion/add/",
        "/admin/accounts/auditevent/add/",
    ],
)
def test_it_leaves_models_with_services_read_only_in_the_admin(admin_client: Client, url: str) -> None:
    assert admin_client.post(url, {}).status_code == 403


def test_it_leaves_no_admin_page_that_changes_rows_unaudited(rf: Any, make_persona: Persona) -> None:
    request = rf.get("/admin/")
    request.user = make_persona("admin")
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        # Asked about a row: some admins allow "change" on the list only, for actions that call services.
        row = model()
        writes = [
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request, row),
            model_admin.has_delete_permission(request, row),
        ]
        if any(writes) and not isinstance(model_admin, AuditedModelAdmin):
            unaudited.append(model._meta.label)
        for inline in getattr(model_admin, "inlines", []):
            if not isinstance(model_admin, AuditedModelAdmin):
                unaudited.append(f"{model._meta.label} inline {inline.model._meta.label}")

    assert unaudited == []
