"""What every page about one inspection shows around its content, and the current awards."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from inspectorate.methodology.models import Framework, FrameworkGroup

from ..choices import AwardStatus
from ..models import GradeAward, Inspection
from .common import may


def scope(inspection: Inspection) -> list[Framework]:
    return list(inspection.frameworks.select_related("group").order_by("position"))


def groups(frameworks: list[Framework]) -> list[FrameworkGroup]:
    seen: dict[int, FrameworkGroup] = {}
    for framework in frameworks:
        if framework.group is not None:
            seen.setdefault(framework.group.pk, framework.group)
    return list(seen.values())


def page(request: HttpRequest, inspection: Inspection, **extra: Any) -> dict[str, Any]:
    frameworks = scope(inspection)
    user = request.user
    context = {
        "inspection": inspection,
        "scope": frameworks,
        "groups": groups(frameworks),
        "grade_names": inspection.programme.grade_names(),
        # Whether to offer the team's forms at all; the services still decide each change.
        "can_change": may(user, "change", inspection) and not inspection.is_locked,
        "is_team": may(user, "change", inspection),
        "is_lead": may(user, "direct", inspection),
        # Judgements, traces, rationales and the awards an award replaced: the team's and moderators'.
        "may_see_working": may(user, "view_working", inspection),
    }
    context.update(extra)
    return context


def current_awards(user: Any, inspection: Inspection) -> dict[int, GradeAward]:
    """The current (not superseded) award per framework id, as far as the user may see awards."""
    awards = (
        GradeAward.objects.restrict(user, "view")
        .filter(inspection=inspection)
        .exclude(status=AwardStatus.SUPERSEDED)
        .select_related("author", "decided_by")
        .order_by("framework_id", "-awarded_at", "-id")
    )
    current: dict[int, GradeAward] = {}
    for award in awards:
        current.setdefault(award.framework_id, award)
    return current
