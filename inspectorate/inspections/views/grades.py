"""Awarding a grade for a framework, the award history, and the lead inspector's approval queue of
departures from the proposed grade."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import permits

from ..choices import AwardStatus
from ..forms import AwardForm, DecisionForm
from ..models import GradeAward, Inspection
from ..services.errors import Conflict, Invalid
from ..services.grading import approval_queue, award_grade, decide_departure
from . import context
from .common import (
    conflict,
    forbidden,
    framework_for,
    inspection_for,
    posted_version,
    refusal,
    staff_page,
    working_refusal,
)
from .judgements import proposal_context
from .trace import present


def _history(user: Any, inspection: Inspection, framework: Any) -> list[dict[str, Any]]:
    awards = (
        GradeAward.objects.restrict(user, "view")
        .filter(inspection=inspection, framework=framework)
        .select_related("author", "decided_by")
        .order_by("-awarded_at", "-id")
    )
    return [{"award": award, "trace": present(award.trace), "reason": _reason(award)} for award in awards]


def _reason(award: GradeAward) -> str:
    """Why the engine proposed no grade, in words: "incomplete", "judgement required"."""
    return award.proposal_reason.replace("_", " ")


def _page(
    request: HttpRequest,
    inspection: Inspection,
    framework: Any,
    form: AwardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = context.page(request, inspection, framework=framework)
    grades = inspection.programme.grades.order_by("position")
    proposal = proposal_context(inspection, framework)
    if form is None:
        initial = {"grade": proposal["proposal"].grade} if proposal["proposal"].grade else {}
        form = AwardForm(grades=grades, initial=initial)
    page.update({"form": form, "history": _history(request.user, inspection, framework), **proposal})
    return render(request, "inspections/grade.html", page, status=status)


@staff_page
def grade_award(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inspection = inspection_for(request, pk)
    framework = framework_for(inspection, code)
    # The page shows the live trace and the award history, and an invalid post shows them again: only
    # the team (who may change the inspection, and so see its working) gets either.
    refused = working_refusal(request.user, inspection) or refusal(request.user, "change", inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    if request.method != "POST":
        return _page(request, inspection, framework)
    form = AwardForm(request.POST, grades=inspection.programme.grades.order_by("position"))
    if form.is_valid():
        try:
            award = award_grade(
                request.user,
                inspection,
                framework,
                form.cleaned_data["grade"],
                form.cleaned_data["rationale"],
                expected_version=posted_version(request),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors, rename={"framework": "grade"})
        except Conflict as problem:
            return conflict(request, problem, inspection, back=request.path)
        else:
            name = inspection.programme.grade_names().get(award.grade, award.grade)
            if award.status == AwardStatus.PENDING:
                messages.success(
                    request,
                    f"{name} is awarded for {framework.code}. It departs from the proposal, "
                    "so a lead inspector other than you must approve it.",
                )
            else:
                messages.success(request, f"{name} is awarded for {framework.code}.")
            return redirect("inspections:grade", pk=inspection.pk, code=framework.code)
    return _page(request, inspection, framework, form=form, status=400)


def _queue_page(
    request: HttpRequest, forms: dict[int, DecisionForm] | None = None, status: int = 200
) -> HttpResponse:
    names: dict[int, dict[str, str]] = {}
    rows = []
    for award in approval_queue(request.user).select_related("inspection__programme"):
        programme = award.inspection.programme
        grade_names = names.setdefault(programme.pk, programme.grade_names())
        rows.append(
            {
                "award": award,
                "grade_name": grade_names.get(award.grade, award.grade),
                "proposed_name": grade_names.get(award.proposed_grade, award.proposed_grade)
                if award.proposed_grade
                else None,
                "trace": present(award.trace),
                "reason": _reason(award),
                "form": (forms or {}).get(award.pk) or DecisionForm(prefix=f"award-{award.pk}"),
            }
        )
    failed = next(iter((forms or {}).values()), None)
    return render(request, "inspections/approvals.html", {"rows": rows, "failed_form": failed}, status=status)


def _approvers_only(request: HttpRequest) -> HttpResponse | None:
    may = permits(GradeAward, request.user, "approve")
    return None if may else forbidden(request, may.reason)


@staff_page
def approvals(request: HttpRequest) -> HttpResponse:
    return _approvers_only(request) or _queue_page(request)


@require_POST
@staff_page
def approval_decide(request: HttpRequest, award_pk: int) -> HttpResponse:
    refusal = _approvers_only(request)
    if refusal is not None:
        return refusal
    award = get_object_or_404(
        GradeAward.objects.restrict(request.user, "view").select_related("inspection", "framework"),
        pk=award_pk,
    )
    form = DecisionForm(request.POST, prefix=f"award-{award.pk}")
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide_departure(
                request.user,
                award,
                approve,
                form.cleaned_data["note"],
                expected_version=posted_version(request),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors, rename={"award": "decision"})
        except Conflict as problem:
            return conflict(request, problem, award.inspection, back=reverse("inspections:approvals"))
        else:
            verb = "approved" if approve else "rejected"
            messages.success(
                request,
                f"The departure for {award.framework.code} of {award.inspection.force.name} is {verb}.",
            )
            return redirect("inspections:approvals")
    return _queue_page(request, forms={award.pk: form}, status=400)
