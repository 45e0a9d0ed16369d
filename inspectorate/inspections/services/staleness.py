"""Awards that no longer rest on what they were made from, and the moderation lock.

An award stores the proposal it was made against and its basis (services/basis.py). When a later
change to judgements or conditions alters the engine's proposal, the award is marked stale in the
transaction of that change (with an audit event): it can no longer be approved or agreed, and the
inspection cannot move to moderation, the factual accuracy check or publication until a grade is
awarded again (a new award that departs from the new proposal needs a new approval). A mark is never
lifted: even if the proposal comes back, approval and moderation were given to the award as it was.

The check is also made live, so an award whose rows were changed outside the services (the admin,
the ORM) is found stale too. An award that rests on no recorded judgements (no basis and no trace,
as an imported report's awards) has nothing to go stale against and is never stale.

Once a moderator has agreed a framework's current award, its judgements and conditions are locked
until the lead inspector sends the inspection back; an agreement whose judgements have changed since
(after a send-back) no longer counts towards the factual accuracy check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.engine import Proposal
from inspectorate.methodology.models import Framework

from ..choices import GRADING_UNLOCKS, STAGE_ORDER, AwardStatus, ModerationOutcome
from ..models import CorrectionItem, GradeAward, Inspection, ModerationDecision, StageChange
from .basis import basis_of, differences, engine_inputs
from .common import framework_label
from .errors import Invalid, NotAllowed
from .grading import current_award, grade_name
from .proposals import condition_names, framework_proposal


@dataclass(frozen=True)
class Standing:
    """Whether an award still rests on what it was made from.

    `reason` names only grades (it may be shown wherever the award is); `changes` names criteria,
    conditions and evidence items, and is working like the trace."""

    stale: bool
    checked: bool  # the award records what it was made from
    reason: str = ""
    changes: tuple[str, ...] = field(default=())
    proposal_now: str = ""  # the grade the engine proposes now ("" for none)


def _key(grade: str | None, reason: str | None) -> tuple[str, str]:
    return (grade or "", "" if grade else (reason or ""))


def proposal_label(inspection: Inspection, grade: str | None, reason: str | None) -> str:
    if grade:
        return grade_name(inspection.programme, grade)
    return f"no grade ({(reason or 'none').replace('_', ' ')})"


def rests_on_record(award: GradeAward) -> bool:
    return bool(award.basis) or bool(award.trace)


def award_standing(
    award: GradeAward, proposal: Proposal | None = None, now: dict[str, Any] | None = None
) -> Standing:
    """The award's standing now (`proposal` and `now`, the framework's basis, when the caller has
    them already). A superseded award is not assessed (it is history)."""
    if not award.is_current or not rests_on_record(award):
        return Standing(stale=False, checked=False)
    inspection = award.inspection
    proposal = proposal or framework_proposal(inspection, award.framework)
    moved = _key(award.proposed_grade, award.proposal_reason) != _key(proposal.grade, proposal.reason)
    changes: tuple[str, ...] = ()
    if award.basis:
        now = now or basis_of(inspection, award.framework)
        changes = tuple(differences(award.basis, now, condition_names(inspection.programme)))
    if moved:
        reason = _moved(inspection, award, proposal)
    elif award.stale_since is not None:
        now_label = proposal_label(inspection, proposal.grade, proposal.reason)
        reason = f"{award.stale_reason}; it is {now_label} again, but the grade must be awarded again"
    else:
        return Standing(stale=False, checked=True, changes=changes, proposal_now=proposal.grade or "")
    return Standing(
        stale=True, checked=True, reason=reason, changes=changes, proposal_now=proposal.grade or ""
    )


def _moved(inspection: Inspection, award: GradeAward, proposal: Proposal) -> str:
    was = proposal_label(inspection, award.proposed_grade, award.proposal_reason)
    now = proposal_label(inspection, proposal.grade, proposal.reason)
    return f"the judgements behind it changed after the award: the proposal moved from {was} to {now}"


def refresh(actor: Any, inspection: Inspection, framework: Framework) -> GradeAward | None:
    """After a change to a framework's judgements or conditions, inside its transaction: mark the
    current award stale if the proposal it was made against has moved. Returns the award marked."""
    award = current_award(inspection, framework)
    if award is None or award.stale_since is not None or not rests_on_record(award):
        return None
    proposal = framework_proposal(inspection, framework)
    if _key(award.proposed_grade, award.proposal_reason) == _key(proposal.grade, proposal.reason):
        return None
    award = (
        GradeAward.objects.select_for_update()
        .select_related("inspection__programme", "framework")
        .get(pk=award.pk)
    )
    changes = (
        differences(award.basis, basis_of(inspection, framework), condition_names(inspection.programme))
        if award.basis
        else []
    )
    award.stale_since = timezone.now()
    award.stale_reason = _moved(inspection, award, proposal)
    award.save(update_fields=["stale_since", "stale_reason"])
    audit.record(
        actor,
        "grade.award_stale",
        award,
        before={"stale_since": None, "stale_reason": ""},
        after={
            "stale_since": award.stale_since,
            "stale_reason": award.stale_reason,
            "proposed_grade_now": proposal.grade or "",
            "proposal_reason_now": proposal.reason or "",
            "basis_changes": changes,
        },
        note=framework_label(framework),
    )
    return award


def refuse_if_stale(award: GradeAward, what: str) -> None:
    """Refuse to approve or agree an award that no longer rests on what it was made from."""
    standing = award_standing(award)
    if standing.stale:
        raise Invalid(
            {"award": f"this award cannot be {what}: {standing.reason}; the team must award a grade again"}
        )


# --- moderation ------------------------------------------------------------------------------------


def latest_decision(award: GradeAward) -> ModerationDecision | None:
    return award.moderation_decisions.order_by("-decided_at", "-id").first()


def _sent_back_since(inspection: Inspection, moment: Any) -> bool:
    changes = StageChange.objects.filter(inspection=inspection, at__gt=moment).values_list(
        "from_stage", "to_stage"
    )
    return any(STAGE_ORDER.index(a) > STAGE_ORDER.index(b) for a, b in changes)


def agreement_in_force(award: GradeAward) -> ModerationDecision | None:
    """The moderator's agreement that locks the award's judgements: the award's latest decision, when
    it agrees and the inspection has not been sent back since."""
    decision = latest_decision(award)
    if decision is None or decision.outcome != ModerationOutcome.AGREED:
        return None
    if _sent_back_since(award.inspection, decision.decided_at):
        return None
    if _reopened_since(award, decision.decided_at):
        return None
    return decision


def _reopened_since(award: GradeAward, moment: Any) -> bool:
    # A correction that unlocks the framework's grading reopens it, as a send-back does.
    return CorrectionItem.objects.filter(
        correction__inspection_id=award.inspection_id,
        correction__opened_at__gt=moment,
        kind__in=GRADING_UNLOCKS,
        framework_id=award.framework_id,
    ).exists()


def require_not_moderated(inspection: Inspection, framework: Framework, what: str) -> None:
    """Judgements and conditions of a framework whose award a moderator agreed change only after the
    lead inspector sends the inspection back."""
    award = current_award(inspection, framework)
    if award is None:
        return
    decision = agreement_in_force(award)
    if decision is not None:
        grade = grade_name(inspection.programme, award.grade)
        raise NotAllowed(
            f"{what} of {framework_label(framework)} are locked: a moderator agreed its award of {grade} "
            f"on {timezone.localtime(decision.decided_at):%d %B %Y}; they change again only if the "
            "inspection's lead inspector sends the inspection back"
        )


# --- blockers --------------------------------------------------------------------------------------


def stale_blocker(inspection: Inspection, framework: Framework, award: GradeAward) -> list[str]:
    if award.status in (AwardStatus.REJECTED, AwardStatus.SUPERSEDED):
        return []  # a rejected departure already has to be awarded again
    standing = award_standing(award)
    if not standing.stale:
        return []
    grade = grade_name(inspection.programme, award.grade)
    return [
        f"{framework_label(framework)}: the award of {grade} no longer rests on what it was made from "
        f"({standing.reason}); award a grade again (a departure from the new proposal needs a new approval)"
    ]


def stale_blockers(inspection: Inspection) -> list[str]:
    found: list[str] = []
    for framework in inspection.frameworks.order_by("position"):
        award = current_award(inspection, framework)
        if award is not None:
            found.extend(stale_blocker(inspection, framework, award))
    return found


def agreement_blocker(
    inspection: Inspection, framework: Framework, decision: ModerationDecision
) -> list[str]:
    """An agreement made on judgements that have changed since (after a send-back) no longer counts."""
    if decision.outcome != ModerationOutcome.AGREED or not decision.basis:
        return []
    now = basis_of(inspection, framework)
    if engine_inputs(decision.basis) == engine_inputs(now):
        return []
    grade = grade_name(inspection.programme, decision.award.grade)
    return [
        f"{framework_label(framework)}: the judgements changed after the moderator agreed the award of "
        f"{grade}; a moderator must agree it again"
    ]
