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
    return any(
        item.kind in (Unlock.FINDINGS, Unlock.FINDING)
        and (
            (
                framework is not None
                and (item.framework_id == framework.pk or _under(item, framework=framework))
            )
            or (group is not None and (item.group_id == group.pk or _under(item, group=group)))
        )
        for item in correction.items.all()
    )


def _under(item: Any, framework: Framework | None = None, group: FrameworkGroup | None = None) -> bool:
    finding = item.finding
    if finding is None:
        return False
    return (framework is not None and finding.framework_id == framework.pk) or (
        group is not None and finding.group_id == group.pk
    )


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
