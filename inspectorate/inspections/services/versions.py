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


def last_change(obj: models.Model, actor: Any = None) -> tuple[str, datetime | None]:
    """Who last changed a record and when, from its audit trail: the last change by someone other
    than `actor` when there is one, as that is the change the actor has not seen."""
    events = AuditEvent.objects.for_object(obj).exclude(action__in=_NOT_CHANGES).order_by("-at", "-id")
    others = events.exclude(actor_id=actor.pk) if getattr(actor, "pk", None) is not None else events
    event = others.first() or events.first()
    if event is None:
        return "someone", None
    return event.actor_label, event.at


def _only_own(obj: Any, expected: int, actual: int, actor: Any) -> bool:
    """Whether every save after `expected` was the actor's own (a second save from the same form, as a
    row posted on each change does): their audit events carry each version in turn, all by the actor.
    A save whose event does not carry its version (a file attached, a move) leaves a gap: not own."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    by_version: dict[int, set[Any]] = {}
    for event in AuditEvent.objects.for_object(obj):
        version = (event.after or {}).get("version") if isinstance(event.after, dict) else None
        if isinstance(version, int) and version > expected:
            by_version.setdefault(version, set()).add(event.actor_id)
    wanted = set(range(expected + 1, actual + 1))
    return set(by_version) == wanted and all(ids == {actor.pk} for ids in by_version.values())


def check(
    obj: Any,
    expected: int | None,
    what: str,
    state: Callable[[Any], dict[str, Any]],
    actor: Any = None,
) -> None:
    """Refuse with `Conflict` unless `obj` (None when there is none yet: version 0) is still at the
    `expected` version, or (given the `actor`) only the actor saved it since. `expected=None` checks
    nothing (the CLI and importers)."""
    if expected is None:
        return
    actual = obj.version if obj is not None else 0
    if actual == expected:
        return
    if obj is not None and actual > expected and _only_own(obj, expected, actual, actor):
        return
    if obj is None:
        raise Conflict(what, current={}, changed_by="someone", changed_at=None)
    changed_by, changed_at = last_change(obj, actor)
    current = dict(state(obj))
    current["version"] = obj.version
    raise Conflict(what, current=current, changed_by=changed_by, changed_at=changed_at)


def bump(obj: Any) -> None:
    """The next version, for a record about to be saved again (a new record keeps its default 1)."""
    if obj.pk is not None:
        obj.version += 1
