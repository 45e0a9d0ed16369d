"""Planning an inspection: who leads it and works on it, what it covers, when fieldwork happens, and the
force's context texts printed in the report."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.accounts.access import rule_for
from inspectorate.forces.models import Force
from inspectorate.methodology.models import Framework, FrameworkKind, Programme

from ..choices import Unlock
from ..models import Inspection, ProgrammePolicy
from ..models.rules import may_join_team, may_lead
from .common import (
    Errors,
    codes,
    lock,
    require_lead,
    require_team,
    require_unpublished,
    resolve_frameworks,
    usernames,
)
from .errors import NotAllowed
from .unlocking import require_changeable

# The force overview and context sections of the report, in the order printed.
CONTEXT_SECTIONS = {
    "geography": "Geography",
    "demography": "Demography",
    "strategic_priorities": "Strategic priorities",
    "developments": "Developments since the last inspection",
}


def inspection_state(inspection: Inspection) -> dict[str, Any]:
    """What the audit log keeps of an inspection: its fields, scope and team."""
    state = audit.snapshot(inspection)
    state["frameworks"] = codes(inspection.frameworks.all())
    state["inspectors"] = usernames(inspection.inspectors.all())
    state["lead"] = inspection.lead.get_username()
    return state


def _check_lead(lead: Any, errors: Errors) -> None:
    if not may_lead(lead):
        errors.add("lead", "the lead must be an active lead inspector (HMI)")


def _check_inspectors(inspectors: Iterable[Any], errors: Errors) -> list[Any]:
    team = []
    for user in inspectors:
        if not may_join_team(user):
            errors.add("inspectors", f"{user.get_username()} is not an active inspector or lead inspector")
        elif user not in team:
            team.append(user)
    return team


def _check_dates(starts: datetime.date | None, ends: datetime.date | None, errors: Errors) -> None:
    if starts is not None and ends is not None and ends < starts:
        errors.add("fieldwork_ends", "fieldwork cannot end before it starts")


def create_inspection(
    actor: Any,
    *,
    force: Force,
    programme: Programme,
    frameworks: Iterable[Framework | str],
    lead: Any,
    inspectors: Iterable[Any] = (),
    fieldwork_starts: datetime.date | None = None,
    fieldwork_ends: datetime.date | None = None,
    title: str = "",
    is_demonstration: bool = False,
    demonstration_note: str = "",
    risk_based: bool = False,
) -> Inspection:
    """Plan an inspection of one force under one programme (lead inspectors and administrators).
    `risk_based`: chosen by the risk-based programme (planning), which may also inspect the
    programme's risk-based and planned frameworks."""
    rule = rule_for(Inspection, actor, "add")
    if not rule.everything:
        raise NotAllowed(rule.reason)
    errors = Errors()
    chosen = resolve_frameworks(programme, frameworks, errors)
    for framework in chosen:
        if FrameworkKind.PROGRAMMED not in framework.kinds and not risk_based:
            errors.add("frameworks", f"{framework.code} is not a programmed framework of {programme}")
    if not chosen and "frameworks" not in errors:
        errors.add("frameworks", "choose at least one framework to inspect")
    _check_lead(lead, errors)
    team = _check_inspectors(inspectors, errors)
    _check_dates(fieldwork_starts, fieldwork_ends, errors)
    if is_demonstration and not demonstration_note.strip():
        errors.add("demonstration_note", "say what this demonstration reconstructs")
    errors.raise_any()

    with transaction.atomic():
        inspection = Inspection.objects.create(
            force=force,
            programme=programme,
            title=title.strip(),
            lead=lead,
            fieldwork_starts=fieldwork_starts,
            fieldwork_ends=fieldwork_ends,
            is_demonstration=is_demonstration,
            demonstration_note=demonstration_note.strip(),
            created_by=actor,
        )
        inspection.frameworks.set(chosen)
        inspection.inspectors.set(team)
        audit.record(actor, "inspection.created", inspection, after=inspection_state(inspection))
    return inspection


def _require_planner(actor: Any, inspection: Inspection) -> None:
    require_lead(actor, inspection, "plan")


