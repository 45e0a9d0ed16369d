"""The only way developing practice changes: a force submits an example, the inspection team selects or
declines it for its report, and an adoption by another force is recorded. Each service checks who is
acting, validates everything, and writes its change and an audit event in one transaction; refusals
are the inspection services' errors (NotAllowed, Invalid), raised before anything is written."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.accounts.access import decide, permits
from inspectorate.forces.models import Force
from inspectorate.inspections.choices import Unlock
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.services.common import code_of, framework_by_code
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.inspections.services.unlocking import require_changeable
from inspectorate.methodology.models import Framework, Programme

from .models import Adoption, PracticeExample, Status

TEXT_FIELDS = ("title", "problem", "solution", "outcomes", "contact_name", "contact_details")
_STATE_FIELDS = ["status", "selected_for", "selection_reason", "decided_by", "decided_at"]


def _framework(programme: Programme, framework: Framework | str, errors: dict[str, str]) -> Framework | None:
    found = framework_by_code(programme.frameworks.all(), framework)
    if found is None:
        errors["framework"] = f"{code_of(framework) or 'nothing'} is not an inspection area of {programme}"
    return found


def submit(
    actor: Any,
    *,
    programme: Programme,
    framework: Framework | str,
    title: str,
    problem: str,
    solution: str,
    outcomes: str,
    contact_name: str,
    contact_details: str,
    evaluated_by_force: bool,
    transferable: bool,
) -> PracticeExample:
    """A force liaison officer submits an example of their own force's practice."""
    may = permits(PracticeExample, actor, "add")
    if not may:
        raise NotAllowed(may.reason)
    errors: dict[str, str] = {}
    area = _framework(programme, framework, errors)
    texts = {
        "title": title,
        "problem": problem,
        "solution": solution,
        "outcomes": outcomes,
        "contact_name": contact_name,
        "contact_details": contact_details,
    }
    for field, value in texts.items():
        texts[field] = (value or "").strip()
        if not texts[field]:
            errors[field] = f"enter the {field.replace('_', ' ')}"
    if len(texts["title"]) > 200:
        errors["title"] = "the title must be 200 characters or fewer"
    if errors or area is None:
        raise Invalid(errors)
    with transaction.atomic():
        example = PracticeExample.objects.create(
            force_id=actor.force_id,
            programme=programme,
            framework=area,
            evaluated_by_force=bool(evaluated_by_force),
            transferable=bool(transferable),
            submitted_by=actor,
            **texts,
        )
        audit.record(actor, "practice.submitted", example, after=audit.snapshot(example))
    return example


def _decide_checks(actor: Any, example: PracticeExample, inspection: Inspection) -> None:
    for decision in (
        decide(Inspection, actor, "change", inspection),
        decide(PracticeExample, actor, "change", example),
    ):
        if not decision:
            raise NotAllowed(decision.reason)
    if example.force_id != inspection.force_id or example.programme_id != inspection.programme_id:
        raise NotAllowed(
            f"{example.title!r} is an example of {example.force} for {example.programme}; "
            f"this inspection is of {inspection.force} for {inspection.programme}"
        )
    # Fixed once the report is published, unless an open correction unlocks the selection.
    require_changeable(inspection, "The developing-practice selection", Unlock.PRACTICE)
    if example.status != Status.SUBMITTED and example.selected_for_id not in (None, inspection.pk):
        raise NotAllowed("another inspection has already decided on this example")


def _locked(example: PracticeExample, inspection: Inspection) -> tuple[PracticeExample, Inspection]:
    inspection = (
        Inspection.objects.select_for_update().select_related("force", "programme").get(pk=inspection.pk)
    )
    example = PracticeExample.objects.select_for_update().get(pk=example.pk)
    return example, inspection


def select(actor: Any, example: PracticeExample, inspection: Inspection, reason: str = "") -> PracticeExample:
    """The team selects a qualifying example to print under its area in the inspection's report."""
    with transaction.atomic():
        example, inspection = _locked(example, inspection)
        _decide_checks(actor, example, inspection)
        gaps = example.qualification_gaps()
        if gaps:
            raise Invalid({"example": f"{example.title!r} does not qualify: {' and '.join(gaps)}"})
        if not inspection.frameworks.filter(pk=example.framework_id).exists():
            raise Invalid(
                {
                    "example": f"{example.framework} is not in this inspection's scope, so the report has no "
                    "section to print the example under"
                }
            )
        return _set_decision(actor, example, inspection, Status.SELECTED, reason, "practice.selected")


def decline(actor: Any, example: PracticeExample, inspection: Inspection, reason: str) -> PracticeExample:
    """The team decides not to print an example (or takes back a selection before publication)."""
    if not (reason or "").strip():
        raise Invalid({"reason": "say why the example is not selected"})
    with transaction.atomic():
        example, inspection = _locked(example, inspection)
        _decide_checks(actor, example, inspection)
        return _set_decision(actor, example, inspection, Status.DECLINED, reason, "practice.declined")


def _set_decision(
    actor: Any, example: PracticeExample, inspection: Inspection, status: str, reason: str, action: str
) -> PracticeExample:
    before = audit.snapshot(example, _STATE_FIELDS)
    example.status = status
    example.selected_for = inspection
    example.selection_reason = (reason or "").strip()
    example.decided_by = actor
    example.decided_at = timezone.now()
    example.save(update_fields=_STATE_FIELDS)
    audit.record(actor, action, example, before=before, after=audit.snapshot(example, _STATE_FIELDS))
    return example


def record_adoption(
    actor: Any,
    example: PracticeExample,
    *,
    adopting_force: Force,
    adopted_on: datetime.date,
    note: str = "",
) -> Adoption:
    """Another force has adopted the example: evidence for the owning force's beacon condition."""
    may = decide(PracticeExample, actor, "adopt", example)
    if not may:
        raise NotAllowed(may.reason)
    errors: dict[str, str] = {}
    if adopting_force.pk == example.force_id:
        errors["adopting_force"] = "a force cannot adopt its own example"
    elif Adoption.objects.filter(example=example, adopting_force=adopting_force).exists():
        errors["adopting_force"] = f"{adopting_force} has already been recorded as adopting this example"
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = "the adoption date cannot be in the future"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        adoption = Adoption.objects.create(
            example=example,
            adopting_force=adopting_force,
            adopted_on=adopted_on,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        # Decided on the row as written, so the adopting force is part of the decision; a refusal
        # rolls the row back.
        written = decide(Adoption, actor, "add", adoption)
        if not written:
            raise NotAllowed(written.reason)
        audit.record(actor, "practice.adoption_recorded", adoption, after=audit.snapshot(adoption))
    return adoption
