"""`/healthz`: whether this web process can do its work, for a load balancer or a monitor.

The answer is deliberately small and the same shape whatever happens, so a monitor can parse it:

    {"status": "ok" | "failing", "checks": {"database": "ok" | "failing",
     "media": "ok" | "failing", "worker": "not configured"}}

200 when every configured check is "ok", 503 otherwise. It never says why a check failed (no paths,
no database errors: it is public); the reason goes to the server's log instead.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK, FAILING = "ok", "failing"
# Background work has no queue yet, so there is no worker to ask about.
WORKER_NOT_CONFIGURED = "not configured"


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: the database does not answer")
        return FAILING
    return OK


def media_check() -> str:
    """The evidence folder exists and this process can write to it (uploads would fail otherwise)."""
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-"):
            pass
    except OSError:
        logger.exception("health check: the media folder %s is not writable", root)
        return FAILING
    return OK


def checks() -> dict[str, str]:
    return {"database": database_check(), "media": media_check(), "worker": WORKER_NOT_CONFIGURED}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    found = checks()
    healthy = all(value == OK for name, value in found.items() if value != WORKER_NOT_CONFIGURED)
    return JsonResponse(
        {"status": OK if healthy else FAILING, "checks": found}, status=200 if healthy else 503
    )
