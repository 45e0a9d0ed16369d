"""Findings (METHODOLOGY §6): strengths, work in progress, areas for improvement and recommendations
under a framework or a group's overview, kept in order; and the force's comments on them at the factual
accuracy check with the team's answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.models import Criterion, Framework, FrameworkGroup

from ..choices import FindingKind, Unlock
from ..models import Evidence, Finding, FindingComment, Inspection
from . import notices, versions
from .common import (
    Errors,
    allow,
    codes,
    in_scope,
    lock,
    require_team,
    require_unpublished,
    resolve_criteria,
    same_inspection,
)
from .errors import Invalid, NotAllowed
from .unlocking import require_changeable


def finding_state(finding: Finding) -> dict[str, Any]:
    state = audit.snapshot(finding)
    state["criteria"] = codes(finding.criteria.all())
    state["evidence"] = codes(finding.evidence.all())
    return state


def _siblings(finding: Finding) -> list[Finding]:
    """The list the finding is in (same inspection, framework or group, and kind), in order."""
    # A missing framework or group matches IS NULL, as a finding is under exactly one of them.
    same: dict[str, Any] = {
        "inspection_id": finding.inspection_id,
        "framework_id": finding.framework_id,
        "group_id": finding.group_id,
        "kind": finding.kind,
    }
    return list(Finding.objects.select_for_update().filter(**same).order_by("position", "id"))


def _renumber(findings: list[Finding]) -> None:
    for position, item in enumerate(findings):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


def _check_text(text: str, kind: str, errors: Errors) -> None:
    if not text.strip():
        errors.add("text", "write the finding")
    if kind not in FindingKind.values:
        errors.add("kind", f"choose one of {', '.join(FindingKind.values)}")


def _editable(actor: Any, finding: Finding) -> tuple[Finding, Inspection]:
    inspection = lock(finding.inspection)
    allow(Finding, actor, "change", finding)
    require_changeable(inspection, "Findings", Unlock.FINDING, finding=finding)
    return Finding.objects.select_for_update().get(pk=finding.pk), inspection


def add_finding(
    actor: Any,
    inspection: Inspection,
    *,
    kind: str,
    text: str,
    framework: Framework | str | None = None,
    group: FrameworkGroup | str | None = None,
    criteria: Iterable[Criterion | str] = (),
    evidence: Iterable[Evidence] = (),
) -> Finding:
    """Add a finding at the end of its list, under a framework in scope or under a group's overview."""
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        errors = Errors()
        _check_text(text, kind, errors)
        target_framework = target_group = None
        if (framework is None) == (group is None):
            errors.add("framework", "a finding goes under either a framework or a group's overview")
        elif framework is not None:
            target_framework = in_scope(inspection, framework, errors)
        else:
            assert group is not None
            target_group = _group_in_scope(inspection, group, errors)
        require_changeable(
            inspection, "Findings", Unlock.FINDINGS, framework=target_framework, group=target_group
        )
        linked = resolve_criteria(inspection, criteria, errors)
        items = same_inspection(inspection, evidence, errors, "evidence")
        errors.raise_any()
        finding = Finding(
            inspection=inspection,
            framework=target_framework,
            group=target_group,
            kind=kind,
            text=text.strip(),
            created_by=actor,
        )
        finding.position = len(_siblings(finding))
        finding.save()
        finding.criteria.set(linked)
        finding.evidence.set(items)
        audit.record(actor, "finding.added", finding, after=finding_state(finding))
    return finding


def _group_in_scope(
    inspection: Inspection, group: FrameworkGroup | str, errors: Errors
) -> FrameworkGroup | None:
    code = group.code if isinstance(group, FrameworkGroup) else str(group)
    found = (
        FrameworkGroup.objects.filter(
            programme=inspection.programme, code=code, frameworks__in=inspection.frameworks.all()
        )
        .distinct()
        .first()
    )
    if found is None:
        errors.add("group", f"{code} is not a group with a framework in this inspection's scope")
    return found


