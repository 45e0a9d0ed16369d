"""The caller's own notifications (docs/notifications.md), newest first; reading them marks nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from inspectorate.notifications import services

from .auth import caller, signed_in

router = Router(tags=["notifications"], auth=signed_in)


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    detail: str
    link: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class Filters(Schema):
    unread: bool = False
    limit: int = 50


@router.get("/", response=list[NotificationOut], summary="List your own notifications, newest first")
def list_notifications(request: HttpRequest, filters: Query[Filters]) -> Any:
    """Everyone signed in has a list of their own (`unread=true`: only the unread; at most `limit`,
    1 to 200). The public is refused (401)."""
    own = services.own(caller(request))
    if filters.unread:
        own = own.filter(read_at__isnull=True)
    return list(own[: max(1, min(filters.limit, 200))])
