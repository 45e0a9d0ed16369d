"""The count of unread notifications in the site header, for signed-in users."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from inspectorate.accounts.access import signed_in

from .services import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not signed_in(user):
        return {}
    return {"unread_notifications": unread_count(user)}
