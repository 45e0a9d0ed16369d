"""The status page of a job (`/jobs/<id>/`, polled by htmx while it is queued or running), the list of
the user's jobs (`/jobs/`) and a job's result file. Who sees a job is the Job's `access_rule` (its
owner and administrators); anyone else gets 404, so a job's existence is not revealed."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Job


def _job(request: HttpRequest, job_id: int, action: str = "view") -> Job:
    job = Job.objects.restrict(request.user, action).select_related("owner").filter(pk=job_id).first()
    if job is None:
        raise Http404("no such job")
    return job


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.restrict(request.user, "view").filter(owner_id=request.user.pk)[:100]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    # htmx asks for the status panel alone every two seconds until the job has finished.
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_result(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job(request, job_id, "download")
    if not job.result_file:
        raise Http404("this job has no file")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / job.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("the job's file is no longer kept")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
    response["Cache-Control"] = "private, no-store"
    return response
