"""`/healthz`: whether this web process can do its work, for a load balancer or a monitor.

The answer is deliberately small and the same shape whatever happens, so a monitor can parse it:

    {"status": "ok" | "failing", "checks": {"database": "ok" | "failing",
     "media": "ok" | "failing", "worker": "ok" | "not seen" | "failing" | "not configured"}}

The worker is "ok" when a worker process (on any machine sharing the database) was seen in the last
half minute, "not seen" when none was but nothing is waiting for one, "failing" when jobs wait and no
worker was seen, and "not configured" when jobs run inside the request (the immediate backend).
200 when every check is "ok" (or, for the worker, "not seen" or "not configured"), 503 otherwise. It
never says why a check failed (no paths, no database errors: it is public); the reason goes to the
server's log instead.
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
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from inspectorate.jobs import workers

logger = logging.getLogger(__name__)

OK, FAILING = "ok", "failing"
WORKER_NOT_CONFIGURED = "not configured"
WORKER_NOT_SEEN = "not seen"
HEALTHY = (OK, WORKER_NOT_CONFIGURED, WORKER_NOT_SEEN)


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


def worker_check() -> str:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return WORKER_NOT_CONFIGURED
    try:
        if workers.recent_workers():
            return OK
        waiting = workers.waiting_jobs()
    except Exception:
        logger.exception("health check: the worker heartbeats cannot be read")
        return FAILING
    if waiting:
        logger.error("health check: %d job(s) wait and no worker has been seen", waiting)
        return FAILING
    return WORKER_NOT_SEEN


def checks() -> dict[str, str]:
    return {"database": database_check(), "media": media_check(), "worker": worker_check()}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    found = checks()
    healthy = all(value in HEALTHY for value in found.values())
    return JsonResponse(
        {"status": OK if healthy else FAILING, "checks": found}, status=200 if healthy else 503
    )
