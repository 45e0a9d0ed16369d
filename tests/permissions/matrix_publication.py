"""Published reports (/published/ and /api/reports/): public to everyone, and only what is published.

Objects come from world_publication.py: `pub_report` is version 1 of force A's published report.
Force B's inspection in world_api_inspections.py reached the published stage without a frozen report,
so there is no page for it; a force with only a draft (or nothing) answers 404 to everyone.
"""

from __future__ import annotations

from typing import Any

from .routes import WORKING, Route, everyone

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING


def report(world: Any, **more: Any) -> dict[str, Any]:
    return {"programme": world.programme.code, "force": world.force_a.code, **more}


def unpublished(world: Any, **more: Any) -> dict[str, Any]:
    return {"programme": world.programme.code, "force": world.force_b.code, **more}


ROUTES = [
    Route("published:index", everyone()),
    Route("published:grades_csv", everyone()),
    Route("published:grades_json", everyone()),
    Route("published:programme", everyone(), kwargs=lambda w: {"programme": w.programme.code}),
    Route("published:programme", everyone(404), kwargs=lambda w: {"programme": "no-such"}, label="unknown"),
    Route("published:force", everyone(), kwargs=lambda w: {"force": w.force_a.code}),
    Route(
        "published:force", everyone(), kwargs=lambda w: {"force": w.force_b.code}, label="nothing-published"
    ),
    Route("published:latest", everyone(), kwargs=report),
    Route("published:latest", everyone(404), kwargs=unpublished, label="unpublished"),
    Route("published:versions", everyone(), kwargs=report),
    Route("published:versions", everyone(404), kwargs=unpublished, label="unpublished"),
    Route("published:version", everyone(), kwargs=lambda w: report(w, version=1)),
    Route("published:version", everyone(404), kwargs=lambda w: report(w, version=2), label="no-such-version"),
    Route("published:version_html", everyone(), kwargs=lambda w: report(w, version=1)),
    Route("published:version_pdf", everyone(), kwargs=lambda w: report(w, version=1)),
    Route(
        "published:version_pdf",
        everyone(404),
        kwargs=lambda w: unpublished(w, version=1),
        label="unpublished",
    ),
    Route("published:version_json", everyone(), kwargs=lambda w: report(w, version=1)),
    Route("api-1:list_published_reports", everyone()),
    Route("api-1:get_published_report", everyone(), kwargs=report),
    Route("api-1:get_published_report", everyone(404), kwargs=unpublished, label="unpublished"),
    Route("api-1:get_report_version", everyone(), kwargs=lambda w: report(w, version=1)),
    Route(
        "api-1:get_report_version",
        everyone(404),
        kwargs=lambda w: unpublished(w, version=1),
        label="unpublished",
    ),
    Route("api-1:national_summary", everyone(), kwargs=lambda w: {"programme": w.programme.code}),
    Route(
        "api-1:national_summary", everyone(404), kwargs=lambda w: {"programme": "no-such"}, label="unknown"
    ),
]
