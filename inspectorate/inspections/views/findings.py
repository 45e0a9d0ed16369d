"""Findings under a framework or a group's overview: listed by kind, added, edited, deleted and
reordered by the team; commented on by the inspected force at the factual accuracy check, and the
team's answers to those comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..choices import FindingKind
from ..forms import CommentForm, FindingForm, ResponseForm
from ..models import Finding, FindingComment, Inspection
from ..services import findings as service
from ..services.errors import Conflict, Invalid
from . import context
from .common import (
    conflict,
    forbidden,
    framework_for,
    group_for,
    inspection_for,
    is_htmx,
    may,
    posted_version,
    staff_page,
)


def _finding_for(request: HttpRequest, inspection: Inspection, finding_pk: int) -> Finding:
    visible = Finding.objects.restrict(request.user, "view").select_related("framework", "group")
    return get_object_or_404(visible, pk=finding_pk, inspection=inspection)


def _list_url(finding: Finding) -> str:
    if finding.framework is not None:
        return reverse(
            "inspections:findings", kwargs={"pk": finding.inspection_id, "code": finding.framework.code}
        )
    assert finding.group is not None
    return reverse(
        "inspections:group_findings", kwargs={"pk": finding.inspection_id, "code": finding.group.code}
    )


def _where(inspection: Inspection, framework: Any, group: Any) -> dict[str, Any]:
    return {"inspection": inspection, "framework": framework, "group": group}


def _lists(
    request: HttpRequest,
    inspection: Inspection,
    framework: Any,
    group: Any,
    comment_forms: dict[int, CommentForm] | None = None,
    response_forms: dict[int, ResponseForm] | None = None,
) -> list[dict[str, Any]]:
    """One list per kind, each finding with its criteria and the comments the user may see."""
    user = request.user
    findings = (
        Finding.objects.restrict(user, "view")
        .filter(inspection=inspection, framework=framework, group=group)
        .prefetch_related("criteria")
        .order_by("position", "id")
    )
    comments: dict[int, list[FindingComment]] = {}
    for comment in (
        FindingComment.objects.restrict(user, "view")
        .filter(finding__in=findings)
        .select_related("author", "responded_by")
    ):
        comments.setdefault(comment.finding_id, []).append(comment)
    lists = []
    for kind in FindingKind:
        items = [f for f in findings if f.kind == kind]
        lists.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "findings": [
                    {
                        "finding": f,
                        "first": i == 0,
                        "last": i == len(items) - 1,
                        "comments": [
                            {
                                "comment": c,
                                "form": (response_forms or {}).get(c.pk)
                                or ResponseForm(prefix=f"comment-{c.pk}", initial={"response": c.response}),
                            }
                            for c in comments.get(f.pk, [])
                        ],
                        "comment_form": (comment_forms or {}).get(f.pk)
                        or CommentForm(prefix=f"finding-{f.pk}"),
                    }
                    for i, f in enumerate(items)
                ],
            }
        )
    return lists


def _page(
    request: HttpRequest,
    inspection: Inspection,
    framework: Any = None,
    group: Any = None,
    form: FindingForm | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    page = context.page(request, inspection, framework=framework, group=group)
    user = request.user
    in_scope = [f for f in page["scope"] if group is None or f.group_id == group.pk]
    editable = page["is_team"] and context.findings_open(inspection, framework, group)
    page.update(
        {
            "lists": _lists(
                request,
                inspection,
                framework,
                group,
                extra.pop("comment_forms", None),
                extra.pop("response_forms", None),
            ),
            "editable": editable,
            "may_comment": Finding.objects.restrict(user, "comment").filter(inspection=inspection).exists(),
            "may_answer": editable,
            "form": form or FindingForm(frameworks=in_scope if framework is None else [framework]),
            "award": context.current_awards(user, inspection).get(framework.pk) if framework else None,
            "components": in_scope if group is not None else [],
        }
    )
    page.update(extra)
    return render(request, "inspections/findings.html", page, status=status)


def _add(request: HttpRequest, inspection: Inspection, framework: Any, group: Any) -> HttpResponse:
    scope = (
        [framework]
        if framework is not None
        else [f for f in inspection.frameworks.all() if f.group_id == group.pk]
    )
    form = FindingForm(request.POST, frameworks=scope)
    if form.is_valid():
        try:
            service.add_finding(
                request.user,
                inspection,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                framework=framework,
                group=group,
                criteria=form.cleaned_data["criteria"],
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        else:
            messages.success(request, "The finding is added.")
            return redirect(request.path)
    return _page(request, inspection, framework, group, form=form, status=400)


@staff_page
def framework_findings(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inspection = inspection_for(request, pk)
    framework = framework_for(inspection, code)
    if request.method == "POST":
        return _add(request, inspection, framework, None)
    return _page(request, inspection, framework=framework)


@staff_page
def group_findings(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inspection = inspection_for(request, pk)
    group = group_for(inspection, code)
    if request.method == "POST":
        return _add(request, inspection, None, group)
    return _page(request, inspection, group=group)


@staff_page
def finding_edit(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    finding = _finding_for(request, inspection, finding_pk)
    page = context.page(request, inspection, finding=finding, list_url=_list_url(finding))
    if finding.framework is not None:
        scope = [finding.framework]
    else:
        scope = [f for f in page["scope"] if f.group_id == finding.group_id]
    initial = {
        "kind": finding.kind,
        "text": finding.text,
        "criteria": [c.code for c in finding.criteria.all()],
    }
    form = FindingForm(request.POST or None, frameworks=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.edit_finding(
                request.user,
                finding,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                criteria=form.cleaned_data["criteria"],
                expected_version=posted_version(request),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        except Conflict as problem:
            return conflict(request, problem, inspection, back=request.path)
        else:
            messages.success(request, "The finding is changed.")
            return redirect(page["list_url"])
    elif request.method != "POST" and not may(request.user, "change", finding):
        return forbidden(request, Finding.objects.decide(request.user, "change", finding).reason, inspection)
    page["form"] = form
    return render(request, "inspections/finding_edit.html", page, status=400 if form.is_bound else 200)


@require_POST
@staff_page
def finding_delete(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    finding = _finding_for(request, inspection, finding_pk)
    back = _list_url(finding)
    try:
        service.delete_finding(request.user, finding, expected_version=posted_version(request))
    except Conflict as problem:
        return conflict(request, problem, inspection, back=back)
    messages.success(request, "The finding is deleted.")
    return redirect(back)


@require_POST
@staff_page
def finding_move(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    finding = _finding_for(request, inspection, finding_pk)
    problem_text, status = "", 200
    try:
        service.move_finding(
            request.user,
            finding,
            direction=request.POST.get("direction", ""),
            expected_version=posted_version(request),
        )
    except Invalid as problem:
        # Already first or last: nothing moves; the list says so.
        problem_text, status = "; ".join(problem.errors.values()), 400
    except Conflict as problem:
        # Changed meanwhile: nothing moves; the list shows the finding as it now stands.
        problem_text, status = f"{problem}: it is not moved", 409
    if not is_htmx(request):
        if not problem_text:
            return redirect(_list_url(finding))
        return _page(
            request, inspection, finding.framework, finding.group, status=status, move_error=problem_text
        )
    page = context.page(request, inspection, framework=finding.framework, group=finding.group)
    lists = _lists(request, inspection, finding.framework, finding.group)
    editable = page["is_team"] and context.findings_open(inspection, finding.framework, finding.group)
    page.update(
        {
            "list": next(item for item in lists if item["kind"] == finding.kind),
            "move_error": problem_text,
            "editable": editable,
            "may_answer": editable,
            "may_comment": False,
        }
    )
    return render(request, "inspections/partials/finding_list.html", page, status=status)


@require_POST
@staff_page
def finding_comment(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    finding = _finding_for(request, inspection, finding_pk)
    form = CommentForm(request.POST, prefix=f"finding-{finding.pk}")
    if form.is_valid():
        try:
            service.comment_on_finding(request.user, finding, form.cleaned_data["text"])
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        else:
            messages.success(request, "Your comment is recorded. The inspection team will answer it.")
            return redirect(_list_url(finding))
    return _page(
        request,
        inspection,
        finding.framework,
        finding.group,
        status=400,
        comment_forms={finding.pk: form},
        failed_form=form,
    )


@require_POST
@staff_page
def comment_respond(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    comment = get_object_or_404(
        FindingComment.objects.restrict(request.user, "view").select_related(
            "finding__framework", "finding__group"
        ),
        pk=comment_pk,
        finding__inspection=inspection,
    )
    form = ResponseForm(request.POST, prefix=f"comment-{comment.pk}")
    if form.is_valid():
        try:
            service.respond_to_comment(request.user, comment, form.cleaned_data["response"])
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        else:
            messages.success(request, "The answer is recorded.")
            return redirect(_list_url(comment.finding))
    finding = comment.finding
    return _page(
        request,
        inspection,
        finding.framework,
        finding.group,
        status=400,
        response_forms={comment.pk: form},
        failed_form=form,
    )
