"""Who may do what (restrict and decide), the append-only audit log, request ids, and user invariants."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from inspectorate.accounts import audit
from inspectorate.accounts.access import Decision
from inspectorate.accounts.audit import AuditOutsideTransaction
from inspectorate.accounts.audit_models import AuditEvent, AuditLogIsAppendOnly
from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import CommandUnit, Force
from inspectorate.methodology.models import Criterion, Programme

Persona = Callable[[str], User | None]

pytestmark = pytest.mark.django_db


# restrict() and decide()


@pytest.mark.parametrize("public", [None, AnonymousUser()], ids=["None", "AnonymousUser"])
def test_it_shows_the_public_every_force(forces: None, public: AnonymousUser | None) -> None:
    assert Force.objects.restrict(public, "view").count() == 43
    assert Force.objects.restrict(public, "change").count() == 0


@pytest.mark.parametrize("persona", ["inspector", "lead", "moderator", "analyst", "force_a"])
def test_it_lets_only_administrators_change_reference_data(make_persona: Persona, persona: str) -> None:
    user = make_persona(persona)

    assert Force.objects.restrict(user, "view").count() == 43
    for action in ("change", "add", "delete"):
        assert Force.objects.restrict(user, action).count() == 0
        assert CommandUnit.objects.restrict(user, action).count() == 0


def test_it_lets_an_administrator_change_every_force(make_persona: Persona) -> None:
    admin = make_persona("admin")

    assert Force.objects.restrict(admin, "change").count() == 43
    assert CommandUnit.objects.restrict(admin, "delete").count() == 21


def test_it_treats_a_superuser_without_a_role_as_an_administrator(forces: None) -> None:
    root = User.objects.create_superuser("root", password="a-long-test-password")

    assert Force.objects.restrict(root, "change").count() == 43


def test_it_restricts_methodology_the_same_way(pack_2007: Programme, make_persona: Persona) -> None:
    criteria = Criterion.objects.filter(framework__programme=pack_2007).count()

    assert Criterion.objects.restrict(None, "view").count() == criteria
    assert Criterion.objects.restrict(make_persona("lead"), "change").count() == 0
    assert Criterion.objects.restrict(make_persona("admin"), "change").count() == criteria


def test_it_explains_a_decision_with_its_reason(make_persona: Persona) -> None:
    durham = Force.objects.get(code="durham")

    refused = Force.objects.decide(make_persona("inspector"), "change", durham)
    allowed = Force.objects.decide(make_persona("admin"), "change", durham)
    public = Force.objects.decide(None, "view", durham)

    assert isinstance(refused, Decision)
    assert (bool(refused), refused.reason) == (False, "only administrators change forces")
    assert (bool(allowed), allowed.reason) == (True, "administrators manage forces")
    assert (bool(public), public.reason) == (True, "forces are public")


def test_it_refuses_an_unknown_action(forces: None) -> None:
    durham = Force.objects.get(code="durham")

    with pytest.raises(ValueError, match="unknown action 'edit'"):
        Force.objects.restrict(None, "edit")
    with pytest.raises(ValueError, match="unknown action 'edit'"):
        Force.objects.decide(None, "edit", durham)


@pytest.mark.parametrize("persona", ["inspector", "force_a", "admin"])
def test_it_gives_an_inactive_account_nothing(make_persona: Persona, persona: str) -> None:
    user = make_persona(persona)
    assert user is not None
    user.is_active = False
    user.save()

    assert Force.objects.restrict(user, "view").count() == 0
    assert Force.objects.restrict(user, "change").count() == 0
    decision = Force.objects.decide(user, "view", Force.objects.get(code="durham"))
    assert (bool(decision), decision.reason) == (False, "the account is inactive")


# The audit log


def _event(actor: object = None, **values: object) -> AuditEvent:
    with transaction.atomic():
        return audit.record(actor, "force.checked", Force.objects.get(code="durham"), **values)  # type: ignore[arg-type]


def test_it_records_who_did_what_to_which_object(make_persona: Persona) -> None:
    admin = make_persona("admin")
    durham = Force.objects.get(code="durham")

    event = _event(admin, before={"name": "Durham"}, after={"name": "Durham Constabulary"}, note="why")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == admin
    assert stored.actor_label == "ada.admin"
    assert stored.action == "force.checked"
    assert (stored.object_type, stored.object_id, stored.object_repr) == (
        "forces.force",
        str(durham.pk),
        "Durham Constabulary",
    )
    assert stored.before == {"name": "Durham"}
    assert stored.after == {"name": "Durham Constabulary"}
    assert stored.note == "why"
    assert stored.request_id == ""
    assert list(AuditEvent.objects.for_object(durham).filter(action="force.checked")) == [stored]
    assert (
        AuditEvent.objects.for_object(Force.objects.get(code="cleveland"))
        .filter(action="force.checked")
        .count()
        == 0
    )


def test_it_labels_events_without_a_user(forces: None) -> None:
    assert _event(None).actor_label == "system"
    named = _event("nightly import")
    assert (named.actor, named.actor_label) == (None, "nightly import")


def test_it_stores_snapshots_as_json(forces: None) -> None:
    durham = Force.objects.get(code="durham")

    event = _event(after=audit.snapshot(durham, ["code", "aliases"]))

    assert AuditEvent.objects.get(pk=event.pk).after == {"code": "durham", "aliases": []}


def test_it_never_changes_or_deletes_an_event(forces: None) -> None:
    event = _event(after={"name": "Durham"})

    event.action = "force.rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="force.rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    # bulk_update runs in a transaction of its own making, which the refusal marks for rollback.
    with pytest.raises(AuditLogIsAppendOnly), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "force.checked"
    assert AuditEvent.objects.count() == 44  # 43 forces created, then this one


def test_it_keeps_the_audit_log_read_only_in_the_admin(client_for: Callable[[str], Client]) -> None:
    event = _event()
    admin = client_for("admin")

    assert admin.get(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_an_event_outside_a_transaction() -> None:
    force = Force.objects.create(code="test-force", name="Test Police", country="England", region="Test")

    with pytest.raises(
        AuditOutsideTransaction, match=r"'force\.checked' must be written inside the transaction"
    ):
        audit.record(None, "force.checked", force)
    assert AuditEvent.objects.count() == 0

    with transaction.atomic():
        audit.record(None, "force.checked", force)
    assert AuditEvent.objects.count() == 1


# Request ids


@pytest.mark.urls("tests.accounts.audit_urls")
def test_it_stamps_events_with_the_servers_request_id(client_for: Callable[[str], Client]) -> None:
    client = client_for("inspector")

    response = client.get("/test-audit/record/", headers={"X-Request-ID": "proxy-id-0001"})

    assert response.status_code == 200
    event = AuditEvent.objects.get(pk=response.json()["event"])
    # The server's id is the audit id; the client's is kept beside it, for matching a proxy's logs.
    assert event.request_id == response["X-Request-ID"] != "proxy-id-0001"
    assert event.client_request_id == "proxy-id-0001"
    assert response["X-Client-Request-ID"] == "proxy-id-0001"
    assert event.actor_label == "isla.inspector"
    # Outside the request both ids are gone again.
    assert _event().request_id == ""
    assert _event().client_request_id == ""


@pytest.mark.urls("tests.accounts.audit_urls")
def test_it_gives_each_request_its_own_id(client_for: Callable[[str], Client]) -> None:
    client = client_for("inspector")

    first = client.get("/test-audit/record/")
    second = client.get("/test-audit/record/")

    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]
    events = [AuditEvent.objects.get(pk=r.json()["event"]) for r in (first, second)]
    assert [e.request_id for e in events] == ids


@pytest.mark.urls("tests.accounts.audit_urls")
def test_it_never_lets_a_client_make_two_requests_share_an_id(client_for: Callable[[str], Client]) -> None:
    client = client_for("inspector")

    first = client.get("/test-audit/record/", headers={"X-Request-ID": "same-client-id-01"})
    second = client.get("/test-audit/record/", headers={"X-Request-ID": "same-client-id-01"})

    events = [AuditEvent.objects.get(pk=r.json()["event"]) for r in (first, second)]
    assert events[0].request_id != events[1].request_id
    assert [e.client_request_id for e in events] == ["same-client-id-01", "same-client-id-01"]


@pytest.mark.parametrize(
    "unsafe",
    ["short", "has spaces in it", "x" * 65, "semi;colon-0001", "<script>alert(1)</script>"],
    ids=["too short", "spaces", "too long", "semicolon", "markup"],
)
def test_it_drops_an_unsafe_client_request_id(forces: None, unsafe: str) -> None:
    response = Client().get("/forces/", headers={"X-Request-ID": unsafe})

    assert response.status_code == 200
    issued = response["X-Request-ID"]
    assert issued != unsafe
    assert len(issued) == 32 and all(c in "0123456789abcdef" for c in issued)
    assert "X-Client-Request-ID" not in response


def test_it_answers_with_its_own_id_beside_a_safe_client_id(forces: None) -> None:
    response = Client().get("/forces/", headers={"X-Request-ID": "Trace.2025-01_abc"})

    assert response["X-Request-ID"] != "Trace.2025-01_abc"
    assert response["X-Client-Request-ID"] == "Trace.2025-01_abc"


# Users


def test_it_requires_a_force_liaison_officer_to_belong_to_a_force(forces: None) -> None:
    officer = User(username="liaison", role=Role.FORCE_LIAISON)

    with pytest.raises(ValidationError) as caught:
        officer.clean()

    assert caught.value.message_dict == {"force": ["A force liaison officer must belong to a force."]}
    officer.force = Force.objects.get(code="durham")
    officer.clean()


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.ANALYST, Role.ADMINISTRATOR])
def test_it_keeps_everyone_else_out_of_a_force(forces: None, role: Role) -> None:
    user = User(username="staff", role=role, force=Force.objects.get(code="durham"))

    with pytest.raises(ValidationError) as caught:
        user.clean()

    assert caught.value.message_dict == {"force": ["Only force liaison officers belong to a force."]}
    user.force = None
    user.clean()


def test_it_gives_administrators_every_permission_through_their_role(make_persona: Persona) -> None:
    admin = make_persona("admin")
    inspector = make_persona("inspector")
    assert admin is not None and inspector is not None

    assert admin.is_staff
    for perm in ("forces.change_force", "methodology.delete_criterion", "accounts.add_user"):
        assert admin.has_perm(perm)
        assert not inspector.has_perm(perm)
    assert admin.has_module_perms("forces")
    assert not inspector.has_module_perms("forces")
    assert not inspector.is_staff


def test_it_takes_permissions_away_with_the_role(make_persona: Persona) -> None:
    admin = make_persona("admin")
    assert admin is not None

    admin.role = Role.ANALYST
    admin.save()
    assert not User.objects.get(pk=admin.pk).has_perm("forces.change_force")

    admin.role = Role.ADMINISTRATOR
    admin.is_active = False
    admin.save()
    assert not User.objects.get(pk=admin.pk).has_perm("forces.change_force")
