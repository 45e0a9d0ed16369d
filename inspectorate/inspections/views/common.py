"""What every inspection page shares: finding what the user may see (anything else is 404), and
turning a service's refusal into the right answer (NotAllowed 403 with its reason, Blocked 409 with
its blockers, Invalid 400, Conflict 409 with the other person's change beside the actor's)."""

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
from ..services.errors import Blocked, Conflict, Invalid, NotAllowed

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


def posted_version(request: HttpRequest) -> int | None:
    """The record's version the form was made from (its hidden `version`), or None when the form
    carries none, which checks nothing."""
    given = request.POST.get("version", "").strip()
    return int(given) if given.isdigit() else None


# What a conflict page does not show of the record as it now stands: keys, links and bookkeeping.
_NOT_SHOWN = {"id", "inspection", "version", "created_at", "updated_at", "judged_at", "recorded_at"}


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "none"
    if value is True or value is False:
        return "yes" if value else "no"
    return "" if value is None else str(value)


def conflict_rows(problem: Conflict, posted: Any) -> dict[str, list[tuple[str, str]]]:
    """The other person's values and the actor's, as (label, value) rows to set side by side."""
    theirs = [
        (key.replace("_", " ").capitalize(), _shown(value))
        for key, value in problem.current.items()
        if key not in _NOT_SHOWN and not key.endswith("_by")
    ]
    yours = [
        # A prefixed form's field ("award-12-note") is labelled by its name alone.
        (key.rsplit("-", 1)[-1].replace("_", " ").capitalize(), _shown(posted.getlist(key)))
        for key in posted
        if key not in ("csrfmiddlewaretoken", "version")
    ]
    return {"theirs": theirs, "yours": yours}


def conflict(
    request: HttpRequest,
    problem: Conflict,
    inspection: Inspection | None,
    back: str,
    resubmit: bool = True,
) -> HttpResponse:
    """409: someone else saved the record meanwhile. The page shows their change beside the actor's,
    a link back to the record as it now stands (keep theirs) and, with `resubmit`, the actor's values
    posted again with the current version (save yours over theirs)."""
    fields = [
        (key, value)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "version")
        for value in request.POST.getlist(key)
    ]
    page = {
        "conflict": problem,
        "inspection": inspection,
        "back": back,
        "resubmit": resubmit,
        "fields": fields,
        "action": request.path,
        **conflict_rows(problem, request.POST),
    }
    return render(request, "inspections/conflict.html", page, status=409)


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
        except Conflict as problem:
            from django.urls import reverse

            return conflict(request, problem, None, back=reverse("inspections:list"))

    return login_required(wrapper)


def query_string(params: dict[str, str]) -> str:
    clean = {k: v for k, v in params.items() if v}
    return f"?{urlencode(clean)}" if clean else ""
