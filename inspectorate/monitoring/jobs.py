"""Monitoring work started from the web runs on a worker (docs/jobs.md): "load the data now" on the
monitoring page ingests the shipped police.uk data, as `inspectorate monitor load-shipped` does, and
recomputes the flags."""

from __future__ import annotations

from django.urls import reverse

from inspectorate.datafiles import DataFileError
from inspectorate.jobs.models import Job
from inspectorate.jobs.services import JobFailed, Outcome, job_task, progress

from .flags import refresh_flags
from .ingest import ingest
from .shipped import shipped_runs
from .sources import IngestError


@job_task
def load_shipped(job: Job) -> Outcome:
    runs = [run for run in shipped_runs() if run.paths]
    missing = [path.name for run in shipped_runs() for path in run.missing]
    if not runs:
        raise JobFailed("No police.uk data was found in the shared folder; nothing was loaded.")
    observations = 0
    for number, run in enumerate(runs, start=1):
        names = ", ".join(path.name for path in run.paths)

        def report(done: int, total: int, rows: int, number: int = number, names: str = names) -> None:
            progress(job.pk, done, total, f"Source {number} of {len(runs)} ({names}): {rows:,} rows read")

        try:
            summary = ingest(run.paths, unit=run.unit, actor=job.owner, progress=report)
        except (IngestError, DataFileError) as exc:
            raise JobFailed(f"Source {number} of {len(runs)} ({names}) was not loaded:\n{exc}") from exc
        observations += summary.observations
    progress(job.pk, 1, 1, "Recomputing the flags")
    flags = refresh_flags(job.owner)
    note = f" Not found: {', '.join(missing)}." if missing else ""
    return Outcome(
        message=f"Loaded {observations:,} observations from {len(runs)} sources; flags: {flags}.{note}",
        url=reverse("monitoring:index"),
        data={"observations": observations, "sources": len(runs), "missing": missing},
    )
