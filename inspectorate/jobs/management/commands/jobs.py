"""`inspectorate jobs list [--status S] [--json]` and `inspectorate jobs show N [--json]`: the jobs
queued from the web, for an operator on the server (every job, whoever queued it; the pages show each
person their own)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...models import Job, Status
from ...workers import recent_workers, waiting_jobs

_FIELDS = ["kind", "title", "status", "done", "total", "message", "result_url", "result_file", "error"]


def _as_dict(job: Job) -> dict[str, Any]:
    data: dict[str, Any] = {"id": job.pk, "owner": job.owner.get_username()}
    data.update({name: getattr(job, name) for name in _FIELDS})
    for name in ("created_at", "started_at", "finished_at"):
        value = getattr(job, name)
        data[name] = value.isoformat() if value else None
    data["worker"] = job.worker
    data["result_data"] = job.result_data
    return data


class Command(BaseCommand):
    help = "The background jobs: list them, or show one."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="the latest jobs, newest first")
        listing.add_argument("--status", choices=Status.values)
        listing.add_argument("--limit", type=int, default=50)
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="one job in full")
        show.add_argument("job_id", type=int)
        show.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            job = Job.objects.select_related("owner").filter(pk=options["job_id"]).first()
            if job is None:
                raise CommandError(f"there is no job {options['job_id']}")
            data = _as_dict(job)
            if options["json"]:
                self.stdout.write(json.dumps(data, indent=2))
                return
            for name, value in data.items():
                if value not in ("", None, {}):
                    self.stdout.write(f"{name:>12}: {value}")
            return
        jobs = Job.objects.select_related("owner")
        if options["status"]:
            jobs = jobs.filter(status=options["status"])
        found = list(jobs[: max(options["limit"], 1)])
        if options["json"]:
            self.stdout.write(json.dumps([_as_dict(job) for job in found], indent=2))
            return
        self.stdout.write(f"{waiting_jobs()} waiting; {recent_workers()} worker(s) seen in the last 30 s")
        for job in found:
            count = f" {job.done}/{job.total}" if job.total else ""
            self.stdout.write(
                f"{job.pk:>6}  {job.status:<9}{count:>8}  {job.created_at:%Y-%m-%d %H:%M}  "
                f"{job.owner.get_username():<16} {job.title}"
            )
            if job.error:
                self.stdout.write(f"        {job.error}")
