"""What may still change in an inspection, item by item.

Judgements, conditions and grades are signed off from the factual accuracy check on; findings, the
force context and the developing-practice selection are fixed once the report is published. After
publication an open correction (services/corrections.py) unlocks exactly the items it names; every
other item stays as published, and a refusal says what the correction does unlock."""

from __future__ import annotations

from django.db.models import Prefetch

from inspectorate.methodology.models import Framework, FrameworkGroup

from ..choices import Unlock
from ..models import Correction, CorrectionItem, Finding, Inspection
from .errors import NotAllowed

# The parts that are signed off at the factual accuracy check; the others stay open until publication.
_SIGNED_OFF = (Unlock.JUDGEMENTS, Unlock.CONDITIONS, Unlock.GRADE)
# The parts a correction names item by item (a framework, a group or a finding).
_NAMES_ONE = (Unlock.JUDGEMENTS, Unlock.CONDITIONS, Unlock.GRADE, Unlock.FINDINGS, Unlock.FINDING)


def open_correction_of(inspection: Inspection) -> Correction | None:
    """The inspection's open correction, with the items it unlocks (None when there is none)."""
    return (
        Correction.objects.open()
        .filter(inspection=inspection)
        .prefetch_related(Prefetch("items", queryset=CorrectionItem.objects.order_by("id")))
        .first()
    )


def is_fixed(inspection: Inspection, kind: str) -> bool:
    """Whether this part is past the stage at which it stops changing (before any correction)."""
    return inspection.is_locked if kind in _SIGNED_OFF else inspection.is_published


def _signed_off(inspection: Inspection, what: str) -> str:
    return (
        f"{what} can no longer change: the inspection is at the "
        f"{inspection.get_stage_display().lower()} stage and its judgements and grades are signed off"
    )


def _published(what: str) -> str:
    return f"{what} can no longer change: the report is published; a correction is a new version"


def changeable(
    inspection: Inspection,
    kind: str,
    *,
    framework: Framework | None = None,
    group: FrameworkGroup | None = None,
    finding: Finding | None = None,
    correction: Correction | None = None,
) -> bool:
    """Whether the item may change now (for pages deciding which forms to show)."""
    if not is_fixed(inspection, kind):
        return True
    if not inspection.is_published:
        return False
    correction = correction if correction is not None else open_correction_of(inspection)
    return correction is not None and _names(correction, kind, framework, group, finding)


def _names(
    correction: Correction,
    kind: str,
    framework: Framework | None,
    group: FrameworkGroup | None,
    finding: Finding | None,
) -> bool:
    if finding is not None:
        framework_id, group_id = finding.framework_id, finding.group_id
    else:
        framework_id = framework.pk if framework is not None else None
        group_id = group.pk if group is not None else None
    return correction.unlocks(
        kind,
        framework_id=framework_id,
        group_id=group_id,
        finding_id=finding.pk if finding is not None else None,
    )


def require_changeable(
    inspection: Inspection,
    what: str,
    kind: str,
    *,
    framework: Framework | None = None,
    group: FrameworkGroup | None = None,
    finding: Finding | None = None,
) -> None:
    """Raise NotAllowed unless the item may change: before its part is fixed, or, after publication,
    when the open correction names it. `kind` is one of `Unlock`; the item is a framework (its
    judgements, conditions, grade or findings), a group (its overview's findings) or a finding. An
    item the caller could not resolve (all None for a kind that names one) is left to the caller's
    validation, which refuses it."""
    if not is_fixed(inspection, kind):
        return
    if not inspection.is_published:
        raise NotAllowed(_signed_off(inspection, what))
    correction = open_correction_of(inspection)
    if correction is None:
        raise NotAllowed(_published(what))
    unresolved = framework is None and group is None and finding is None
    if _names(correction, kind, framework, group, finding) or (unresolved and kind in _NAMES_ONE):
        return
    item = _item_label(kind, framework, group, finding)
    raise NotAllowed(
        f"{what} can no longer change: the report is published and the open correction does not unlock "
        f"{item}; it unlocks only: {correction.summary()}"
    )


def _item_label(
    kind: str, framework: Framework | None, group: FrameworkGroup | None, finding: Finding | None
) -> str:
    if finding is not None:
        text = finding.text if len(finding.text) <= 60 else finding.text[:57] + "…"
        return f"the finding “{text}”"
    if framework is not None:
        nouns: dict[str, str] = {
            Unlock.JUDGEMENTS: "criterion judgements",
            Unlock.CONDITIONS: "Excellent conditions",
            Unlock.GRADE: "grade",
            Unlock.FINDINGS: "findings",
        }
        return f"the {nouns.get(kind, kind)} of {framework.code} {framework.name}"
    if group is not None:
        return f"the findings of the {group.name} overview"
    return str(Unlock(kind).label).lower() if kind in Unlock.values else kind
