"""Corrections after publication (METHODOLOGY §7): the inspection's lead inspector (or an
administrator) reopens a published inspection for correction with a reason, naming what it unlocks;
only those items can change (services/unlocking.py), and republishing (reports.publication
`publish_correction`) makes the next version of the report with a change note and closes the
correction in the same transaction. A correction can be cancelled instead; what it changed stays
changed in the records but unpublished until a later correction publishes it.

What a correction can name, as tokens (the form's choices and the API use the same):

- `finding:<id>`: one finding (its text, kind, criteria, evidence, place in its list, or its removal);
- `findings:<code>`: every finding of a framework, or of a group's overview (adding new ones too);
- `judgements:<code>` and `conditions:<code>`: a framework's criterion judgements or Excellent
  conditions, which also unlock its grade (a changed proposal needs the grade awarded again);
- `grade:<code>`: a framework's grade alone;
- `context`: the force overview and context; `practice`: the developing-practice selection.

A framework whose grading the correction reopens is moderated again: its award must stand as the
moderation stage needs it (no pending or rejected departure, not stale, no met without supporting
evidence) and, if it was awarded again or its judgements changed, a moderator must agree it again
before the correction is published."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.models import Framework, FrameworkGroup

from ..choices import GRADING_UNLOCKS, CorrectionStatus, Stage, Unlock
from ..models import Correction, CorrectionItem, Finding, Inspection
from . import workflow
from .common import Errors, allow, framework_label, lock
from .errors import Blocked, Invalid, NotAllowed
from .unlocking import open_correction_of

_AUDITED = [
    "inspection",
    "reason",
    "status",
    "corrects_version",
    "opened_by",
    "opened_at",
    "closed_by",
    "closed_at",
    "close_note",
    "published_version",
]


@dataclass(frozen=True)
class Choice:
    """One thing a correction may unlock, for the form: its token, label and the heading it sits under."""

    token: str
    label: str
    heading: str


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _finding_label(finding: Finding) -> str:
    under = framework_label(finding.framework) if finding.framework else f"{finding.group} overview"
    return f"Finding under {under} ({finding.get_kind_display().lower()}): “{_short(finding.text)}”"


def _groups(inspection: Inspection) -> list[FrameworkGroup]:
    return list(
        FrameworkGroup.objects.filter(
            programme=inspection.programme, frameworks__in=inspection.frameworks.all()
        )
        .distinct()
        .order_by("code")
    )


def unlock_choices(inspection: Inspection) -> list[Choice]:
    """Everything of this inspection a correction can name, in the report's order."""
    found: list[Choice] = []
    for framework in inspection.frameworks.order_by("position"):
        label = framework_label(framework)
        found += [
            Choice(f"judgements:{framework.code}", f"Criterion judgements of {label} (and its grade)", label),
            Choice(f"conditions:{framework.code}", f"Excellent conditions of {label} (and its grade)", label),
            Choice(f"grade:{framework.code}", f"Grade of {label}", label),
            Choice(f"findings:{framework.code}", f"All findings of {label}, adding new ones", label),
        ]
    for group in _groups(inspection):
        found.append(
            Choice(f"findings:{group.code}", f"All findings of the {group.name} overview", "Overviews")
        )
    findings = Finding.objects.filter(inspection=inspection).select_related("framework", "group")
    for finding in findings.order_by("framework__position", "group__code", "kind", "position", "id"):
        found.append(Choice(f"finding:{finding.pk}", _finding_label(finding), "Single findings"))
    found.append(Choice("context", "The force overview and context", "The report"))
    found.append(Choice("practice", "The developing-practice selection", "The report"))
    return found


def _resolve(inspection: Inspection, token: str) -> CorrectionItem | None:
    kind, _, rest = token.strip().partition(":")
    if kind in (Unlock.CONTEXT, Unlock.PRACTICE) and not rest:
        return CorrectionItem(kind=kind, token=kind, label=str(Unlock(kind).label))
    if kind == Unlock.FINDING:
        finding = (
            Finding.objects.filter(inspection=inspection, pk=int(rest))
            .select_related("framework", "group")
            .first()
            if rest.isdigit()
            else None
        )
        if finding is None:
            return None
        return CorrectionItem(
            kind=kind, finding=finding, token=f"finding:{finding.pk}", label=_finding_label(finding)[:400]
        )
    framework = inspection.frameworks.filter(code=rest).first() if rest else None
    if kind in GRADING_UNLOCKS and framework is not None:
        noun: dict[str, str] = {
            Unlock.JUDGEMENTS: "Criterion judgements",
            Unlock.CONDITIONS: "Excellent conditions",
        }
        label = f"{noun.get(kind, 'Grade')} of {framework_label(framework)}"
        return CorrectionItem(kind=kind, framework=framework, token=f"{kind}:{framework.code}", label=label)
    if kind == Unlock.FINDINGS and framework is not None:
        label = f"Findings of {framework_label(framework)}"
        return CorrectionItem(kind=kind, framework=framework, token=f"findings:{framework.code}", label=label)
    if kind == Unlock.FINDINGS and rest:
        group = next((g for g in _groups(inspection) if g.code == rest), None)
        if group is not None:
            label = f"Findings of the {group.name} overview"
            return CorrectionItem(kind=kind, group=group, token=f"findings:{group.code}", label=label)
    return None


