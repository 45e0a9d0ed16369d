"""Jobs for the permission matrix.

- `job`: a finished job of the lead persona's (rendering the programme's published reports) with its
  result file, a zip, in the world's MEDIA_ROOT.
- `queued_job`: the lead's publication job still waiting for a worker.

Jobs queued by the matrix's own requests go to django-tasks' dummy backend, which keeps them and runs
nothing: the matrix checks who may queue (decided before anything is queued), and a real ingest or
render per persona would take minutes. tests/jobs runs them on a worker.
"""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

from django.test import override_settings
from django.utils import timezone

from inspectorate.jobs.models import Job, Status
from inspectorate.jobs.services import result_path


def build(world: SimpleNamespace) -> None:
    dummy = override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
    dummy.enable()
    world.cleanups.append(dummy.disable)

    lead = world.make_persona("lead")
    world.job = Job.objects.create(
        kind="report.render_programme",
        title=f"Render every published report of {world.programme.name}",
        owner=lead,
        status=Status.SUCCEEDED,
        done=1,
        total=1,
        message="1 published report",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    name, path = result_path(world.job.pk, "reports.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("west-midlands.pdf", b"%PDF-1.7\n%%EOF\n")
    path.write_bytes(buffer.getvalue())
    Job.objects.filter(pk=world.job.pk).update(result_file=name)
    world.queued_job = Job.objects.create(kind="report.publish", title="Publish the report", owner=lead)


BUILDERS = [build]
