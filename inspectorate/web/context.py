"""Navigation depends on who is signed in: the public sees published material, staff their work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from inspectorate.accounts.roles import Role


def navigation_items(user: Any) -> list[tuple[str, str]]:
    items = [("Home", reverse("home")), ("Forces", reverse("forces:list"))]
    items.append(("Methodology", reverse("methodology:programmes")))
    if user.is_authenticated and user.is_inspectorate_staff:
        items.append(("Inspections", reverse("inspections:list")))
    if user.is_authenticated and user.is_administrator:
        items.append(("Administration", reverse("admin:index")))
    items.append(("API", reverse("api-1:openapi-view")))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "nav_items": navigation_items(user),
        "current_path": request.path,
        "role_label": user.role_label if user.is_authenticated else "",
        "is_force_user": user.is_authenticated and user.role == Role.FORCE_LIAISON,
    }
