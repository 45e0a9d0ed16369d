"""Grades: awards with their stored trace, departures and their approval, and the met shares moderators
compare. The engine's proposal they rest on is built in `proposals`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.models import Criterion, Framework, Programme

from ..choices import LOCKED_STAGES, AwardStatus, Unlock
from ..models import Correction, CriterionJudgement, GradeAward, Inspection
from . import notices, versions
from .basis import basis_of, digest
from .common import Errors, allow, framework_label, in_scope, lock, require_team
from .errors import Invalid
from .proposals import framework_proposal, programme_ruleset, programme_scale
from .unlocking import require_changeable

# --- awards ----------------------------------------------------------------------------------------


def current_award(inspection: Inspection, framework: Framework) -> GradeAward | None:
    return (
        GradeAward.objects.filter(inspection=inspection, framework=framework)
        .exclude(status=AwardStatus.SUPERSEDED)
        .order_by("-awarded_at", "-id")
        .first()
    )


def award_state(award: GradeAward) -> dict[str, Any]:
    """An award as a conflict shows it: what was awarded and decided, without the trace and basis."""
    fields = ["id", "framework", "proposed_grade", "grade", "rationale", "status", "author"]
    fields += ["awarded_at", "decided_by", "decided_at", "decision_note", "version"]
    return audit.snapshot(award, fields)


def grade_name(programme: Programme, code: str) -> str:
    return programme.grade_names().get(code, code)


def award_grade(
    actor: Any,
    inspection: Inspection,
    framework: Framework | str,
    grade: str,
    rationale: str = "",
    *,
    expected_version: int | None = None,
) -> GradeAward:
    """Award a grade for a framework, storing the engine's proposal and trace as they are now, and the
    basis they were made from (services/basis.py). An award that differs from the proposal (or where
    none was proposed) needs a rationale and waits for a lead inspector other than its author. The
    award replaces (supersedes) the framework's previous one. `expected_version` is the version of the
    current award the actor started from (0: none yet); a newer award or decision raises Conflict."""
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        errors = Errors()
        target = in_scope(inspection, framework, errors)
        require_changeable(inspection, "Grades", Unlock.GRADE, framework=target)
        grades = inspection.programme.grade_names()
        if grade not in grades:
            errors.add("grade", f"choose one of {', '.join(grades)}")
        errors.raise_any()
        assert target is not None
        proposal = framework_proposal(inspection, target)
        basis = basis_of(inspection, target)
        agrees = proposal.grade is not None and proposal.grade == grade
        if not agrees and not rationale.strip():
            proposed = grade_name(inspection.programme, proposal.grade) if proposal.grade else "no grade"
            errors.add("rationale", f"the engine proposed {proposed}: this award needs a written rationale")
            errors.raise_any()
        previous = current_award(inspection, target)
        versions.check(previous, expected_version, f"The grade for {target.code}", award_state)
        before = audit.snapshot(previous) if previous is not None else None
        if previous is not None:
            previous.status = AwardStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        award = GradeAward.objects.create(
            inspection=inspection,
            framework=target,
            proposed_grade=proposal.grade or "",
            proposal_reason=proposal.reason or "",
            trace=proposal.trace.to_dict(),
            basis=basis,
            basis_hash=digest(basis),
            grade=grade,
            rationale=rationale.strip(),
            status=AwardStatus.NOT_NEEDED if agrees else AwardStatus.PENDING,
            author=actor,
            version=previous.version + 1 if previous is not None else 1,
        )
        audit.record(
            actor,
            "grade.awarded",
            award,
            before=before,
            after=audit.snapshot(award),
            note=framework_label(target),
        )
        notices.departure_awaits_approval(actor, award)
    return award


def decide_departure(
    actor: Any,
    award: GradeAward,
    approve: bool,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> GradeAward:
    """Approve or reject a pending departure (a lead inspector on the team, not the author). A
    rejection needs a note saying why. With `expected_version` (the award's version the actor saw), a
    decision or a newer award made meanwhile raises Conflict showing the framework's current award."""
    with transaction.atomic():
        inspection = lock(award.inspection)
        allow(GradeAward, actor, "view", award)
        award = GradeAward.objects.select_for_update().select_related("inspection").get(pk=award.pk)
        allow(GradeAward, actor, "approve", award)
        require_changeable(inspection, "Grades", Unlock.GRADE, framework=award.framework)
        if expected_version is not None:
            now = current_award(inspection, award.framework)
            seen = expected_version if now is not None and now.pk == award.pk else -1
            versions.check(now, seen, f"The grade for {award.framework.code}", award_state)
        if award.status != AwardStatus.PENDING:
            status = award.get_status_display().lower()
            raise Invalid({"award": f"this award is not awaiting approval ({status})"})
        if approve:
            # An approval applies to the award it was given for, as that award was made.
            from .staleness import refuse_if_stale

            refuse_if_stale(award, "approved")
        if not approve and not note.strip():
            raise Invalid({"note": "say why the departure is rejected"})
        before = audit.snapshot(award)
        award.status = AwardStatus.APPROVED if approve else AwardStatus.REJECTED
        award.decided_by = actor
        award.decided_at = timezone.now()
        award.decision_note = note.strip()
        versions.bump(award)
        award.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "version"])
        action = "grade.departure_approved" if approve else "grade.departure_rejected"
        audit.record(
            actor,
            action,
            award,
            before=before,
            after=audit.snapshot(award),
            note=framework_label(award.framework),
        )
        notices.departure_decided(actor, award)
    return award


