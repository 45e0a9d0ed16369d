"""Evidence (METHODOLOGY §4): recording items, their verification, the criteria they bear on and their
files."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.models import Criterion, Framework

from ..choices import Marking, SourceType, Verification
from ..models import CriterionJudgement, Evidence, EvidenceFile, Inspection, VerificationEvent
from . import files, versions
from .common import (
    Errors,
    allow,
    codes,
    in_scope,
    lock,
    require_team,
    require_unlocked,
    resolve_criteria,
    sensitive_groups,
)
from .errors import Invalid

_EDITABLE = (
    "source_type",
    "title",
    "summary",
    "collected_by",
    "collected_on",
    "effective_date",
    "outside_period_reason",
    "marking",
    "frameworks",
)


def evidence_state(evidence: Evidence) -> dict[str, Any]:
    state = audit.snapshot(evidence)
    state["criteria"] = codes(evidence.criteria.all())
    state["frameworks"] = codes(evidence.frameworks.all())
    state["outside_period"] = evidence.outside_period
    return state


def _editable(actor: Any, evidence: Evidence, action: str = "change") -> tuple[Evidence, Inspection]:
    """Inside a transaction: the item and its inspection, locked, once the actor may change them."""
    inspection = lock(evidence.inspection)
    allow(Evidence, actor, action, evidence)
    require_unlocked(inspection, "Evidence")
    return Evidence.objects.select_for_update().get(pk=evidence.pk), inspection


def _is_sensitive_by_default(inspection: Inspection, frameworks: Iterable[Framework]) -> bool:
    groups = {group.pk for group in sensitive_groups(inspection.programme)}
    return any(framework.group_id in groups for framework in frameworks)


def _bears_on(inspection: Inspection, given: Iterable[Framework | str], errors: Errors) -> list[Framework]:
    found: list[Framework] = []
    for item in given:
        framework = in_scope(inspection, item, errors, "frameworks")
        if framework is not None and framework not in found:
            found.append(framework)
    return found


def _next_reference(inspection: Inspection) -> str:
    numbers = [
        int(m.group(1))
        for ref in inspection.evidence.values_list("reference", flat=True)
        if (m := re.fullmatch(r"E(\d+)", ref))
    ]
    return f"E{max(numbers, default=0) + 1:03d}"


def _check_fields(inspection: Inspection, values: dict[str, Any], errors: Errors) -> None:
    if "source_type" in values and values["source_type"] not in SourceType.values:
        errors.add("source_type", f"choose one of {', '.join(SourceType.values)}")
    for field, limit in (("title", 200), ("summary", None)):
        if field in values:
            text = str(values[field] or "").strip()
            if not text:
                errors.add(field, "this cannot be empty")
            elif limit is not None and len(text) > limit:
                errors.add(field, f"at most {limit} characters")
            values[field] = text
    if "collected_by" in values and not inspection.is_on_team(values["collected_by"]):
        errors.add("collected_by", "evidence is collected by a member of the inspection team")
    for field in ("collected_on", "effective_date"):
        if field in values and not isinstance(values[field], datetime.date):
            errors.add(field, "give a date")
    collected = values.get("collected_on")
    if isinstance(collected, datetime.date) and collected > timezone.localdate():
        errors.add("collected_on", "evidence cannot have been collected in the future")
    if "marking" in values and values["marking"] not in Marking.values:
        errors.add("marking", f"choose one of {', '.join(Marking.values)}")
    if "outside_period_reason" in values:
        values["outside_period_reason"] = str(values["outside_period_reason"] or "").strip()


def add_evidence(
    actor: Any,
    inspection: Inspection,
    *,
    source_type: str,
    title: str,
    summary: str,
    collected_on: datetime.date,
    effective_date: datetime.date,
    collected_by: Any = None,
    outside_period_reason: str = "",
    marking: str | None = None,
    criteria: Iterable[Criterion | str] = (),
    frameworks: Iterable[Framework | str] = (),
    reference: str = "",
    file: Any = None,
) -> Evidence:
    """Record an evidence item. `collected_by` defaults to the actor, `reference` to the next E-number;
    `marking` defaults to OFFICIAL-SENSITIVE when the item bears on a framework of a sensitive group
    (PVP in 2007). An effective date outside the assessment period is allowed but flagged.

    `file` (as for `attach_file`) is stored with the item in the same transaction: a refused file is
    reported on `file` beside every other problem, and then nothing is recorded."""
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        require_unlocked(inspection, "Evidence")
        values: dict[str, Any] = {
            "source_type": source_type,
            "title": title,
            "summary": summary,
            "collected_on": collected_on,
            "effective_date": effective_date,
            "collected_by": collected_by or actor,
            "outside_period_reason": outside_period_reason,
        }
        if marking is not None:
            values["marking"] = marking
        errors = Errors()
        _check_fields(inspection, values, errors)
        linked = resolve_criteria(inspection, criteria, errors)
        bears_on = _bears_on(inspection, frameworks, errors)
        reference = reference.strip() or _next_reference(inspection)
        if len(reference) > 20:
            errors.add("reference", "at most 20 characters")
        elif inspection.evidence.filter(reference=reference).exists():
            errors.add("reference", f"{reference} is already used in this inspection")
        stored = _store(file, errors) if file is not None else None
        try:
            errors.raise_any()
            if marking is None:
                touched = bears_on + [c.framework for c in linked]
                sensitive = _is_sensitive_by_default(inspection, touched)
                values["marking"] = Marking.OFFICIAL_SENSITIVE if sensitive else Marking.OFFICIAL
            evidence = Evidence.objects.create(inspection=inspection, reference=reference, **values)
            evidence.criteria.set(linked)
            evidence.frameworks.set(bears_on)
            audit.record(actor, "evidence.added", evidence, after=evidence_state(evidence))
            if stored is not None:
                _keep(actor, evidence, stored)
        except BaseException:
            if stored is not None:
                files.discard(stored.storage_name)
            raise
    return evidence


def _store(upload: Any, errors: Errors) -> files.StoredFile | None:
    """The upload in private storage, or None with its problem added to `errors`."""
    try:
        return files.store(upload, getattr(upload, "name", "") or "evidence")
    except Invalid as refused:
        for field, message in refused.errors.items():
            errors.add(field, message)
        return None


def _keep(actor: Any, evidence: Evidence, stored: files.StoredFile) -> EvidenceFile:
    """Record a stored file as the item's, audited (inside the caller's transaction)."""
    attached = EvidenceFile.objects.create(
        evidence=evidence,
        storage_name=stored.storage_name,
        original_name=stored.original_name,
        size=stored.size,
        media_type=stored.media_type,
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    audit.record(actor, "evidence.file_attached", evidence, after=audit.snapshot(attached))
    return attached


def update_evidence(
    actor: Any, evidence: Evidence, *, expected_version: int | None = None, **changes: Any
) -> Evidence:
    """Change any of `source_type`, `title`, `summary`, `collected_by`, `collected_on`,
    `effective_date`, `outside_period_reason`, `marking` and `frameworks`. `expected_version` (every
    evidence service takes it) is the version the actor started from; a later save raises Conflict."""
    unknown = sorted(set(changes) - set(_EDITABLE))
    if unknown:
        raise Invalid({field: "this field cannot be changed here" for field in unknown})
    with transaction.atomic():
        evidence, inspection = _editable(actor, evidence)
        versions.check(evidence, expected_version, f"Evidence {evidence.reference}", evidence_state, actor)
        errors = Errors()
        values = {k: v for k, v in changes.items() if k != "frameworks"}
        _check_fields(inspection, values, errors)
        bears_on = _bears_on(inspection, changes["frameworks"], errors) if "frameworks" in changes else None
        if (
            values.get("source_type") == SourceType.FORCE_SELF_ASSESSMENT
            and evidence.verification == Verification.VERIFIED
        ):
            errors.add(
                "source_type",
                "a self-assessment is verified only by an independent check: reset the verification first",
            )
        if evidence.submitted_by_id is not None and values.get("source_type", evidence.source_type) != (
            evidence.source_type
        ):
            errors.add("source_type", "what the force submitted stays a force self-assessment")
        errors.raise_any()
        before = evidence_state(evidence)
        for field, value in values.items():
            setattr(evidence, field, value)
        versions.bump(evidence)
        evidence.save()
        if bears_on is not None:
            evidence.frameworks.set(bears_on)
        audit.record(actor, "evidence.changed", evidence, before=before, after=evidence_state(evidence))
    return evidence


def _move(
    actor: Any,
    evidence: Evidence,
    to_state: str,
    note: str,
    corroborating: Evidence | None = None,
    expected_version: int | None = None,
    tested_in_practice: bool = False,
) -> Evidence:
    with transaction.atomic():
        evidence, _ = _editable(actor, evidence, "verify")
        versions.check(evidence, expected_version, f"Evidence {evidence.reference}", evidence_state, actor)
        from_state = evidence.verification
        errors = Errors()
        note = note.strip()
        if to_state == Verification.VERIFIED:
            if from_state == Verification.VERIFIED:
                errors.add("to_state", f"{evidence.reference} is already verified")
            elif evidence.source_type == SourceType.FORCE_SELF_ASSESSMENT:
                _check_independent(evidence, corroborating, tested_in_practice, errors)
            elif corroborating is not None:
                _check_corroborating(evidence, corroborating, errors)
            if not note:
                errors.add("note", "say what was checked: the original seen, or how it was tested")
        elif to_state == Verification.CORROBORATED:
            if from_state != Verification.UNVERIFIED:
                errors.add(
                    "to_state",
                    f"only unverified evidence can be corroborated ({evidence.reference} "
                    f"is {evidence.get_verification_display().lower()})",
                )
            if corroborating is not None:
                _check_corroborating(evidence, corroborating, errors)
            elif not note:
                errors.add("note", "name the independent source that agrees, or choose the item")
        else:
            if from_state == Verification.UNVERIFIED:
                errors.add("to_state", f"{evidence.reference} is already unverified")
            if not note:
                errors.add("note", "say why the verification is reset")
        errors.raise_any()
        before = evidence_state(evidence)
        evidence.verification = to_state
        reset = to_state == Verification.UNVERIFIED
        evidence.verified_by = None if reset else actor
        evidence.verified_at = None if reset else timezone.now()
        versions.bump(evidence)
        evidence.save(update_fields=["verification", "verified_by", "verified_at", "updated_at", "version"])
        VerificationEvent.objects.create(
            evidence=evidence,
            from_state=from_state,
            to_state=to_state,
            by=actor,
            note=note,
            corroborating=corroborating,
            tested_in_practice=tested_in_practice and to_state == Verification.VERIFIED,
        )
        audit.record(
            actor,
            "evidence.verification_changed",
            evidence,
            before=before,
            after=evidence_state(evidence),
            note=note,
        )
    return evidence


def _check_corroborating(evidence: Evidence, other: Evidence, errors: Errors) -> None:
    if other.inspection_id != evidence.inspection_id:
        errors.add("corroborating", "the corroborating item must belong to the same inspection")
    elif other.pk == evidence.pk:
        errors.add("corroborating", "an item cannot corroborate itself")
    elif other.source_type == SourceType.FORCE_SELF_ASSESSMENT:
        errors.add("corroborating", "a force self-assessment is not an independent source")


def _check_independent(
    evidence: Evidence, corroborating: Evidence | None, tested_in_practice: bool, errors: Errors
) -> None:
    """A force self-assessment alone can never make an item verified (§4): reading the force's own
    document again checks nothing, so the team names the independent check, an item of the inspection
    that is not itself a self-assessment, or what it tested in practice (the note says how)."""
    if corroborating is not None:
        _check_corroborating(evidence, corroborating, errors)
    elif not tested_in_practice:
        errors.add(
            "to_state",
            "a force self-assessment is verified only by an independent check: choose the corroborating "
            "item that is not a self-assessment, or say that it was tested in practice and how",
        )


def corroborate_evidence(
    actor: Any,
    evidence: Evidence,
    *,
    corroborating: Evidence | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Evidence:
    """Unverified → corroborated: a second, independent item of the inspection (not a force
    self-assessment) agrees, or `note` names the independent source."""
    return _move(actor, evidence, Verification.CORROBORATED, note, corroborating, expected_version)


def verify_evidence(
    actor: Any,
    evidence: Evidence,
    note: str,
    *,
    corroborating: Evidence | None = None,
    tested_in_practice: bool = False,
    expected_version: int | None = None,
) -> Evidence:
    """Unverified or corroborated → verified; `note` says what was checked. A force self-assessment
    needs the independent check named: `corroborating` (an item of the inspection that is not a
    self-assessment) or `tested_in_practice` (the note says how). Only the team verifies (the evidence
    rule's "verify"), never the force."""
    return _move(
        actor, evidence, Verification.VERIFIED, note, corroborating, expected_version, tested_in_practice
    )


def reset_verification(
    actor: Any, evidence: Evidence, note: str, *, expected_version: int | None = None
) -> Evidence:
    """Back to unverified, saying why."""
    return _move(actor, evidence, Verification.UNVERIFIED, note, expected_version=expected_version)


def link_criteria(
    actor: Any,
    evidence: Evidence,
    criteria: Iterable[Criterion | str],
    *,
    expected_version: int | None = None,
) -> Evidence:
    """Link the item to criteria of the inspection's frameworks. An OFFICIAL item that comes to bear on
    a framework of a sensitive group for the first time becomes OFFICIAL-SENSITIVE."""
    with transaction.atomic():
        evidence, inspection = _editable(actor, evidence)
        versions.check(evidence, expected_version, f"Evidence {evidence.reference}", evidence_state, actor)
        errors = Errors()
        adding = resolve_criteria(inspection, criteria, errors)
        errors.raise_any()
        before = evidence_state(evidence)
        known = {c.framework_id for c in evidence.criteria.all()} | set(
            evidence.frameworks.values_list("pk", flat=True)
        )
        new_frameworks = [c.framework for c in adding if c.framework_id not in known]
        evidence.criteria.add(*adding)
        if evidence.marking == Marking.OFFICIAL and _is_sensitive_by_default(inspection, new_frameworks):
            evidence.marking = Marking.OFFICIAL_SENSITIVE
        versions.bump(evidence)
        evidence.save(update_fields=["marking", "updated_at", "version"])
        audit.record(actor, "evidence.linked", evidence, before=before, after=evidence_state(evidence))
    return evidence


def unlink_criteria(
    actor: Any,
    evidence: Evidence,
    criteria: Iterable[Criterion | str],
    *,
    expected_version: int | None = None,
) -> Evidence:
    """Remove links; the item no longer supports those criteria's judgements either."""
    with transaction.atomic():
        evidence, inspection = _editable(actor, evidence)
        versions.check(evidence, expected_version, f"Evidence {evidence.reference}", evidence_state, actor)
        errors = Errors()
        removing = resolve_criteria(inspection, criteria, errors)
        errors.raise_any()
        before = evidence_state(evidence)
        evidence.criteria.remove(*removing)
        versions.bump(evidence)
        evidence.save(update_fields=["updated_at", "version"])
        for judgement in CriterionJudgement.objects.filter(inspection=inspection, criterion__in=removing):
            judgement.evidence.remove(evidence)
        audit.record(actor, "evidence.linked", evidence, before=before, after=evidence_state(evidence))
    return evidence


def attach_file(
    actor: Any,
    evidence: Evidence,
    upload: Any,
    name: str | None = None,
    *,
    expected_version: int | None = None,
) -> EvidenceFile:
    """Store a file for an item that has none (a different file is a new item). `upload` is bytes, a
    binary file object or an UploadedFile; its claimed content type is ignored."""
    with transaction.atomic():
        evidence, _ = _editable(actor, evidence)
        versions.check(evidence, expected_version, f"Evidence {evidence.reference}", evidence_state, actor)
        if EvidenceFile.objects.filter(evidence=evidence).exists():
            message = f"{evidence.reference} already has a file; record another file as a new item"
            raise Invalid({"file": message})
        stored = files.store(upload, name or getattr(upload, "name", "") or "evidence")
        try:
            attached = _keep(actor, evidence, stored)
            versions.bump(evidence)
            evidence.save(update_fields=["updated_at", "version"])
        except BaseException:
            files.discard(stored.storage_name)
            raise
    return attached


@dataclass(frozen=True)
class Download:
    """An evidence file opened for sending: serve it as an attachment with `nosniff`."""

    name: str
    media_type: str
    size: int
    sha256: str
    stream: IO[bytes]


def open_file(actor: Any, evidence: Evidence) -> Download:
    """Open an item's file for the actor, after the download access check (the inspection team; a force
    liaison officer for the items they submitted; never moderators or the public)."""
    allow(Evidence, actor, "download", evidence)
    attached = EvidenceFile.objects.filter(evidence=evidence).first()
    if attached is None:
        raise Invalid({"file": f"{evidence.reference} has no file"})
    stream = files.storage_path(attached.storage_name).open("rb")
    # Who read which file, and when, is part of the record of sensitive evidence.
    with transaction.atomic():
        audit.record(
            actor,
            "evidence.file_downloaded",
            evidence,
            after={"file": attached.original_name, "sha256": attached.sha256, "size": attached.size},
        )
    return Download(attached.original_name, attached.media_type, attached.size, attached.sha256, stream)
