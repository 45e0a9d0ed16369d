"""Queueing jobs and reporting on them from inside the work (docs/jobs.md).

    job = enqueue(request.user, "report.publish", publish_report, inspection.pk, title=..., about=inspection)

`task` is a function decorated with `job_task` (below): it receives its Job first, then the arguments
given to `enqueue` (which must be JSON-able: they are stored in the queue), calls `progress(job.pk,
done, total, message)` as it goes, and returns an `Outcome` (a page to go to, a file, figures). An
exception fails the job: `JobFailed` carries a message for the people who queued it; anything else
is logged with its traceback and the job says only that it failed unexpectedly.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task as django_task

from inspectorate.accounts import audit

from . import workers
from .models import Job, Status

logger = logging.getLogger(__name__)

_AUDITED = ["kind", "title", "owner", "status", "about_label", "result_url", "error"]


class JobFailed(Exception):
    """A failure to show the people who queued the job, in their words (a refusal, a blocker)."""


@dataclass(frozen=True)
class Outcome:
    message: str = ""
    url: str = ""
    file: str = ""  # relative to MEDIA_ROOT, written by `result_path`
    data: dict[str, Any] = field(default_factory=dict)


def enqueue(
    actor: Any, kind: str, task: Any, *args: Any, title: str, about: models.Model | None = None, **kwargs: Any
) -> Job:
    """A Job owned by `actor` and the task that runs it, queued together in one transaction (a worker
    never sees a task without its Job). With the immediate backend the task has run when this returns."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title[:300],
            owner=actor,
            about_type=ContentType.objects.get_for_model(about) if about is not None else None,
            about_id=str(about.pk) if about is not None else "",
            about_label=str(about)[:300] if about is not None else "",
            message="Waiting for a worker",
        )
        audit.record(actor, "job.queued", job, after=audit.snapshot(job, _AUDITED))
        result = task.enqueue(job.pk, *args, **kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


def progress(job_id: int, done: int, total: int, message: str = "") -> None:
    """Called from inside a task: how far it has got. Written at once (not in the task's transaction),
    so the status page sees it while the work goes on."""
    Job.objects.filter(pk=job_id).update(done=max(done, 0), total=max(total, 0), message=message[:300])


def result_path(job_id: int, name: str) -> tuple[str, Path]:
    """Where a job keeps its result file: (the name to return in `Outcome.file`, the path to write).
    Under MEDIA_ROOT, which several machines share, and never served but by the access-checked view."""
    relative = f"jobs/{job_id}/{name}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return relative, path


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _start(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        job.status, job.started_at, job.worker = Status.RUNNING, timezone.now(), worker_name()
        job.worker_id = workers.current_worker_id
        job.message = "Started"
        job.save(update_fields=["status", "started_at", "worker", "worker_id", "message"])
    return job


def _finish(job: Job, status: str, *, outcome: Outcome | None = None, error: str = "") -> None:
    with transaction.atomic():
        job.refresh_from_db()
        job.status, job.finished_at, job.error = status, timezone.now(), error
        if outcome is not None:
            job.result_url, job.result_file, job.result_data = outcome.url, outcome.file, outcome.data
            job.message = outcome.message or "Done"
            job.done = max(job.done, job.total)
        else:
            job.message = "Failed"
        job.save()
        audit.record(
            job.owner,
            "job.succeeded" if status == Status.SUCCEEDED else "job.failed",
            job,
            after=audit.snapshot(job, _AUDITED),
        )


def abandon(job: Job) -> None:
    """A running job whose worker is gone (see workers.fail_abandoned)."""
    _finish(
        job,
        Status.FAILED,
        error=f"The worker running this job stopped before it finished (job {job.pk}); start it again.",
    )


def job_task(function: Callable[..., Outcome]) -> Any:
    """A django-tasks task that runs `function(job, *args, **kwargs)` and keeps its Job up to date:
    running when it starts, then succeeded with the outcome or failed with a readable error."""

    @functools.wraps(function)
    def run(job_id: int, *args: Any, **kwargs: Any) -> dict[str, Any]:
        job = _start(job_id)
        if job is None:
            raise JobFailed(f"job {job_id} no longer exists")
        try:
            outcome = function(job, *args, **kwargs)
        except JobFailed as failure:
            logger.warning("job %s (%s) failed: %s", job.pk, job.kind, failure)
            _finish(job, Status.FAILED, error=str(failure))
            raise
        except Exception:
            logger.exception("job %s (%s) failed unexpectedly", job.pk, job.kind)
            _finish(
                job,
                Status.FAILED,
                error=f"The job failed unexpectedly; the error is in the worker's log (job {job.pk}).",
            )
            raise
        _finish(job, Status.SUCCEEDED, outcome=outcome)
        return {"job": job.pk, "url": outcome.url}

    return django_task()(run)
