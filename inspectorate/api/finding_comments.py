"""Force comments on findings in the inspections API: at the factual accuracy check the inspected
force's liaison officer comments on a finding of its inspection, and the inspection team answers (an
answer may be revised until publication). Whoever may see a comment (the FindingComment rule: the team,
moderators, the inspected force) lists it; the services decide and audit every change."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from inspectorate.inspections import services
from inspectorate.inspections.models import Finding, FindingComment, Inspection

from .auth import caller, signed_in
from .inspection_schemas import PlainTextIn
from .inspection_support import REFUSALS, answers_refusals, inspection_for

router = Router(tags=["inspections"])


class CommentOut(Schema):
    id: int
    finding: int  # the finding's id
    author: str
    text: str
    created_at: datetime.datetime
    response: str  # the team's answer; "" until it answers
    responded_by: str | None
    responded_at: datetime.datetime | None


class CommentIn(PlainTextIn):
    text: str


class AnswerIn(PlainTextIn):
    response: str


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def comment_out(comment: FindingComment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "finding": comment.finding_id,
        "author": comment.author.get_username(),
        "text": comment.text,
        "created_at": comment.created_at,
        "response": comment.response,
        "responded_by": _name(comment.responded_by),
        "responded_at": comment.responded_at,
    }


def _comments(request: HttpRequest, inspection: Inspection) -> Any:
    visible = FindingComment.objects.restrict(caller(request), "view")
    found = visible.filter(finding__inspection=inspection).select_related("author", "responded_by")
    return found.order_by("created_at", "id")


def _finding_for(request: HttpRequest, inspection: Inspection, finding_id: int) -> Finding:
    visible = Finding.objects.restrict(caller(request), "view").filter(inspection=inspection)
    return get_object_or_404(visible, pk=finding_id)


@router.get(
    "/{inspection_id}/comments",
    response={200: list[CommentOut], **REFUSALS},
    summary="The force's comments on the inspection's findings, with the team's answers, oldest first",
)
@answers_refusals
def list_comments(request: HttpRequest, inspection_id: int) -> Any:
    inspection = inspection_for(request, inspection_id)
    return [comment_out(c) for c in _comments(request, inspection)]


@router.get(
    "/{inspection_id}/findings/{finding_id}/comments",
    response={200: list[CommentOut], **REFUSALS},
    summary="The force's comments on one finding, with the team's answers, oldest first",
)
@answers_refusals
def list_finding_comments(request: HttpRequest, inspection_id: int, finding_id: int) -> Any:
    inspection = inspection_for(request, inspection_id)
    finding = _finding_for(request, inspection, finding_id)
    return [comment_out(c) for c in _comments(request, inspection).filter(finding=finding)]


@router.post(
    "/{inspection_id}/findings/{finding_id}/comments",
    auth=signed_in,
    response={201: CommentOut, **REFUSALS},
    summary="Comment on a finding (the inspected force's liaison officer, at the factual accuracy check)",
)
@answers_refusals
def comment_on_finding(request: HttpRequest, inspection_id: int, finding_id: int, payload: CommentIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    finding = _finding_for(request, inspection, finding_id)
    comment = services.comment_on_finding(caller(request), finding, payload.text)
    return Status(201, comment_out(comment))


@router.put(
    "/{inspection_id}/comments/{comment_id}/response",
    auth=signed_in,
    response={200: CommentOut, **REFUSALS},
    summary="Answer a force comment, or revise the answer (the inspection team, until publication)",
)
@answers_refusals
def answer_comment(request: HttpRequest, inspection_id: int, comment_id: int, payload: AnswerIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    comment = get_object_or_404(_comments(request, inspection), pk=comment_id)
    answered = services.respond_to_comment(caller(request), comment, payload.response)
    return Status(200, comment_out(answered))
