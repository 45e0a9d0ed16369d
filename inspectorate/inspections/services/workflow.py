"""The workflow (METHODOLOGY §7): planned → fieldwork → drafting → moderation → factual accuracy check →
published, one step at a time, with what each step needs listed in plain English."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.models import Framework

from ..choices import STAGE_ORDER, AwardStatus, ModerationOutcome, Stage
from ..models import FindingComment, Inspection, StageChange
from . import notices
from .common import framework_label, lock, require_lead, require_team
from .errors import Blocked, Invalid, NotAllowed
from .grading import current_award, grade_name
from .judgements import unsupported_met
from .staleness import agreement_blocker, stale_blocker, stale_blockers

# Moves that team members make; the inspection's lead inspector makes every later one.
_TEAM_MOVES = {(Stage.PLANNED, Stage.FIELDWORK), (Stage.FIELDWORK, Stage.DRAFTING)}


def _ready_for_moderation(inspection: Inspection, only: Iterable[Framework] | None = None) -> list[str]:
    found: list[str] = []
    programme = inspection.programme
    for framework in _frameworks(inspection, only):
        label = framework_label(framework)
        award = current_award(inspection, framework)
        if award is None:
            found.append(f"{label} has no awarded grade")
            continue
        grade = grade_name(programme, award.grade)
        proposed = grade_name(programme, award.proposed_grade) if award.proposed_grade else "no grade"
        if award.status == AwardStatus.PENDING:
            found.append(
                f"{label}: the award of {grade} departs from the proposal ({proposed}) and awaits "
                "approval by a lead inspector other than its author"
            )
        elif award.status == AwardStatus.REJECTED:
            found.append(f"{label}: the departure to {grade} was rejected; award the grade again")
        found.extend(stale_blocker(inspection, framework, award))
    for judgement in unsupported_met(inspection):
        criterion = judgement.criterion
        if only is not None and criterion.framework not in only:
            continue
        found.append(
            f"{framework_label(criterion.framework)}: criterion {criterion.code} is judged met without "
            "verified evidence that can support it"
        )
    return found


def _moderated(inspection: Inspection, only: Iterable[Framework] | None = None) -> list[str]:
    found: list[str] = []
    programme = inspection.programme
    for framework in _frameworks(inspection, only):
        award = current_award(inspection, framework)
        if award is None:
            continue
        label, grade = framework_label(framework), grade_name(programme, award.grade)
        latest = award.moderation_decisions.order_by("-decided_at", "-id").first()
        if latest is None:
            found.append(f"{label}: the award of {grade} has no moderator's agreement yet")
        elif latest.outcome != ModerationOutcome.AGREED:
            found.append(f"{label}: the moderator referred the award of {grade} back: {latest.reason}")
        else:
            found.extend(agreement_blocker(inspection, framework, latest))
    return found


def _frameworks(inspection: Inspection, only: Iterable[Framework] | None) -> list[Framework]:
    ordered = list(inspection.frameworks.order_by("position"))
    return ordered if only is None else [framework for framework in ordered if framework in only]


def regraded_blockers(inspection: Inspection, frameworks: Iterable[Framework]) -> list[str]:
    """What the moderation stage and the factual accuracy check would need of these frameworks'
    grades: for a correction after publication that reopened them (services/corrections.py)."""
    chosen = list(frameworks)
    return _ready_for_moderation(inspection, chosen) + _moderated(inspection, chosen)


def _ready_to_publish(inspection: Inspection) -> list[str]:
    found: list[str] = []
    unanswered = FindingComment.objects.filter(finding__inspection=inspection, response="").select_related(
        "finding__framework", "finding__group"
    )
    for comment in unanswered:
        finding = comment.finding
        under = framework_label(finding.framework) if finding.framework else f"{finding.group} overview"
        text = finding.text if len(finding.text) <= 60 else finding.text[:57] + "…"
        found.append(f"{under}: the force's comment on the finding “{text}” has not been answered")
    if inspection.is_demonstration:
        found.append("this inspection is a reconstruction for demonstration and can never be published")
    # Locked since the factual accuracy check, so only a change outside the services can find one.
    found.extend(stale_blockers(inspection))
    return found


def blockers(inspection: Inspection, to_stage: str) -> list[str]:
    """Everything that stops the inspection moving forward to `to_stage`, in plain English (empty when
    it may move). Moving back has no blockers."""
    if to_stage == Stage.MODERATION:
        return _ready_for_moderation(inspection)
    if to_stage == Stage.FACTUAL_ACCURACY:
        # Awards may still change during moderation, so what moderation needed is checked again.
        return _ready_for_moderation(inspection) + _moderated(inspection)
    if to_stage == Stage.PUBLISHED:
        return _ready_to_publish(inspection)
    return []


def move(
    actor: Any, inspection: Inspection, to_stage: str, note: str = "", *, via_publication: bool = False
) -> Inspection:
    """Move one step forward (team members up to drafting, the lead inspector after that), or one step
    back (the lead inspector, with a note). Raises Blocked listing every blocker.

    The last step, to published, is taken only by the publication service (`via_publication`), which
    freezes the report as a version in the same transaction: a stage change alone would leave a
    "published" inspection with nothing published."""
    if to_stage not in STAGE_ORDER:
        raise Invalid({"to_stage": f"choose one of {', '.join(STAGE_ORDER)}"})
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        current = inspection.stage
        step = STAGE_ORDER.index(to_stage) - inspection.stage_index
        if step not in (1, -1):
            raise Invalid({"to_stage": _one_step(inspection)})
        going_back = step == -1
        if going_back:
            require_lead(actor, inspection)
            if current == Stage.PUBLISHED:
                raise NotAllowed("a published report is not sent back; a correction is a new version")
            if not note.strip():
                raise Invalid({"note": "say why the inspection goes back"})
        elif to_stage == Stage.PUBLISHED and not via_publication:
            raise NotAllowed(
                "a report is published with the Publish action, which freezes it as a version; "
                "the stage cannot be moved to published on its own"
            )
        elif (current, to_stage) not in _TEAM_MOVES:
            require_lead(actor, inspection)
        if not going_back:
            found = blockers(inspection, to_stage)
            if found:
                raise Blocked(found)
        before = {
            "stage": current,
            "signed_off_at": inspection.signed_off_at,
            "signed_off_by": inspection.signed_off_by_id,
        }
        inspection.stage = to_stage
        if to_stage == Stage.FACTUAL_ACCURACY and not going_back:
            inspection.signed_off_at, inspection.signed_off_by = timezone.now(), actor
        elif going_back and current == Stage.FACTUAL_ACCURACY:
            inspection.signed_off_at, inspection.signed_off_by = None, None
        inspection.save(update_fields=["stage", "signed_off_at", "signed_off_by"])
        StageChange.objects.create(
            inspection=inspection, from_stage=current, to_stage=to_stage, by=actor, note=note.strip()
        )
        after = {
            "stage": to_stage,
            "signed_off_at": inspection.signed_off_at,
            "signed_off_by": inspection.signed_off_by_id,
        }
        audit.record(
            actor, "inspection.stage_changed", inspection, before=before, after=after, note=note.strip()
        )
        notices.stage_moved(actor, inspection, current, to_stage, note.strip())
    return inspection


def _one_step(inspection: Inspection) -> str:
    index = inspection.stage_index
    options = []
    if index + 1 < len(STAGE_ORDER):
        options.append(f"forward to {Stage(STAGE_ORDER[index + 1]).label.lower()}")
    if index > 0:
        options.append(f"back to {Stage(STAGE_ORDER[index - 1]).label.lower()}")
    here = inspection.get_stage_display().lower()
    return f"an inspection moves one stage at a time; from {here} it can go " + " or ".join(options)