def _items(inspection: Inspection, unlocks: Iterable[str], errors: Errors) -> list[CorrectionItem]:
    items: dict[str, CorrectionItem] = {}
    unknown = []
    for token in unlocks:
        item = _resolve(inspection, str(token))
        if item is None:
            unknown.append(str(token).strip() or "(empty)")
            continue
        items.setdefault(item.token, item)
        if item.kind in (Unlock.JUDGEMENTS, Unlock.CONDITIONS):
            # A changed proposal needs the grade awarded again, so the grade comes with them.
            assert item.framework is not None
            grade = _resolve(inspection, f"grade:{item.framework.code}")
            assert grade is not None
            items.setdefault(grade.token, grade)
    if unknown:
        errors.add(
            "unlocks", f"not something of this inspection a correction can unlock: {', '.join(unknown)}"
        )
    elif not items:
        errors.add(
            "unlocks", "choose what the correction unlocks: findings, grades, the context or the practice"
        )
    return list(items.values())


def _latest_version(inspection: Inspection) -> int | None:
    # The reports app holds the published versions (reports.PublishedReport, related as published_reports).
    return (
        inspection.published_reports.filter(superseded_by__isnull=True)
        .values_list("version", flat=True)
        .first()
    )


def correction_state(correction: Correction) -> dict[str, Any]:
    state = audit.snapshot(correction, _AUDITED)
    state["unlocks"] = [item.token for item in correction.items.order_by("id")]
    return state


def open_correction(actor: Any, inspection: Inspection, reason: str, unlocks: Iterable[str]) -> Correction:
    """Reopen a published inspection for correction: `reason` says why, `unlocks` names what may change
    (tokens, see the module). Only one correction of an inspection is open at a time."""
    with transaction.atomic():
        inspection = lock(inspection)
        allow(Inspection, actor, "correct", inspection)
        if not inspection.is_published or inspection.stage != Stage.PUBLISHED:
            raise NotAllowed("only a published report is corrected; before publication the team changes it")
        if inspection.imports.exists():
            raise NotAllowed(
                "this report was imported from its published document: it is corrected by importing the "
                "corrected document again (import-report --replace)"
            )
        current = open_correction_of(inspection)
        if current is not None:
            raise Blocked(
                [
                    f"a correction is already open (opened by {current.opened_by} on "
                    f"{timezone.localtime(current.opened_at):%d %B %Y}): publish it or cancel it first"
                ]
            )
        errors = Errors()
        if not (reason or "").strip():
            errors.add("reason", "say why the published report needs correcting")
        items = _items(inspection, unlocks, errors)
        version = _latest_version(inspection)
        if version is None:
            errors.add("inspection", "this inspection has no published version to correct")
        errors.raise_any()
        assert version is not None
        correction = Correction.objects.create(
            inspection=inspection, reason=reason.strip(), corrects_version=version, opened_by=actor
        )
        for item in items:
            item.correction = correction
            item.save()
        audit.record(
            actor,
            "correction.opened",
            correction,
            after=correction_state(correction),
            note=f"{inspection}: {correction.summary()}",
        )
    return correction


def _locked_open(actor: Any, correction: Correction, action: str) -> tuple[Correction, Inspection]:
    inspection = lock(correction.inspection)
    allow(Inspection, actor, action, inspection)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if not correction.is_open:
        raise NotAllowed(f"this correction is no longer open ({correction.get_status_display().lower()})")
    return correction, inspection


def cancel_correction(actor: Any, correction: Correction, note: str) -> Correction:
    """Close an open correction without publishing. What it changed stays changed in the records but is
    not published; the items lock again."""
    with transaction.atomic():
        correction, _ = _locked_open(actor, correction, "correct")
        if not (note or "").strip():
            raise Invalid({"note": "say why the correction is cancelled"})
        before = correction_state(correction)
        correction.status = CorrectionStatus.CANCELLED
        correction.closed_by, correction.closed_at = actor, timezone.now()
        correction.close_note = note.strip()
        correction.save()
        audit.record(
            actor,
            "correction.cancelled",
            correction,
            before=before,
            after=correction_state(correction),
            note=note,
        )
    return correction


def regraded_frameworks(correction: Correction) -> list[Framework]:
    ids = {
        item.framework_id
        for item in correction.items.all()
        if item.kind in GRADING_UNLOCKS and item.framework_id is not None
    }
    return list(correction.inspection.frameworks.filter(pk__in=ids).order_by("position"))


def correction_blockers(correction: Correction) -> list[str]:
    """What stops the correction being published, in plain English: the reopened grades as moderation
    and the factual accuracy check need them, and what publication needs of the whole report."""
    inspection = correction.inspection
    found = workflow.regraded_blockers(inspection, regraded_frameworks(correction))
    for blocker in workflow.blockers(inspection, Stage.PUBLISHED):
        if blocker not in found:
            found.append(blocker)
    return found


def close_published(actor: Any, correction: Correction, version: int, change_note: str) -> Correction:
    """Called by the reports app inside the transaction that publishes `version`: the correction is
    closed as published."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a correction is closed inside the transaction that publishes it")
    correction, _ = _locked_open(actor, correction, "publish")
    before = correction_state(correction)
    correction.status = CorrectionStatus.PUBLISHED
    correction.closed_by, correction.closed_at = actor, timezone.now()
    correction.close_note = change_note
    correction.published_version = version
    correction.save()
    audit.record(
        actor,
        "correction.published",
        correction,
        before=before,
        after=correction_state(correction),
        note=f"version {version}: {change_note}",
    )
    return correction


def for_publication(actor: Any, correction: Correction) -> tuple[Correction, Inspection]:
    """The open correction and its inspection, locked, for the reports app to publish (the lead
    inspector's "publish" action)."""
    return _locked_open(actor, correction, "publish")
