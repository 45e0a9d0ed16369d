"""Jobs (/jobs/): a job is seen by the person who queued it and by administrators; anyone else gets
404 (a job's existence is not revealed), the public is sent to sign in. Every signed-in person has a
list of their own jobs. Pages that queue jobs decide before queueing: rendering a programme's reports
is open to anyone signed in (each gets only the reports they may read), loading monitoring data is
the analysts' and administrators'. Objects come from world_jobs.py.
"""

from __future__ import annotations

from typing import Any

from .routes import PERSONAS, WORKING, Route

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING

OWNER = ("lead", "admin")


def owned(status: int = 200) -> dict[str, int]:
    return {p: (status if p in OWNER else 302 if p == "public" else 404) for p in PERSONAS}


def signed_in(status: int = 200) -> dict[str, int]:
    return {p: (302 if p == "public" else status) for p in PERSONAS}


def _job(world: Any) -> dict[str, Any]:
    return {"job_id": world.job.pk}


ROUTES = [
    Route("jobs:list", signed_in()),
    Route("jobs:detail", owned(), kwargs=_job),
    Route("jobs:detail", owned(), kwargs=lambda w: {"job_id": w.queued_job.pk}, label="queued"),
    Route(
        "jobs:detail",
        {p: 302 if p == "public" else 404 for p in PERSONAS},
        kwargs=lambda w: {"job_id": 999999},
        label="unknown",
    ),
    Route("jobs:result", owned(), kwargs=_job),
    Route(
        "jobs:result",
        {p: 302 if p == "public" else 404 for p in PERSONAS},
        kwargs=lambda w: {"job_id": w.queued_job.pk},
        label="no file yet",
    ),
    Route("reports:render_programme", signed_in(), kwargs=lambda w: {"code": w.programme.code}),
    Route(
        "reports:render_programme",
        signed_in(302),
        kwargs=lambda w: {"code": w.programme.code},
        method="post",
        data=lambda w: {"which": "published"},
        label="queue",
    ),
    Route(
        "reports:render_programme",
        signed_in(400),
        kwargs=lambda w: {"code": w.programme.code},
        method="post",
        data=lambda w: {"which": "everything"},
        label="bad choice",
    ),
    Route(
        "monitoring:load",
        {
            "public": 302,
            "inspector": 403,
            "lead": 403,
            "moderator": 403,
            "analyst": 302,
            "admin": 302,
            "force_a": 403,
            "force_b": 403,
        },
        method="post",
        data=lambda w: {},
    ),
]
