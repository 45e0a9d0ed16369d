"""The judgement grid of one framework: each criterion with its evidence and judgement, the proposed
grade as it stands, why, and the Excellent conditions. A changed judgement posts through htmx and
gets back its row plus the proposal panel (out of band), so the proposal follows the judgements."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspectorate.methodology.models import Criterion, Framework

from ..choices import Verification
from ..forms import JUDGEMENT_CHOICES, ConditionForm, JudgementForm
from ..models import ConditionRecord, CriterionJudgement, Evidence, Inspection
from ..services.errors import Conflict, Invalid, NotAllowed
from ..services.judgements import record_judgement, set_condition
from ..services.proposals import framework_proposal, programme_scale
from . import context
from .common import (
    conflict,
    forbidden,
    framework_for,
    inspection_for,
    is_htmx,
    posted_version,
    staff_page,
    working_refusal,
)
from .trace import present


def _counts(user: Any, inspection: Inspection, framework: Framework) -> dict[int, dict[str, int]]:
    """Per criterion id: how many visible evidence items are linked, and how many of them verified."""
    visible = Evidence.objects.restrict(user, "view").filter(inspection=inspection)
    links = Evidence.criteria.through.objects.filter(evidence__in=visible, criterion__framework=framework)
    linked: Counter[int] = Counter()
    verified: Counter[int] = Counter()
    for criterion_id, state in links.values_list("criterion_id", "evidence__verification"):
        linked[criterion_id] += 1
        if state == Verification.VERIFIED:
            verified[criterion_id] += 1
    return {cid: {"linked": linked[cid], "verified": verified[cid]} for cid in linked}


def proposal_context(inspection: Inspection, framework: Framework) -> dict[str, Any]:
    proposal = framework_proposal(inspection, framework)
    names = inspection.programme.grade_names()
    return {
        "proposal": proposal,
        "proposed_name": names.get(proposal.grade, proposal.grade) if proposal.grade else None,
        "trace": present(proposal.trace.to_dict()),
    }


def _row(
    request: HttpRequest,
    inspection: Inspection,
    framework: Framework,
    criterion: Criterion,
    form: JudgementForm | None = None,
    refusal: str = "",
    clash: Conflict | None = None,
) -> dict[str, Any]:
    judgement = (
        CriterionJudgement.objects.restrict(request.user, "view")
        .filter(inspection=inspection, criterion=criterion)
        .select_related("judged_by")
        .first()
    )
    counts = _counts(request.user, inspection, framework).get(criterion.pk, {"linked": 0, "verified": 0})
    return {
        "criterion": criterion,
        "judgement": judgement,
        "counts": counts,
        "form": form,
        "refusal": refusal,
        "conflict": clash,
    }


def _rows(
    request: HttpRequest,
    inspection: Inspection,
    framework: Framework,
    failed: dict[int, JudgementForm] | None = None,
) -> list[tuple[str, str, list[Any]]]:
    judgements = {
        j.criterion_id: j
        for j in CriterionJudgement.objects.restrict(request.user, "view")
        .filter(inspection=inspection, criterion__framework=framework)
        .select_related("judged_by")
    }
    counts = _counts(request.user, inspection, framework)
    level_names = programme_scale(inspection.programme).level_names()
    by_level: dict[str, list[Any]] = {level: [] for level in inspection.programme.levels}
    for criterion in Criterion.objects.filter(framework=framework).order_by("position"):
        by_level.setdefault(criterion.level, []).append(
            {
                "criterion": criterion,
                "judgement": judgements.get(criterion.pk),
                "counts": counts.get(criterion.pk, {"linked": 0, "verified": 0}),
                "form": (failed or {}).get(criterion.pk),
            }
        )
    return [(level, level_names.get(level, level), rows) for level, rows in by_level.items() if rows]


def _conditions(request: HttpRequest, inspection: Inspection, framework: Framework) -> list[dict[str, Any]]:
    records = {
        r.condition_id: r
        for r in ConditionRecord.objects.restrict(request.user, "view").filter(
            inspection=inspection, framework=framework
        )
    }
    rows = []
    for condition in inspection.programme.conditions.all():
        record = records.get(condition.pk)
        initial = {"present": record.present, "rationale": record.rationale} if record else {}
        rows.append(
            {
                "condition": condition,
                "record": record,
                "form": ConditionForm(prefix=condition.code, initial=initial),
            }
        )
    return rows


def _grid(
    request: HttpRequest,
    inspection: Inspection,
    framework: Framework,
    status: int = 200,
    failed: dict[int, JudgementForm] | None = None,
    **extra: Any,
) -> HttpResponse:
    page = context.page(request, inspection, framework=framework, judgement_choices=JUDGEMENT_CHOICES)
    page.update(
        {
            "levels": _rows(request, inspection, framework, failed),
            "conditions": _conditions(request, inspection, framework),
            **proposal_context(inspection, framework),
        }
    )
    page.update(extra)
    return render(request, "inspections/judgements.html", page, status=status)


@staff_page
def judgement_grid(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inspection = inspection_for(request, pk)
    framework = framework_for(inspection, code)
    refusal = working_refusal(request.user, inspection)
    if refusal is not None:
        return forbidden(request, refusal, inspection)
    return _grid(request, inspection, framework)


@require_POST
@staff_page
def judgement_record(request: HttpRequest, pk: int, code: str, criterion: str) -> HttpResponse:
    inspection = inspection_for(request, pk)
    framework = framework_for(inspection, code)
    refused = working_refusal(request.user, inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    target = get_object_or_404(Criterion, framework=framework, code=criterion)
    form = JudgementForm(request.POST)
    status, refusal, clash = 200, "", None
    if form.is_valid():
        try:
            record_judgement(
                request.user,
                inspection,
                target,
                form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                expected_version=posted_version(request),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors, rename={"criterion": "value"})
            status = 400
        except Conflict as problem:
            clash, status = problem, 409
        except NotAllowed as problem:
            if not is_htmx(request):
                raise
            refusal, status = problem.reason, 403
    else:
        status = 400
    if not is_htmx(request):
        if status == 200:
            messages.success(request, f"{target.code} is judged.")
            grid = reverse("inspections:judgements", kwargs={"pk": inspection.pk, "code": framework.code})
            return redirect(f"{grid}#criterion-{target.code}")
        if clash is not None:
            grid = reverse("inspections:judgements", kwargs={"pk": inspection.pk, "code": framework.code})
            return conflict(request, clash, inspection, back=f"{grid}#criterion-{target.code}")
        return _grid(request, inspection, framework, status=status, failed={target.pk: form})
    kept = form if status in (400, 409) else None
    row = _row(request, inspection, framework, target, form=kept, refusal=refusal, clash=clash)
    page = context.page(
        request,
        inspection,
        framework=framework,
        row=row,
        oob=True,
        judgement_choices=JUDGEMENT_CHOICES,
        **proposal_context(inspection, framework),
    )
    html = render_to_string("inspections/partials/judgement_row.html", page, request=request)
    html += render_to_string("inspections/partials/proposal_panel.html", page, request=request)
    return HttpResponse(html, status=status)


@require_POST
@staff_page
def conditions_record(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Record one Excellent condition (each has its own form, named by its code)."""
    inspection = inspection_for(request, pk)
    framework = framework_for(inspection, code)
    refused = working_refusal(request.user, inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    condition = get_object_or_404(inspection.programme.conditions, code=request.POST.get("condition", ""))
    form = ConditionForm(request.POST, prefix=condition.code)
    if form.is_valid():
        try:
            set_condition(
                request.user,
                inspection,
                framework,
                condition,
                present=form.cleaned_data["present"],
                rationale=form.cleaned_data["rationale"],
                expected_version=posted_version(request),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        except Conflict as problem:
            grid = reverse("inspections:judgements", kwargs={"pk": pk, "code": code})
            return conflict(request, problem, inspection, back=f"{grid}#conditions")
        else:
            messages.success(request, f"{condition.name} is recorded for {framework.code}.")
            grid = reverse("inspections:judgements", kwargs={"pk": pk, "code": code})
            return redirect(f"{grid}#conditions")
    rows = _conditions(request, inspection, framework)
    for row in rows:
        if row["condition"].pk == condition.pk:
            row["form"] = form
    return _grid(request, inspection, framework, status=400, conditions=rows, conditions_failed=True)
