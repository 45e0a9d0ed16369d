"""A job: long work (publishing a report, rendering a programme's reports, a monitoring ingest, a
planner solve) queued from a page and run by a worker process (`inspectorate worker`), with its
progress, its result and, when it fails, a readable error. django-tasks keeps the queue itself
(django_tasks_db's table); the Job row is what people see and what access is decided on.

A worker heartbeat is one row per worker process, touched every few seconds, so `/healthz` can tell
whether any worker is alive on any machine that shares the database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from inspectorate.accounts.access import RestrictedQuerySet, Rule, is_admin, signed_in


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


FINISHED = (Status.SUCCEEDED, Status.FAILED)


class Job(models.Model):
    kind = models.CharField(max_length=60, help_text="what the job does, e.g. report.publish")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    # What the job is about (an inspection, a programme, a plan), for the status page's link back.
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    about_id = models.CharField(max_length=64, blank=True)
    about_label = models.CharField(max_length=300, blank=True)
    # The result: a page to go to, a file kept for the owner (relative to MEDIA_ROOT), and figures.
    result_url = models.CharField(max_length=500, blank=True)
    result_file = models.CharField(max_length=500, blank=True)
    result_data = models.JSONField(default=dict, blank=True)
    # For the people who queued it: what went wrong in words. The traceback goes to the worker's log.
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True, help_text="django-tasks' result id")
    worker = models.CharField(max_length=200, blank=True, help_text="the worker process that ran it")
    worker_id = models.CharField(max_length=64, blank=True, help_text="its heartbeat's worker id")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"job {self.pk}: {self.title} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == Status.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        """The person who queued a job sees it, its progress and its result; administrators see every
        job. Nobody else does, not even those who may see what it is about: a result is assembled with
        its owner's rights (the drafts they may read), so sharing it could show others what they may
        not see. Jobs are changed only by the worker, never through a page."""
        if action not in ("view", "download"):
            return Rule.none("jobs are changed only by the worker that runs them")
        if is_admin(user):
            return Rule.all("administrators see every job")
        if signed_in(user):
            return Rule.where(Q(owner=user), "people see the jobs they queued", refusal="no such job")
        return Rule.none("jobs belong to the people who queued them")


class WorkerHeartbeat(models.Model):
    """One worker process, as last seen. Rows of stopped workers are left for a while (the health
    check reads only recent ones) and removed by the next worker that starts."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.hostname}:{self.pid}"
