"""Notifications (/notifications/): everyone signed in has a list of their own; the public is sent to
sign in (the API answers 401). `inspectors_notification` (world_notifications.py) is the inspector
persona's: only they open it or mark it read; administrators, who may read everyone's, are refused
changing it (403 with the reason); to anyone else it does not exist (404). POST-only URLs answer a GET
with 405.

No one sees the team's working on these pages (`SEES_WORKING = ()`): every answer is checked for it.
"""

from __future__ import annotations

from typing import Any

from .routes import Route, everyone

SEES_WORKING: tuple[str, ...] = ()


def _own(world: Any) -> dict[str, Any]:
    return {"pk": world.inspectors_notification.pk}


def _recipient_only(ok: int) -> dict[str, int]:
    statuses = everyone(404)
    statuses.update(public=302, inspector=ok, admin=403)
    return statuses


def _signed_in(status: int) -> dict[str, int]:
    return {**everyone(status), "public": 302}


ROUTES = [
    Route("notifications:list", _signed_in(200)),
    Route("notifications:open", _recipient_only(302), kwargs=_own),
    Route("notifications:read", _recipient_only(302), kwargs=_own, method="post", data=lambda w: {"x": "1"}),
    Route("notifications:read", {**everyone(405), "public": 302}, kwargs=_own, label="get"),
    Route("notifications:read_all", _signed_in(302), method="post", data=lambda w: {"x": "1"}),
    Route("notifications:email", _signed_in(302), method="post", data=lambda w: {"email": "off"}),
    Route(
        "notifications:email", _signed_in(400), method="post", data=lambda w: {"email": "never"}, label="bad"
    ),
    Route("api-1:list_notifications", {**everyone(200), "public": 401}),
    Route("api-1:list_notifications", {**everyone(200), "public": 401}, query="?unread=true", label="unread"),
]
