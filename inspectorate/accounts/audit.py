"""Writing audit events. Service functions call `record` inside the transaction that makes the change,
so a change and its audit event are committed together or not at all."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models, transaction

from .audit_models import AuditEvent
from .middleware import current_client_request_id, current_request_id


class AuditOutsideTransaction(RuntimeError):
    pass


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready picture of a model's concrete fields, for `before` and `after`."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = _jsonable(field.value_from_object(obj))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _label_for_non_user(actor: Any) -> str:
    if actor is None:
        return "system"
    if getattr(actor, "is_anonymous", False):
        return "anonymous"
    return str(actor)


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit event {action!r} must be written inside the transaction that makes the change"
        )
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else _label_for_non_user(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        request_id=current_request_id.get(),
        client_request_id=current_client_request_id.get(),
        note=note,
    )
