"""The inspections API's evidence files and force comments: who may upload, download, comment and
answer, and the API's answer to a path that is no operation.

Objects come from world_api_inspections.py and world_api_inspections_exchange.py: `api_draft` is force A's
inspection in drafting (its E001 has a file, E003 none), `api_fac` force A's at the factual accuracy
check (its finding has force A's comment), `api_published` force B's, published (its finding has an
answered comment). Files go to the team, and to the force officer who submitted them; comments are
written by the inspected force's liaison officer at the factual accuracy check and answered by the team.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from .matrix_api_inspections import (
    FAC_VIEWERS,
    NEW_EVIDENCE,
    draft,
    draft_write,
    fac,
    published,
    seen_by,
    statuses,
)
from .routes import WORKING, Route, everyone

SEES_WORKING = WORKING

JSON = "application/json"
NOTE = b"Minutes of the tasking meeting, 5 June 2007.\nActions were allocated to partners.\n"


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("minutes.txt", NOTE, content_type="text/plain")


def e001(world: Any) -> dict[str, Any]:
    return draft(world, reference=world.api_e001.reference)


def e003(world: Any) -> dict[str, Any]:
    return draft(world, reference=world.api_e003.reference)


def fac_finding(world: Any) -> dict[str, Any]:
    return fac(world, finding_id=world.api_fac_finding.pk)


ROUTES = [
    # Moderators read OFFICIAL evidence summaries, never files; nobody outside the team sees the draft.
    Route(
        "api-1:download_evidence_file",
        {**seen_by("inspector", "lead", "admin"), "moderator": 403},
        kwargs=e001,
        label="with a file",
    ),
    Route(
        "api-1:download_evidence_file",
        {**seen_by(ok=404), "moderator": 403},
        kwargs=e003,
        label="without a file",
    ),
    Route(
        "api-1:attach_evidence_file",
        draft_write(201),
        kwargs=e003,
        method="post",
        data=lambda w: {"file": _upload()},
    ),
    Route(
        "api-1:add_evidence_with_file",
        draft_write(201),
        kwargs=draft,
        method="post",
        data=lambda w: {**NEW_EVIDENCE, "file": _upload()},
    ),
    Route("api-1:list_comments", seen_by(*FAC_VIEWERS), kwargs=fac, label="factual accuracy"),
    # Published: everyone sees the inspection; its comments only the team, moderators and its force.
    Route("api-1:list_comments", everyone(), kwargs=published, label="published"),
    Route("api-1:list_finding_comments", seen_by(*FAC_VIEWERS), kwargs=fac_finding),
    Route(
        "api-1:comment_on_finding",
        statuses(
            public=401,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=404,
            force_a=201,
            force_b=404,
            admin=403,
        ),
        kwargs=fac_finding,
        method="post",
        data=lambda w: {"text": "The meetings were held weekly from April."},
        content_type=JSON,
        label="factual accuracy",
    ),
    # After publication no force comments, its own force's included.
    Route(
        "api-1:comment_on_finding",
        statuses(
            public=401,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=403,
            force_a=403,
            force_b=403,
            admin=403,
        ),
        kwargs=lambda w: published(w, finding_id=w.api_published_finding.pk),
        method="post",
        data=lambda w: {"text": "The figures were revised."},
        content_type=JSON,
        label="published",
    ),
    Route(
        "api-1:answer_comment",
        statuses(
            public=401,
            inspector=200,
            lead=200,
            moderator=403,
            analyst=404,
            force_a=403,
            force_b=404,
            admin=200,
        ),
        kwargs=lambda w: fac(w, comment_id=w.api_comment.pk),
        method="put",
        data=lambda w: {"response": "Weekly meetings are noted; the finding is amended."},
        content_type=JSON,
        label="factual accuracy",
    ),
    Route(
        "api-1:answer_comment",
        statuses(
            public=401,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=403,
            admin=403,
        ),
        kwargs=lambda w: published(w, comment_id=w.api_published_comment.pk),
        method="put",
        data=lambda w: {"response": "Changed after publication."},
        content_type=JSON,
        label="published",
    ),
    Route("api-1:unknown_path", everyone(404), kwargs=lambda w: {"rest": "no-such-operation"}),
]
