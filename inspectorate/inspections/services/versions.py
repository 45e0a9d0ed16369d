"""Optimistic locking (docs/concurrent-editing.md). A form or API body carries the `version` of the
record the actor started from; the service, inside its transaction and after its locks, compares it
with the version as it now stands and raises `Conflict` when someone else saved in between. The
locks (`lock(inspection)` with SELECT ... FOR UPDATE on PostgreSQL, IMMEDIATE transactions on SQLite)
make the compare and the write one step, so no update is lost on either database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import models

from inspectorate.accounts.audit_models import AuditEvent

from .errors import Conflict

# Audit events about a record that are not changes to it.
_NOT_CHANGES = ("evidence.file_downloaded",)


def last_change(obj: models.Model) -> tuple[str, datetime | None]:
    """Who last changed a record and when, from its audit trail."""
    event = AuditEvent.objects.for_object(obj).exclude(action__in=_NOT_CHANGES).order_by("-at", "-id").first()
    if event is None:
        return "someone", None
    return event.actor_label, event.at


def check(
    obj: Any,
    expected: int | None,
    what: str,
    state: Callable[[Any], dict[str, Any]],
) -> None:
    """Refuse with `Conflict` unless `obj` (None when there is none yet: version 0) is still at the
    `expected` version. `expected=None` checks nothing (the CLI and importers)."""
    if expected is None:
        return
    actual = obj.version if obj is not None else 0
    if actual == expected:
        return
    if obj is None:
        raise Conflict(what, current={}, changed_by="someone", changed_at=None)
    changed_by, changed_at = last_change(obj)
    current = dict(state(obj))
    current["version"] = obj.version
    raise Conflict(what, current=current, changed_by=changed_by, changed_at=changed_at)


def bump(obj: Any) -> None:
    """The next version, for a record about to be saved again (a new record keeps its default 1)."""
    if obj.pk is not None:
        obj.version += 1
