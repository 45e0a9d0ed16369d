"""Navigation depends on who is signed in: the public sees published material, staff their work.

Each link is shown when the access rules would let the user use the page behind it (`permits`), so
the navigation cannot offer a page the rules refuse, nor hide one they allow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from inspectorate.accounts.access import permits, signed_in


def navigation_items(user: Any) -> list[tuple[str, str]]:
    from inspectorate.inspections.models import GradeAward, Inspection
    from inspectorate.jobs.models import Job
    from inspectorate.monitoring.models import Flag
    from inspectorate.practice.models import PracticeExample

    items = [
        ("Home", reverse("home")),
        ("Published reports", reverse("published:index")),
        ("Forces", reverse("forces:list")),
        ("Methodology", reverse("methodology:programmes")),
    ]
    # The inspection and practice pages are for signed-in users (the public reads published ones).
    if signed_in(user) and permits(Inspection, user, "view"):
        items.append(("Inspections", reverse("inspections:list")))
    if permits(GradeAward, user, "approve"):
        items.append(("Approvals", reverse("inspections:approvals")))
    if permits(Inspection, user, "review"):
        items.append(("Moderation", reverse("moderation:index")))
    if signed_in(user) and permits(PracticeExample, user, "view"):
        items.append(("Developing practice", reverse("practice:list")))
    if permits(Flag, user, "view"):
        items.append(("Monitoring", reverse("monitoring:index")))
    if signed_in(user):
        items.append(_planning_item(user))
    if signed_in(user) and permits(Job, user, "view"):
        items.append(("Jobs", reverse("jobs:list")))
    # The admin site's own test: an active staff account (the administrator role sets is_staff).
    if signed_in(user) and user.is_staff:
        items.append(("Administration", reverse("admin:index")))
    items.append(("API", reverse("api-1:openapi-view")))
    return items


def _planning_item(user: Any) -> tuple[str, str]:
    """The risk register for those who see scores; the follow-up of areas for improvement otherwise."""
    from inspectorate.planning.models import Plan

    if permits(Plan, user, "view_scores"):
        return ("Planning", reverse("planning:register"))
    return ("Follow-up", reverse("planning:actions"))


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "nav_items": navigation_items(user),
        "current_path": request.path,
        "role_label": user.role_label if user.is_authenticated else "",
        # Only a force liaison officer belongs to a force (accounts.models.User.clean).
        "is_force_user": bool(signed_in(user) and getattr(user, "force_id", None)),
    }
