"""`inspectorate worker`: runs queued jobs (django_tasks_db's `db_worker`, with a heartbeat).

Run one or more on every machine that shares the database; each claims a job at a time, so several
never run the same one. `--batch` runs what is queued and stops (tests, cron); `--max-tasks N` stops
after N. `inspectorate serve` starts one itself for development (docs/jobs.md)."""

from __future__ import annotations

import os
import signal
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ...workers import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run queued jobs (publication, rendering, monitoring ingests, planner solves)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="stop when this process is gone (the development server starts its worker so)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends[options["backend_name"]], DatabaseBackend):
            raise CommandError(
                "jobs run inside the request (INSPECTORATE_TASK_BACKEND=immediate): there is no queue "
                "for a worker; set INSPECTORATE_TASK_BACKEND=database"
            )
        parent = options.pop("parent_pid")
        reloading = options["reload"] and not options["batch"]
        # With --reload, this process only watches the code; the one running the jobs is its child.
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"], parent=parent)
        heartbeat.start()
        # The worker sets its own handlers for a graceful stop; a caller in the same process (a test,
        # a script) gets its own back afterwards.
        previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            for number, handler in previous.items():
                signal.signal(number, handler)
