"""What every inspection page shares: finding what the user may see (anything else is 404), and
turning a service's refusal into the right answer (NotAllowed 403 with its reason, Blocked 409 with
its blockers, Invalid 400)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from inspectorate.methodology.models import FrameworkGroup

from .. import lookups
from ..lookups import framework_for as framework_for  # shared with the API
from ..models import Inspection
from ..services.errors import Blocked, Invalid, NotAllowed

View = Callable[..., HttpResponseBase]


def inspection_for(request: HttpRequest, pk: int) -> Inspection:
    """The inspection if the user may view it; otherwise 404, so its existence is not revealed."""
    return lookups.inspection_for(request.user, pk)


def group_for(inspection: Inspection, code: str) -> FrameworkGroup:
    """A group (PVP) of which at least one framework is in the inspection's scope."""
    groups = FrameworkGroup.objects.filter(
        programme=inspection.programme, frameworks__in=inspection.frameworks.all()
    )
    return get_object_or_404(groups.distinct(), code=code)


def may(user: Any, action: str, obj: Any) -> bool:
    return bool(type(obj).objects.decide(user, action, obj))


def refusal(user: Any, action: str, obj: Any) -> str | None:
    """Why the user may not do `action` to `obj` (the model's rule), or None when they may."""
    decision = type(obj).objects.decide(user, action, obj)
    return None if decision else decision.reason


def change_refusal(user: Any, obj: Any) -> str | None:
    """Why the user may not change `obj`, or None. For pages that only offer a form, and for a post
    that changes nothing; every real change is checked again by its service."""
    return refusal(user, "change", obj)


def working_refusal(user: Any, inspection: Inspection) -> str | None:
    """Why the user may not see the inspection's working (judgements, traces, rationales), or None.
    Every page that shows working asks this first, whatever the method, so that neither a page nor an
    answer to invalid input shows it to anyone else."""
    return refusal(user, "view_working", inspection)


def is_htmx(request: HttpRequest) -> bool:
    # A history restore asks for the whole page even though htmx sends it.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def forbidden(request: HttpRequest, reason: str, inspection: Inspection | None = None) -> HttpResponse:
    return render(
        request, "inspections/refused.html", {"reason": reason, "inspection": inspection}, status=403
    )


def blocked(request: HttpRequest, blockers: list[str], inspection: Inspection | None = None) -> HttpResponse:
    return render(
        request, "inspections/blocked.html", {"blockers": blockers, "inspection": inspection}, status=409
    )


def invalid(
    request: HttpRequest, errors: dict[str, str], inspection: Inspection | None = None
) -> HttpResponse:
    return render(
        request, "inspections/invalid.html", {"errors": errors, "inspection": inspection}, status=400
    )


def staff_page(view: View) -> View:
    """A signed-in page whose service refusals become answers. The public is sent to sign in first,
    whatever the URL, so a redirect says nothing about whether an object exists."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as refusal:
            return forbidden(request, refusal.reason)
        except Blocked as refusal:
            return blocked(request, refusal.blockers)
        except Invalid as refusal:
            return invalid(request, refusal.errors)

    return login_required(wrapper)


def query_string(params: dict[str, str]) -> str:
    clean = {k: v for k, v in params.items() if v}
    return f"?{urlencode(clean)}" if clean else ""
