"""What the inspection endpoints share: finding the objects a caller may see (anything else is 404, so
its existence is not revealed), and turning a service's refusal into the documented answer.

Refusals by the inspection services map to:

- NotAllowed: 403 `{"detail": reason}`;
- Invalid: 422 `{"detail": "...", "errors": {field: message}}`;
- Blocked: 409 `{"detail": "...", "blockers": [reason, ...]}`;
- Conflict: 409 `{"detail": "...", "errors": {}, "current": {...}, "changed_by": ..., "changed_at": ...}`:
  the record was saved by someone else after the `version` the body carried; `current` is the record
  as it now stands, with its `version` to send again to save over it (docs/concurrent-editing.md).
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Schema

from inspectorate.accounts.models import User
from inspectorate.inspections import lookups
from inspectorate.inspections.lookups import framework_for
from inspectorate.inspections.models import Evidence, Inspection
from inspectorate.inspections.services import Blocked, Conflict, Invalid, NotAllowed

from .auth import caller

__all__ = ["framework_for"]  # the one lookup of a framework by code, shared with the pages

F = TypeVar("F", bound=Callable[..., Any])


class RefusedOut(Schema):
    detail: str


class InvalidOut(Schema):
    detail: str
    errors: dict[str, str]


class BlockedOut(Schema):
    detail: str
    blockers: list[str]


class ConflictOut(Schema):
    """Someone else saved the record after the version the request started from; nothing is saved.
    `current` is the record as it now stands (its `version` included): send the change again with
    that version to save over it."""

    detail: str
    errors: dict[str, str]
    current: dict[str, Any]
    changed_by: str
    changed_at: datetime.datetime | None


# Documented on every endpoint that calls a service.
REFUSALS: dict[int, Any] = {
    403: RefusedOut,
    404: RefusedOut,
    409: BlockedOut | ConflictOut,
    422: InvalidOut,
}


def invalid_response(errors: dict[str, str]) -> JsonResponse:
    return JsonResponse({"detail": "the request has problems; see errors", "errors": errors}, status=422)


def conflict_response(clash: Conflict) -> JsonResponse:
    body = {
        "detail": f"{clash}; nothing is saved: send it again with the current version to save over it",
        "errors": {},
        "current": clash.current,
        "changed_by": clash.changed_by,
        "changed_at": clash.changed_at.isoformat() if clash.changed_at else None,
    }
    return JsonResponse(body, status=409)


def answers_refusals(endpoint: F) -> F:
    """Wrap an endpoint so that the services' refusals become 403, 409 and 422 answers."""

    @wraps(endpoint)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        except NotAllowed as refusal:
            return JsonResponse({"detail": refusal.reason}, status=403)
        except Blocked as refusal:
            detail = "this cannot happen yet; see blockers"
            return JsonResponse({"detail": detail, "blockers": refusal.blockers}, status=409)
        except Invalid as refusal:
            return invalid_response(refusal.errors)
        except Conflict as clash:
            return conflict_response(clash)

    # Ninja reads the parameters' types from the signature; resolve them where the endpoint is written.
    wrapper.__signature__ = inspect.signature(endpoint, eval_str=True)  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def inspection_for(request: HttpRequest, inspection_id: int) -> Inspection:
    """The inspection if the caller may view it; otherwise 404."""
    return lookups.inspection_for(caller(request), inspection_id)


def evidence_for(request: HttpRequest, inspection: Inspection, reference: str) -> Evidence:
    """An evidence item of the inspection that the caller may view; otherwise 404."""
    visible = Evidence.objects.restrict(caller(request), "view").filter(inspection=inspection)
    return get_object_or_404(visible, reference=reference)


def may_see_working(request: HttpRequest, inspection: Inspection) -> bool:
    """Whether the caller may see the inspection's working (judgements, conditions, live proposals and
    traces, rationales, decision notes, superseded awards): the inspection's "view_working" rule, the
    one the pages ask too."""
    return bool(Inspection.objects.decide(caller(request), "view_working", inspection))


def require_working(request: HttpRequest, inspection: Inspection) -> None:
    """NotAllowed (403, with the rule's reason) unless the caller may see the inspection's working; as
    on the pages, the caller already sees the inspection itself."""
    decision = Inspection.objects.decide(caller(request), "view_working", inspection)
    if not decision:
        raise NotAllowed(decision.reason)


def user_named(username: str, field: str) -> Any:
    """A user named in a request; Invalid (422) when there is no such user."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise Invalid({field: f"there is no user {username!r}"})
    return user


def evidence_by_reference(
    request: HttpRequest, inspection: Inspection, references: list[str], field: str
) -> list[Evidence]:
    """Evidence items of the inspection that the caller may see, by reference; Invalid (422) naming any
    that do not exist (or that the caller may not see, which reads the same)."""
    visible = Evidence.objects.restrict(caller(request), "view").filter(inspection=inspection)
    found = {e.reference: e for e in visible.filter(reference__in=references)}
    missing = [ref for ref in references if ref not in found]
    if missing:
        raise Invalid({field: f"no evidence {', '.join(missing)} in this inspection"})
    return [found[ref] for ref in references]
