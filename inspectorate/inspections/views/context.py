"""What every page about one inspection shows around its content, and the current awards."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from inspectorate.methodology.models import Framework, FrameworkGroup

from ..choices import AwardStatus, Unlock
from ..models import GradeAward, Inspection
from ..services.unlocking import changeable, open_correction_of
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
        "can_change": may(user, "change", inspection) and _open(inspection, extra.get("framework")),
        "is_team": may(user, "change", inspection),
        "is_lead": may(user, "direct", inspection),
        # Judgements, traces, rationales and the awards an award replaced: the team's and moderators'.
        "may_see_working": may(user, "view_working", inspection),
    }
    context.update(extra)
    return context


def _open(inspection: Inspection, framework: Framework | None) -> bool:
    """Whether the team's forms are offered: before sign-off, or for a framework whose grading an open
    correction after publication reopened."""
    if not inspection.is_locked:
        return True
    return framework is not None and changeable(inspection, Unlock.GRADE, framework=framework)


def findings_open(inspection: Inspection, framework: Framework | None, group: FrameworkGroup | None) -> bool:
    """Whether a findings list is offered for changes: before publication, or when an open correction
    unlocks the list or a finding in it (the service decides each finding)."""
    if not inspection.is_published:
        return True
    correction = open_correction_of(inspection)
    if correction is None:
        return False
    for item in correction.items.select_related("finding"):
        # A list is named by its framework or group; a single finding carries its own.
        named = item.finding if item.kind == Unlock.FINDING else item
        if named is None or item.kind not in (Unlock.FINDING, Unlock.FINDINGS):
            continue
        if (framework is not None and named.framework_id == framework.pk) or (
            group is not None and named.group_id == group.pk
        ):
            return True
    return False


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
