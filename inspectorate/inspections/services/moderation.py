"""National moderation: one framework's awarded grades across forces side by side, with the met shares
behind them, the inconsistencies worth a second look, and the moderators' decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.accounts.access import permits
from inspectorate.methodology.models import Framework, Programme

from ..choices import LOCKED_STAGES, MODERATOR_STAGES, AwardStatus, ModerationOutcome, Unlock
from ..models import GradeAward, Inspection, ModerationDecision
from .basis import basis_of, digest
from .common import allow, framework_label, lock
from .errors import Invalid, NotAllowed
from .grading import LevelShare, current_award, met_shares
from .proposals import programme_scale
from .staleness import award_standing, refuse_if_stale
from .unlocking import changeable


@dataclass
class BoardRow:
    """One inspection on the moderation board."""

    inspection: Inspection
    force: str
    award: GradeAward | None
    grade: str  # the awarded grade's code ("" with no award)
    grade_name: str
    proposed_grade: str
    proposed_name: str
    departure: bool
    status: str  # the award's status label ("" with no award)
    shares: dict[str, LevelShare]
    latest_decision: ModerationDecision | None
    outliers: list[str] = field(default_factory=list)
    stale: str = ""  # why the award no longer rests on what it was made from ("" while it does)
    basis_hash: str = ""  # the framework's basis as the board shows it, for the decision to carry


def _percent(share: float | None) -> str:
    return "none applicable" if share is None else f"{share * 100:.0f}%"


def moderation_board(programme: Programme, framework: Framework, user: Any) -> list[BoardRow]:
    """Every inspection of the programme with the framework in scope, from drafting on, that the user may
    see (moderators, administrators), ordered by force. A row is flagged as an outlier when another row
    has a lower awarded grade although its met share at every criterion level is at least as high."""
    gate = permits(Inspection, user, "review")
    if not gate:
        raise NotAllowed(gate.reason)
    if framework.programme_id != programme.pk:
        raise Invalid({"framework": f"{framework.code} is not a framework of {programme}"})
    scale = programme_scale(programme)
    names = scale.grade_names()
    inspections = (
        Inspection.objects.restrict(user, "review")
        .filter(programme=programme, frameworks=framework, stage__in=MODERATOR_STAGES)
        .select_related("force", "programme")
        .order_by("force__name", "pk")
    )
    rows = []
    for inspection in inspections:
        award = current_award(inspection, framework)
        now = basis_of(inspection, framework) if award is not None else None
        rows.append(
            BoardRow(
                inspection=inspection,
                force=inspection.force.name,
                award=award,
                grade=award.grade if award else "",
                grade_name=names.get(award.grade, award.grade) if award else "",
                proposed_grade=award.proposed_grade if award else "",
                proposed_name=names.get(award.proposed_grade, "no grade") if award else "",
                departure=bool(award and award.is_departure),
                status=award.get_status_display() if award else "",
                shares=met_shares(inspection, framework),
                latest_decision=_latest_decision(award),
                stale=award_standing(award, now=now).reason if award is not None else "",
                basis_hash=digest(now) if now is not None else "",
            )
        )
    _flag_outliers(rows, scale.rank, list(programme.levels))
    return rows


def _latest_decision(award: GradeAward | None) -> ModerationDecision | None:
    if award is None:
        return None
    return award.moderation_decisions.order_by("-decided_at", "-id").first()


def _flag_outliers(rows: list[BoardRow], rank: Any, levels: list[str]) -> None:
    graded = [row for row in rows if row.award is not None]
    for row in graded:
        for other in graded:
            if other is row or rank(other.grade) <= rank(row.grade):
                continue  # only a worse grade (higher rank) than this row's counts
            if other.inspection.is_demonstration != row.inspection.is_demonstration:
                continue  # a reconstruction is never a yardstick for a real force, nor one for it
            if all(_at_least(other.shares[level].share, row.shares[level].share) for level in levels):
                shares = ", ".join(
                    f"{other.shares[level].name} {_percent(other.shares[level].share)} against "
                    f"{_percent(row.shares[level].share)}"
                    for level in levels
                )
                row.outliers.append(
                    f"{other.force} was awarded {other.grade_name}, a lower grade than {row.grade_name}, "
                    f"although its met shares are at least as high ({shares})"
                )


def _at_least(mine: float | None, theirs: float | None) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return mine >= theirs


def record_moderation(
    actor: Any, award: GradeAward, outcome: str, reason: str = "", *, seen_basis: str | None = None
) -> ModerationDecision:
    """A moderator agrees an awarded grade or refers it back to the team (with a reason).

    `seen_basis` is the basis hash of the framework as the moderator was shown it (the board carries
    it); when it is given and the judgements have changed since, the decision is refused."""
    with transaction.atomic():
        inspection = lock(award.inspection)
        allow(GradeAward, actor, "moderate", award)
        award = GradeAward.objects.select_for_update().get(pk=award.pk)
        # A correction that unlocks the framework's grade reopens its moderation.
        reopened = changeable(inspection, Unlock.GRADE, framework=award.framework)
        if inspection.stage in LOCKED_STAGES and not reopened:
            raise NotAllowed("moderation is over: the grades were signed off at the factual accuracy check")
        if outcome not in ModerationOutcome.values:
            raise Invalid({"outcome": f"choose one of {', '.join(ModerationOutcome.values)}"})
        if award.status == AwardStatus.SUPERSEDED:
            raise Invalid({"award": "a later award replaced this one; moderate the current award"})
        undecided = award.status in (AwardStatus.PENDING, AwardStatus.REJECTED)
        if outcome == ModerationOutcome.AGREED and undecided:
            status = award.get_status_display().lower()
            raise Invalid({"outcome": f"the departure is {status}: it cannot be agreed"})
        if outcome == ModerationOutcome.AGREED:
            refuse_if_stale(award, "agreed")
        if outcome == ModerationOutcome.REFERRED_BACK and not reason.strip():
            raise Invalid({"reason": "say why the grade is referred back"})
        # The decision keeps the framework's judgements as the moderator saw them.
        seen = basis_of(inspection, award.framework)
        if seen_basis is not None and seen_basis != digest(seen):
            raise Invalid(
                {"award": "the judgements behind this award changed after the board was shown; read it again"}
            )
        decision = ModerationDecision.objects.create(
            award=award,
            moderator=actor,
            outcome=outcome,
            reason=reason.strip(),
            basis=seen,
            basis_hash=digest(seen),
        )
        audit.record(
            actor,
            "moderation.decided",
            decision,
            after=audit.snapshot(decision),
            note=f"{inspection.force}: {framework_label(award.framework)}",
        )
    return decision
