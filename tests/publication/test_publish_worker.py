"""Publication queued through the publish page with the database backend and run by `inspectorate
worker`, in this process: the job's progress and result, the status page that polls while it waits,
a failure shown in words (and its traceback only in the log), and /healthz's view of the worker.
(tests/jobs/test_two_instances.py runs the server and the worker as separate processes.)"""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from inspectorate.jobs.models import Job, WorkerHeartbeat
from inspectorate.jobs.workers import Heartbeat
from inspectorate.reports import publication
from inspectorate.reports.models import PublishedReport

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("quick_pdf")]

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REASON = {"note": "Signed off", "few_practice_reason": "The force submitted none that qualify"}


@pytest.fixture(autouse=True)
def queued(settings: Any) -> None:
    settings.TASKS = QUEUED


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class BeatOnce(Heartbeat):
    """The worker's heartbeat, beating once in the worker's own thread. SQLite's in-memory test
    database, shared between threads, locks whole tables without waiting, so a heartbeat thread
    beside the worker would make these tests fail at random; the thread itself is tested with real
    processes in tests/jobs/test_serve.py."""

    def start(self) -> None:
        self.beat_once()


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("inspectorate.jobs.management.commands.worker.Heartbeat", BeatOnce)
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_it_queues_the_publication_and_the_worker_publishes_it(
    signed_off: Any, lead: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = signed_off()
    lead_client = _as(lead)

    answer = lead_client.post(reverse("reports:publish", args=[inspection.pk]), REASON)

    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:detail", args=[job.pk])
    # Queued, not done: the request rendered nothing.
    assert job.status == "queued" and not PublishedReport.objects.exists()
    waiting = lead_client.get(answer["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Waiting for a worker" in waiting
    panel = lead_client.get(answer["Location"], headers={"HX-Request": "true"}).content.decode()
    assert panel.lstrip().startswith('<div id="job-status"') and "<html" not in panel

    run_worker(monkeypatch)

    job.refresh_from_db()
    published = PublishedReport.objects.get()
    assert (job.status, job.done, job.total, job.error) == ("succeeded", 1, 1, "")
    assert job.message == f"Published: {published.title}, version 1."
    assert job.result_url == reverse("published:latest", args=["hmic-2007", "west-midlands"])
    assert job.started_at and job.finished_at and job.worker
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"
    assert published.published_by == lead and published.few_practice_reason == REASON["few_practice_reason"]
    done = lead_client.get(answer["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and job.result_url in done and "1 of 1" in done
    assert Client().get(job.result_url).status_code == 200


def test_it_fails_a_job_that_became_blocked_while_it_waited_and_says_why(
    signed_off: Any, lead: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = signed_off()
    lead_client = _as(lead)
    # Two presses of the button: both pass the page's checks, only the first can publish.
    for _ in range(2):
        lead_client.post(reverse("reports:publish", args=[inspection.pk]), REASON)

    run_worker(monkeypatch)

    first, second = Job.objects.order_by("pk")
    assert first.status == "succeeded" and PublishedReport.objects.count() == 1
    assert second.status == "failed"
    assert second.error.startswith("Not published: a report on West Midlands")
    page = lead_client.get(reverse("jobs:detail", args=[second.pk])).content.decode()
    assert "The job failed" in page and "already published" in page and "hx-trigger" not in page


def test_it_shows_an_unexpected_failure_in_words_and_logs_the_traceback(
    signed_off: Any, lead: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    inspection = signed_off()

    def broken(report: Any) -> bytes:
        raise RuntimeError("the typesetter ran out of paper")

    monkeypatch.setattr(publication, "render_pdf", broken)
    _as(lead).post(reverse("reports:publish", args=[inspection.pk]), REASON)

    with caplog.at_level(logging.ERROR, logger="inspectorate.jobs.services"):
        run_worker(monkeypatch)

    job = Job.objects.get()
    assert job.status == "failed" and not PublishedReport.objects.exists()
    assert job.error == f"The job failed unexpectedly; the error is in the worker's log (job {job.pk})."
    page = _as(lead).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert job.error.replace("'", "&#x27;") in page and "Traceback" not in page and "paper" not in page
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "out of paper" in str(logged[0].exc_info[1])
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
    inspection.refresh_from_db()
    assert inspection.stage == "factual_accuracy"


def test_it_reports_the_worker_in_the_health_check(signed_off: Any, lead: Any) -> None:
    assert Client().get("/healthz").json()["checks"]["worker"] == "not seen"

    _as(lead).post(reverse("reports:publish", args=[signed_off().pk]), REASON)
    waiting = Client().get("/healthz")
    assert waiting.status_code == 503 and waiting.json()["checks"]["worker"] == "failing"

    heartbeat = Heartbeat("test-worker")
    heartbeat.beat_once()
    alive = Client().get("/healthz")
    heartbeat.stop()  # a stopping worker removes its row
    assert alive.status_code == 200 and alive.json()["checks"]["worker"] == "ok"
    assert not WorkerHeartbeat.objects.exists()


def test_it_fails_a_job_whose_worker_is_gone_when_a_worker_starts(lead: Any) -> None:
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    orphan = Job.objects.create(
        kind="report.publish",
        title="Publish",
        owner=lead,
        status="running",
        started_at=long_ago,
        worker_id="a-worker-that-was-killed",
    )
    busy = Job.objects.create(
        kind="report.publish",
        title="Publish",
        owner=lead,
        status="running",
        started_at=long_ago,
        worker_id="a-worker-still-alive",
    )
    WorkerHeartbeat.objects.create(
        worker_id="a-worker-still-alive", hostname="other", pid=1, started_at=long_ago, seen_at=timezone.now()
    )

    # A new worker's first beat.
    Heartbeat("a-new-worker").beat_once()

    orphan.refresh_from_db()
    assert orphan.status == "failed"
    assert orphan.error == (
        f"The worker running this job stopped before it finished (job {orphan.pk}); start it again."
    )
    busy.refresh_from_db()
    assert busy.status == "running"
