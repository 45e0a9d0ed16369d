"""An inspection's audit history: every recorded change to the inspection and to the records in it that
the user may see, newest first, each with who, when, what, and what changed."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inspectorate.accounts.audit_models import AuditEvent

from ..models import (
    ConditionRecord,
    CriterionJudgement,
    Evidence,
    Finding,
    FindingComment,
    GradeAward,
    Inspection,
    ModerationDecision,
    StageChange,
)
from . import context
from .common import forbidden, inspection_for, may, staff_page, working_refusal

PER_PAGE = 50
# Bookkeeping that changes on every save and says nothing a reader needs; an award's basis and what
# changed in it are criterion-level working, shown on the grade page to those who may see it.
NOISE = frozenset(
    {"id", "updated_at", "judged_at", "recorded_at", "created_at", "trace", "basis", "basis_changes"}
)
LONGEST = 80


def _ids(model: Any, user: Any, **where: Any) -> list[str]:
    return [
        str(pk) for pk in model.objects.restrict(user, "view").filter(**where).values_list("pk", flat=True)
    ]


def events_for(user: Any, inspection: Inspection) -> Any:
    """Audit events about the inspection and the records in it that the user may view."""
    objects = {
        Inspection: [str(inspection.pk)],
        Evidence: _ids(Evidence, user, inspection=inspection),
        CriterionJudgement: _ids(CriterionJudgement, user, inspection=inspection),
        ConditionRecord: _ids(ConditionRecord, user, inspection=inspection),
        GradeAward: _ids(GradeAward, user, inspection=inspection),
        ModerationDecision: _ids(ModerationDecision, user, award__inspection=inspection),
        Finding: _ids(Finding, user, inspection=inspection),
        FindingComment: _ids(FindingComment, user, finding__inspection=inspection),
        StageChange: _ids(StageChange, user, inspection=inspection),
    }
    where = Q()
    for model, ids in objects.items():
        if ids:
            where |= Q(object_type=model._meta.label_lower, object_id__in=ids)
    if may(user, "change", inspection):
        # A deleted finding is no longer there to check; its last state says which inspection it was in.
        where |= Q(
            object_type=Finding._meta.label_lower, action="finding.deleted", before__inspection=inspection.pk
        )
    return AuditEvent.objects.filter(where).select_related("actor").order_by("-at", "-id")


def _short(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def diff(before: Any, after: Any) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field that changed; every field for a creation or a deletion."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key in NOISE:
            continue
        if before is not None and after is not None and old.get(key) == new.get(key):
            continue
        if before is None and new.get(key) in (None, "", [], False):
            continue
        changes.append((key.replace("_", " "), _short(old.get(key)), _short(new.get(key))))
    return changes


@staff_page
def inspection_history(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    # The change log records the working as it was made (judgements, rationales, traces, the criteria
    # findings rest on): it is the team's, like the working itself.
    refused = working_refusal(request.user, inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    pages = Paginator(events_for(request.user, inspection), PER_PAGE)
    current = pages.get_page(request.GET.get("page"))
    rows = [{"event": event, "changes": diff(event.before, event.after)} for event in current]
    page = context.page(request, inspection, rows=rows, page_obj=current)
    return render(request, "inspections/history.html", page)