def update_team(
    actor: Any, inspection: Inspection, *, lead: Any = None, inspectors: Iterable[Any] | None = None
) -> Inspection:
    """Change the lead inspector and/or the inspectors (the lead inspector or an administrator)."""
    with transaction.atomic():
        inspection = lock(inspection)
        _require_planner(actor, inspection)
        require_unpublished(inspection, "The team")
        errors = Errors()
        if lead is not None:
            _check_lead(lead, errors)
        team = _check_inspectors(inspectors, errors) if inspectors is not None else None
        errors.raise_any()
        before = inspection_state(inspection)
        if lead is not None:
            inspection.lead = lead
            inspection.save(update_fields=["lead"])
        if team is not None:
            inspection.inspectors.set(team)
        _changed(actor, inspection, before, "team")
    return inspection


def update_dates(
    actor: Any,
    inspection: Inspection,
    *,
    fieldwork_starts: datetime.date | None,
    fieldwork_ends: datetime.date | None,
) -> Inspection:
    """Set the fieldwork dates (the lead inspector or an administrator)."""
    with transaction.atomic():
        inspection = lock(inspection)
        _require_planner(actor, inspection)
        require_unpublished(inspection, "The fieldwork dates")
        errors = Errors()
        _check_dates(fieldwork_starts, fieldwork_ends, errors)
        errors.raise_any()
        before = inspection_state(inspection)
        inspection.fieldwork_starts = fieldwork_starts
        inspection.fieldwork_ends = fieldwork_ends
        inspection.save(update_fields=["fieldwork_starts", "fieldwork_ends"])
        _changed(actor, inspection, before, "fieldwork dates")
    return inspection


def set_context(
    actor: Any,
    inspection: Inspection,
    *,
    context: Mapping[str, str] | None = None,
    framework_context: Mapping[str, str] | None = None,
) -> Inspection:
    """Write the force overview sections (`CONTEXT_SECTIONS`) and each framework's force contextual
    factors (by framework code). Given keys replace their text; an empty text removes it."""
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        require_changeable(inspection, "The force context", Unlock.CONTEXT)
        errors = Errors()
        new_context = dict(inspection.context)
        for key, text in (context or {}).items():
            if key not in CONTEXT_SECTIONS:
                errors.add(f"context.{key}", f"unknown section (use one of {', '.join(CONTEXT_SECTIONS)})")
            else:
                _put(new_context, key, text)
        new_framework_context = dict(inspection.framework_context)
        scope = set(codes(inspection.frameworks.all()))
        for key, text in (framework_context or {}).items():
            if key not in scope:
                errors.add(f"framework_context.{key}", "not a framework in this inspection's scope")
            else:
                _put(new_framework_context, key, text)
        errors.raise_any()
        before = inspection_state(inspection)
        inspection.context = new_context
        inspection.framework_context = new_framework_context
        inspection.save(update_fields=["context", "framework_context"])
        _changed(actor, inspection, before, "force context")
    return inspection


def _changed(actor: Any, inspection: Inspection, before: dict[str, Any], what: str) -> None:
    audit.record(
        actor, "inspection.changed", inspection, before=before, after=inspection_state(inspection), note=what
    )


def _put(texts: dict[str, str], key: str, text: str) -> None:
    if text.strip():
        texts[key] = text.strip()
    else:
        texts.pop(key, None)


def set_programme_policy(
    actor: Any, programme: Programme, *, met_needs_verified_evidence: bool, sensitive_groups: list[str] | None
) -> ProgrammePolicy:
    """Administrators set how the services apply a programme's rules (see ProgrammePolicy)."""
    rule = rule_for(ProgrammePolicy, actor, "change")
    if not rule.everything:
        raise NotAllowed(rule.reason)
    errors = Errors()
    known = set(programme.groups.values_list("code", flat=True))
    for code in sensitive_groups or []:
        if code not in known:
            errors.add("sensitive_groups", f"{code} is not a group of {programme}")
    errors.raise_any()
    with transaction.atomic():
        stored, _ = ProgrammePolicy.objects.select_for_update().get_or_create(programme=programme)
        before = audit.snapshot(stored)
        stored.met_needs_verified_evidence = met_needs_verified_evidence
        stored.sensitive_groups = sorted(sensitive_groups) if sensitive_groups is not None else None
        stored.save()
        audit.record(actor, "programme_policy.changed", stored, before=before, after=audit.snapshot(stored))
    return stored
