"""Worker processes: the heartbeat each one keeps, and what the health check reads from them.

Each `inspectorate worker` touches its row every HEARTBEAT_SECONDS from a thread of its own, so a
worker busy with a long render still shows as alive; a worker not seen for STALE_AFTER is gone."""

from __future__ import annotations

import datetime
import logging
import os
import signal
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

from .models import Job, Status, WorkerHeartbeat

logger = logging.getLogger(__name__)

# The heartbeat's worker id in a worker process (empty elsewhere), recorded on each job it starts.
current_worker_id = ""

HEARTBEAT_SECONDS = 5
STALE_AFTER = datetime.timedelta(seconds=30)
# Rows of workers gone longer than this are removed when a worker starts.
FORGET_AFTER = datetime.timedelta(days=1)


def beat(worker_id: str, started_at: datetime.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


class Heartbeat(threading.Thread):
    """Touches the worker's row until stopped. `parent` (a process id) makes the worker stop when that
    process is gone: the development server starts its worker so, and a killed server leaves none."""

    def __init__(self, worker_id: str, parent: int | None = None) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        global current_worker_id
        self.worker_id = current_worker_id = worker_id[:64]
        self.parent = parent
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.tidied = False

    def run(self) -> None:
        while not self.stopping.is_set():
            if self.parent is not None and _gone(self.parent):
                logger.warning("the process that started this worker is gone; stopping")
                os.kill(os.getpid(), signal.SIGTERM)
                return
            try:
                close_old_connections()
                self.beat_once()
            except Exception:
                # A busy database (a long publication holding SQLite's write lock) delays a beat; the
                # next one tries again.
                logger.warning("worker heartbeat not written", exc_info=True)
            self.stopping.wait(HEARTBEAT_SECONDS)
        connection.close()

    def beat_once(self) -> None:
        """One beat; the first also forgets long-gone workers and fails the jobs they left running."""
        beat(self.worker_id, self.started_at)
        if not self.tidied:
            WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()
            fail_abandoned()
            self.tidied = True

    def stop(self) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=HEARTBEAT_SECONDS * 2)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def fail_abandoned() -> int:
    """Fail the jobs left running by a worker that is gone (killed, or its machine lost), so that they
    do not look busy for ever; their owners queue them again. A job counts as abandoned when it started
    more than STALE_AFTER ago and no worker of that id has been seen since."""
    from .services import abandon

    now = timezone.now()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE_AFTER).values("worker_id")
    orphans = Job.objects.filter(status=Status.RUNNING, started_at__lt=now - STALE_AFTER).exclude(
        worker_id__in=alive
    )
    count = 0
    for job in orphans.select_related("owner"):
        abandon(job)
        count += 1
    if count:
        logger.warning("%d job(s) left running by a worker that is gone were marked failed", count)
    return count


def recent_workers() -> int:
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - STALE_AFTER).count()


def waiting_jobs() -> int:
    return Job.objects.filter(status=Status.QUEUED).count()
