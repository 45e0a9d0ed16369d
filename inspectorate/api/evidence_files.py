"""Evidence files in the inspections API: uploading a file to an item (or with a new item) and
downloading it, through the same services and access rules as the evidence pages.

An upload is a multipart request with the file in the field `file`. The service decides the media type
from the content alone (the name and the type the client claims are not trusted), takes the SHA-256 and
refuses an empty file, one over the size limit or one of a kind not accepted, naming `file` in the
answer; nothing is stored then. A download is for the inspection team and the force liaison officer
who submitted the item (the "download" rule of Evidence), is audited, and is sent as an attachment that
browsers must not sniff.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status, UploadedFile

from inspectorate.inspections import services
from inspectorate.inspections.models import Evidence
from inspectorate.inspections.services import Invalid, files

from .auth import caller, signed_in
from .errors import error_response
from .inspection_schemas import EvidenceIn, EvidenceOut, evidence_out
from .inspection_support import (
    REFUSALS,
    answers_refusals,
    evidence_for,
    inspection_for,
    may_see_working,
    user_named,
)

router = Router(tags=["inspections"])

# What a download can be: the media types the upload check accepts (services/files.py).
MEDIA_TYPES = (
    files.PDF,
    files.PNG,
    files.JPEG,
    files.GIF,
    files.DOCX,
    files.XLSX,
    files.PPTX,
    files.ODT,
    files.ODS,
    files.ODP,
    files.TEXT,
    files.CSV,
)
BINARY = {"schema": {"type": "string", "format": "binary"}}


def _fresh(request: HttpRequest, evidence: Evidence) -> dict[str, Any]:
    # Read again, as the caller may see it, for the file just attached.
    visible = Evidence.objects.restrict(caller(request), "view").select_related(
        "inspection__programme", "collected_by", "verified_by", "file"
    )
    found = visible.get(pk=evidence.pk)
    return evidence_out(found, may_see_working(request, found.inspection))


@router.post(
    "/{inspection_id}/evidence/{reference}/file",
    auth=signed_in,
    response={201: EvidenceOut, **REFUSALS},
    summary="Attach a file to an evidence item that has none (multipart, the file in `file`)",
)
@answers_refusals
def attach_evidence_file(
    request: HttpRequest, inspection_id: int, reference: str, file: File[UploadedFile]
) -> Any:
    inspection = inspection_for(request, inspection_id)
    evidence = evidence_for(request, inspection, reference)
    services.attach_file(caller(request), evidence, file)
    return Status(201, _fresh(request, evidence))


@router.post(
    "/{inspection_id}/evidence-uploads",
    auth=signed_in,
    response={201: EvidenceOut, **REFUSALS},
    summary="Record an evidence item with its file (multipart: the item's fields, the file in `file`)",
)
@answers_refusals
def add_evidence_with_file(
    request: HttpRequest, inspection_id: int, payload: Form[EvidenceIn], file: File[UploadedFile]
) -> Any:
    inspection = inspection_for(request, inspection_id)
    collected_by = user_named(payload.collected_by, "collected_by") if payload.collected_by else None
    evidence = services.add_evidence(
        caller(request),
        inspection,
        source_type=payload.source_type,
        title=payload.title,
        summary=payload.summary,
        collected_on=payload.collected_on,
        effective_date=payload.effective_date,
        collected_by=collected_by,
        outside_period_reason=payload.outside_period_reason,
        marking=payload.marking,
        criteria=payload.criteria,
        frameworks=payload.frameworks,
        reference=payload.reference,
        file=file,
    )
    return Status(201, _fresh(request, evidence))


@router.get(
    "/{inspection_id}/evidence/{reference}/file",
    response={200: None, **REFUSALS},
    summary="Download an item's file (the inspection team, and the force officer who submitted it)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment, of the media type found in its content",
                "content": {media_type: BINARY for media_type in MEDIA_TYPES},
            }
        }
    },
)
@answers_refusals
def download_evidence_file(request: HttpRequest, inspection_id: int, reference: str) -> Any:
    inspection = inspection_for(request, inspection_id)
    evidence = evidence_for(request, inspection, reference)
    try:
        download = services.open_file(caller(request), evidence)
    except Invalid as missing:
        return error_response(404, f"{evidence.reference} has no file", missing.errors)
    response = FileResponse(
        download.stream, as_attachment=True, filename=download.name, content_type=download.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
