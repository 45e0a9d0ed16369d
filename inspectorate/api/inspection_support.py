"""What the inspection endpoints share: finding the objects a caller may see (anything else is 404, so
its existence is not revealed), and turning a service's refusal into the documented answer.

Refusals by the inspection services map to:

- NotAllowed: 403 `{"detail": reason}`;
- Invalid: 422 `{"detail": "...", "errors": {field: message}}`;
- Blocked: 409 `{"detail": "...", "blockers": [reason, ...]}`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Schema

from inspectorate.accounts.models import User
from inspectorate.inspections.models import Evidence, Inspection
from inspectorate.inspections.models.rules import draft_rule
from inspectorate.inspections.services import Blocked, Invalid, NotAllowed
from inspectorate.methodology.models import Framework

from .auth import caller

F = TypeVar("F", bound=Callable[..., Any])


class RefusedOut(Schema):
    detail: str


class InvalidOut(Schema):
    detail: str
    errors: dict[str, str]


class BlockedOut(Schema):
    detail: str
    blockers: list[str]


# Documented on every endpoint that calls a service.
REFUSALS: dict[int, Any] = {403: RefusedOut, 404: RefusedOut, 409: BlockedOut, 422: InvalidOut}


def invalid_response(errors: dict[str, str]) -> JsonResponse:
    return JsonResponse({"detail": "the request has problems; see errors", "errors": errors}, status=422)


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

    # Ninja reads the parameters' types from the signature; resolve them where the endpoint is written.
    wrapper.__signature__ = inspect.signature(endpoint, eval_str=True)  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def inspection_for(request: HttpRequest, inspection_id: int) -> Inspection:
    """The inspection if the caller may view it; otherwise 404."""
    visible = Inspection.objects.restrict(caller(request), "view").select_related(
        "force", "programme", "lead"
    )
    return get_object_or_404(visible, pk=inspection_id)


def framework_for(inspection: Inspection, code: str) -> Framework:
    """A framework in the inspection's scope; otherwise 404."""
    return get_object_or_404(inspection.frameworks.select_related("group"), code=code)


def evidence_for(request: HttpRequest, inspection: Inspection, reference: str) -> Evidence:
    """An evidence item of the inspection that the caller may view; otherwise 404."""
    visible = Evidence.objects.restrict(caller(request), "view").filter(inspection=inspection)
    return get_object_or_404(visible, reference=reference)


def may_see_working(request: HttpRequest, inspection: Inspection) -> bool:
    """Whether the caller may see the criterion-level working (judgements, conditions, live proposals)
    of this inspection: the team, moderators from drafting on and administrators; never the force or
    the public. Read from the judgements' own access rule, applied to the inspection."""
    rule = draft_rule(caller(request), "view", prefix="", force_sees=False, public_sees=False)
    if rule.everything:
        return True
    if rule.q is None:
        return False
    return Inspection.objects.filter(rule.q, pk=inspection.pk).exists()


def require_working(request: HttpRequest, inspection: Inspection) -> None:
    """404 unless the caller may see the inspection's criterion-level working."""
    if not may_see_working(request, inspection):
        get_object_or_404(Inspection.objects.none(), pk=inspection.pk)


def user_named(username: str, field: str) -> Any:
    """A user named in a request; Invalid (422) when there is no such user."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise Invalid({field: f"there is no user {username!r}"})
    return user


def evidence_by_reference(inspection: Inspection, references: list[str], field: str) -> list[Evidence]:
    """Evidence items of the inspection by reference; Invalid (422) naming any that do not exist."""
    found = {e.reference: e for e in Evidence.objects.filter(inspection=inspection, reference__in=references)}
    missing = [ref for ref in references if ref not in found]
    if missing:
        raise Invalid({field: f"no evidence {', '.join(missing)} in this inspection"})
    return [found[ref] for ref in references]
