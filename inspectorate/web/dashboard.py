"""What the home page shows: to the public, what is published; to staff, what is theirs."""

from __future__ import annotations

from typing import Any

from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection
from inspectorate.methodology.models import Programme

ROLE_DUTIES = {
    Role.INSPECTOR: "You record and verify evidence, judge criteria, draft findings and propose grades "
    "for the inspections you are on.",
    Role.LEAD_INSPECTOR: "You lead inspection teams, approve grade departures and sign off reports.",
    Role.MODERATOR: "You review every proposed grade of a framework across forces before publication.",
    Role.ANALYST: "You load performance data, review monitoring signals and prepare the risk-based "
    "programme.",
    Role.FORCE_LIAISON: "You submit self-assessment evidence and developing practice for your force, and "
    "answer the factual accuracy check of its draft reports.",
    Role.ADMINISTRATOR: "You manage users, roles, methodology packs and reference data.",
}


def public() -> dict[str, Any]:
    from inspectorate.reports.published_data import latest_path, public_reports

    latest = public_reports().order_by("-published_at", "force__name")[:20]
    return {
        "programmes": list(Programme.objects.latest_versions().order_by("-period_start")),
        "force_count": Force.objects.count(),
        "published_reports": [{"title": report.title, "url": latest_path(report)} for report in latest],
    }


def for_user(user: Any) -> dict[str, Any]:
    role = Role(user.role) if user.role else None
    if role is not None:
        duties = ROLE_DUTIES[role]
    elif user.is_superuser:
        duties = ROLE_DUTIES[Role.ADMINISTRATOR]
    else:
        duties = "Your account has no role yet: ask an administrator to give you one."
    return {
        "duties": duties,
        "own_force": user.force,  # only a force liaison officer belongs to a force
        "programmes": list(Programme.objects.latest_versions().restrict(user, "view")),
        "inspections": _open_inspections(user),
        "self_assessments": _self_assessments(user),
    }


def _self_assessments(user: Any) -> list[Any]:
    """The inspections whose self-assessment the user may submit now (a liaison officer of the
    inspected force, during fieldwork: the inspection rule's "add_self_assessment")."""
    open_now = Inspection.objects.restrict(user, "add_self_assessment")
    return list(open_now.select_related("force", "programme").order_by("-created_at"))


def _open_inspections(user: Any) -> list[Any]:
    """The inspections the user may see that are still in progress, each with its stage."""
    visible = Inspection.objects.restrict(user, "view").exclude(stage=Stage.PUBLISHED)
    return list(visible.select_related("force", "programme").order_by("force__name", "-created_at"))