def edit_finding(
    actor: Any,
    finding: Finding,
    *,
    text: str | None = None,
    kind: str | None = None,
    criteria: Iterable[Criterion | str] | None = None,
    evidence: Iterable[Evidence] | None = None,
    expected_version: int | None = None,
) -> Finding:
    """Change a finding's text, kind (it then goes to the end of its new list), criteria or evidence.
    `expected_version`: the version the actor started from; a later save raises Conflict."""
    with transaction.atomic():
        finding, inspection = _editable(actor, finding)
        versions.check(finding, expected_version, "The finding", finding_state, actor)
        errors = Errors()
        _check_text(finding.text if text is None else text, finding.kind if kind is None else kind, errors)
        linked = resolve_criteria(inspection, criteria, errors) if criteria is not None else None
        items = same_inspection(inspection, evidence, errors, "evidence") if evidence is not None else None
        errors.raise_any()
        before = finding_state(finding)
        if text is not None:
            finding.text = text.strip()
        if kind is not None and kind != finding.kind:
            old_list = [f for f in _siblings(finding) if f.pk != finding.pk]
            finding.kind = kind
            finding.position = len(_siblings(finding))
            _renumber(old_list)
        versions.bump(finding)
        finding.save()
        if linked is not None:
            finding.criteria.set(linked)
        if items is not None:
            finding.evidence.set(items)
        audit.record(actor, "finding.changed", finding, before=before, after=finding_state(finding))
    return finding


def delete_finding(actor: Any, finding: Finding, *, expected_version: int | None = None) -> None:
    """Remove a finding. One the force has commented on stays, so the comment keeps its context. One
    changed since `expected_version` is not deleted unseen (Conflict)."""
    with transaction.atomic():
        finding, _ = _editable(actor, finding)
        versions.check(finding, expected_version, "The finding", finding_state, actor)
        if finding.comments.exists():
            raise NotAllowed("the force has commented on this finding: answer the comment or change the text")
        before = finding_state(finding)
        rest = [f for f in _siblings(finding) if f.pk != finding.pk]
        audit.record(actor, "finding.deleted", finding, before=before)
        finding.delete()
        _renumber(rest)


def move_finding(
    actor: Any,
    finding: Finding,
    *,
    direction: str | None = None,
    position: int | None = None,
    expected_version: int | None = None,
) -> Finding:
    """Move a finding one place "up" or "down", or to a `position` (0 is first) within its list. The
    moved finding's version goes up (`expected_version` as for `edit_finding`); its neighbours' do not."""
    with transaction.atomic():
        finding, _ = _editable(actor, finding)
        versions.check(finding, expected_version, "The finding", finding_state, actor)
        ordered = _siblings(finding)
        index = next(i for i, f in enumerate(ordered) if f.pk == finding.pk)
        if (direction is None) == (position is None):
            raise Invalid({"position": "give either a direction (up or down) or a position"})
        if direction is not None:
            if direction not in ("up", "down"):
                raise Invalid({"direction": "move up or down"})
            target = index - 1 if direction == "up" else index + 1
            if not 0 <= target < len(ordered):
                end = "first" if direction == "up" else "last"
                raise Invalid({"direction": f"the finding is already {end}"})
        else:
            assert position is not None
            if not 0 <= position < len(ordered):
                raise Invalid({"position": f"choose a position from 0 to {len(ordered) - 1}"})
            target = position
        before = {"position": index, "order": [f.pk for f in ordered]}
        moving = ordered.pop(index)
        ordered.insert(target, moving)
        _renumber(ordered)
        Finding.objects.filter(pk=finding.pk).update(version=finding.version + 1)
        finding.refresh_from_db()
        audit.record(
            actor,
            "finding.moved",
            finding,
            before=before,
            after={"position": target, "order": [f.pk for f in ordered]},
        )
    return finding


def comment_on_finding(actor: Any, finding: Finding, text: str) -> FindingComment:
    """The inspected force's liaison officer comments on a finding at the factual accuracy check."""
    with transaction.atomic():
        lock(finding.inspection)
        allow(Finding, actor, "comment", finding)
        if not text.strip():
            raise Invalid({"text": "write the comment"})
        comment = FindingComment.objects.create(finding=finding, author=actor, text=text.strip())
        audit.record(actor, "comment.added", comment, after=audit.snapshot(comment))
        notices.comment_to_answer(actor, comment)
    return comment


def respond_to_comment(actor: Any, comment: FindingComment, response: str) -> FindingComment:
    """The inspection team answers a force comment (an answer may be revised until publication)."""
    with transaction.atomic():
        inspection = lock(comment.finding.inspection)
        require_team(actor, inspection)
        require_unpublished(inspection, "Answers to force comments")
        if not response.strip():
            raise Invalid({"response": "write the answer"})
        comment = FindingComment.objects.select_for_update().get(pk=comment.pk)
        before = audit.snapshot(comment)
        comment.response = response.strip()
        comment.responded_by = actor
        comment.responded_at = timezone.now()
        comment.save()
        audit.record(actor, "comment.answered", comment, before=before, after=audit.snapshot(comment))
        notices.comment_answered(actor, comment)
    return comment