def approval_queue(user: Any) -> QuerySet[GradeAward]:
    """Pending departures the user may decide: on inspections where the user is a lead inspector on
    the team (or its lead), not authored by the user, before sign-off."""
    return (
        GradeAward.objects.restrict(user, "approve")
        .filter(status=AwardStatus.PENDING)
        .filter(~Q(inspection__stage__in=LOCKED_STAGES) | Q(inspection__in=_being_corrected()))
        .select_related("inspection__force", "framework", "author")
        .order_by("awarded_at", "id")
    )


def _being_corrected() -> QuerySet[Any]:
    # A departure made during a correction after publication waits for approval like any other.
    return Correction.objects.open().values("inspection")


# --- met shares for moderation ---------------------------------------------------------------------


@dataclass(frozen=True)
class LevelShare:
    """Judgement counts of one criterion level and its weighted met share (None with nothing
    applicable). Not-yet-judged criteria are applicable, as in the engine."""

    level: str
    name: str
    met: int
    partly: int
    not_met: int
    na: int
    unjudged: int
    share: float | None

    @property
    def applicable(self) -> int:
        return self.met + self.partly + self.not_met + self.unjudged


def met_shares(inspection: Inspection, framework: Framework) -> dict[str, LevelShare]:
    """Per criterion level (lowest first): met, partly, not met, not applicable and unjudged counts, and
    the met share with *partly met* weighted as the programme's rule set says."""
    programme = inspection.programme
    weight = programme_ruleset(programme).partly_met_weight
    names = programme_scale(programme).level_names()
    values = dict(
        CriterionJudgement.objects.filter(inspection=inspection, criterion__framework=framework).values_list(
            "criterion_id", "value"
        )
    )
    counts: dict[str, dict[str, int]] = {level: {} for level in programme.levels}
    for criterion_id, level in Criterion.objects.filter(framework=framework).values_list("pk", "level"):
        value = values.get(criterion_id) or "unjudged"
        bucket = counts.setdefault(level, {})
        bucket[value] = bucket.get(value, 0) + 1
    shares = {}
    for level, bucket in counts.items():
        met, partly = bucket.get("met", 0), bucket.get("partly", 0)
        not_met, na, unjudged = bucket.get("not_met", 0), bucket.get("na", 0), bucket.get("unjudged", 0)
        applicable = met + partly + not_met + unjudged
        share = (met + weight * partly) / applicable if applicable else None
        shares[level] = LevelShare(level, names.get(level, level), met, partly, not_met, na, unjudged, share)
    return shares
