"""National moderation pages (METHODOLOGY §1): one framework's grades across every force side by side,
with the proposals, departures and met shares behind them, the inconsistencies worth a second look,
and the moderators' decisions.

Who uses them is the inspections' "review" rule (moderators; administrators read) and who decides the
awards' "moderate" rule (moderators only); see inspections/models/rules.py. The public is sent to sign
in; anyone else signed in is refused (403) with the rule's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import permits
from inspectorate.methodology.models import Framework, FrameworkKind, Programme

from ..choices import ModerationOutcome
from ..models import GradeAward, Inspection, ModerationDecision
from ..services import BoardRow, Invalid, LevelShare, NotAllowed, moderation_board, record_moderation

View = Callable[..., HttpResponse]


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "moderation/refused.html", {"reason": reason}, status=403)


def moderation_page(view: View) -> View:
    """Sign in first (the public is redirected), then moderators and administrators only; a service's
    refusal is shown with its reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        gate = permits(Inspection, request.user, "review")
        if not gate:
            return refused(request, gate.reason)
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as refusal:
            return refused(request, refusal.reason)

    return login_required(wrapper)


def programmed(programme: Programme) -> list[Framework]:
    frameworks = programme.frameworks.of_kind(FrameworkKind.PROGRAMMED).select_related("group")
    return list(frameworks.order_by("position"))


def share_text(share: LevelShare | None) -> str:
    """A level's met share as moderators compare it: "9.5 of 12 (79%)"."""
    if share is None or share.share is None:
        return "none applicable"
    credit = round(share.share * share.applicable, 2)
    return f"{credit:g} of {share.applicable} ({share.share * 100:.0f}%)"


@moderation_page
def index(request: HttpRequest) -> HttpResponse:
    programmes = []
    for programme in Programme.objects.restrict(request.user, "view").order_by("code", "-version"):
        frameworks = []
        for framework in programmed(programme):
            rows = moderation_board(programme, framework, request.user)
            awarded = [row for row in rows if row.award is not None]
            frameworks.append(
                {
                    "framework": framework,
                    "inspections": len(rows),
                    "awarded": len(awarded),
                    "agreed": sum(1 for r in awarded if _outcome(r) == ModerationOutcome.AGREED),
                    "referred_back": sum(
                        1 for r in awarded if _outcome(r) == ModerationOutcome.REFERRED_BACK
                    ),
                    "undecided": sum(1 for r in awarded if r.latest_decision is None),
                    "outliers": sum(1 for r in rows if r.outliers),
                }
            )
        programmes.append({"programme": programme, "frameworks": frameworks})
    return render(request, "moderation/index.html", {"programmes": programmes})


def _outcome(row: BoardRow) -> str:
    return row.latest_decision.outcome if row.latest_decision is not None else ""


def _programme(request: HttpRequest, code: str, version: int) -> Programme:
    return get_object_or_404(Programme.objects.restrict(request.user, "view"), code=code, version=version)


def _board_context(request: HttpRequest, programme: Programme, framework: Framework) -> dict[str, Any]:
    rows = moderation_board(programme, framework, request.user)
    # A level shares its code with a grade (the Fair criteria belong to Fair), and its name.
    grade_names = programme.grade_names()
    level_pairs = [(level, grade_names.get(level, level.capitalize())) for level in programme.levels]
    history = (
        ModerationDecision.objects.restrict(request.user, "view")
        .filter(award__inspection__programme=programme, award__framework=framework)
        .select_related("award__inspection__force", "moderator")
        .order_by("-decided_at", "-id")
    )
    return {
        "programme": programme,
        "framework": framework,
        "levels": level_pairs,
        "rows": [
            {
                "row": row,
                "shares": [(name, share_text(row.shares.get(level))) for level, name in level_pairs],
                "proposal": _proposal_text(row, grade_names),
            }
            for row in rows
        ],
        "history": [{"decision": d, "grade": grade_names.get(d.award.grade, d.award.grade)} for d in history],
        "outcomes": ModerationOutcome.choices,
        # Administrators read the board; only moderators record decisions.
        "can_decide": bool(permits(GradeAward, request.user, "moderate")),
        "outlier_count": sum(1 for row in rows if row.outliers),
    }


def _proposal_text(row: BoardRow, grade_names: dict[str, str]) -> str:
    if row.award is None:
        return ""
    if row.award.proposed_grade:
        return grade_names.get(row.award.proposed_grade, row.award.proposed_grade)
    if row.award.proposal_reason == "incomplete":
        return "None: judgements incomplete"
    if row.award.proposal_reason:
        return "None: judgement required"
    return "None"


@moderation_page
def board(request: HttpRequest, code: str, version: int, framework: str) -> HttpResponse:
    programme = _programme(request, code, version)
    found = next((f for f in programmed(programme) if f.code == framework), None)
    if found is None:
        raise Http404(f"{framework} is not a programmed framework of {programme}")
    return render(request, "moderation/board.html", _board_context(request, programme, found))


@moderation_page
@require_POST
def decide(request: HttpRequest, award_id: int) -> HttpResponse:
    visible = GradeAward.objects.restrict(request.user, "view").select_related(
        "inspection__programme", "framework"
    )
    award = get_object_or_404(visible, pk=award_id)
    programme, framework = award.inspection.programme, award.framework
    outcome = request.POST.get("outcome", "")
    reason = request.POST.get("reason", "")
    try:
        record_moderation(request.user, award, outcome, reason, seen_basis=request.POST.get("basis"))
    except Invalid as problem:
        context = _board_context(request, programme, framework)
        context.update({"errors": problem.errors, "error_award": award.pk, "posted_reason": reason})
        return render(request, "moderation/board.html", context, status=400)
    label = ModerationOutcome(outcome).label.lower()
    messages.success(request, f"{award.inspection.force.name}: {framework.code} grade {label}.")
    url = reverse("moderation:board", args=[programme.code, programme.version, framework.code])
    return redirect(f"{url}#award-{award.pk}")
