"""Navigation depends on who is signed in: the public sees published material, staff their work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from inspectorate.accounts.roles import Role


def navigation_items(user: Any) -> list[tuple[str, str]]:
    signed_in = user.is_authenticated
    items = [
        ("Home", reverse("home")),
        ("Published reports", reverse("published:index")),
        ("Forces", reverse("forces:list")),
        ("Methodology", reverse("methodology:programmes")),
    ]
    if signed_in and user.is_inspectorate_staff:
        items.append(("Inspections", reverse("inspections:list")))
    if signed_in and user.has_role(Role.LEAD_INSPECTOR):
        items.append(("Approvals", reverse("inspections:approvals")))
    if signed_in and (user.has_role(Role.MODERATOR) or user.is_administrator):
        items.append(("Moderation", reverse("moderation:index")))
    if signed_in and (user.is_inspectorate_staff or user.role == Role.FORCE_LIAISON):
        items.append(("Developing practice", reverse("practice:list")))
    if signed_in and user.is_inspectorate_staff:
        items.append(("Monitoring", reverse("monitoring:index")))
    if signed_in:
        items.append(_planning_item(user))
    if signed_in and user.is_administrator:
        items.append(("Administration", reverse("admin:index")))
    items.append(("API", reverse("api-1:openapi-view")))
    return items


def _planning_item(user: Any) -> tuple[str, str]:
    """The risk register for those who see scores; the follow-up of areas for improvement otherwise."""
    from inspectorate.accounts.access import rule_for
    from inspectorate.planning.models import Plan

    if rule_for(Plan, user, "view_scores").everything:
        return ("Planning", reverse("planning:register"))
    return ("Follow-up", reverse("planning:actions"))


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "nav_items": navigation_items(user),
        "current_path": request.path,
        "role_label": user.role_label if user.is_authenticated else "",
        "is_force_user": user.is_authenticated and user.role == Role.FORCE_LIAISON,
    }
