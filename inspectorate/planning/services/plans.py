"""Plans: create, solve (with the working kept), pin, discard and approve into planned inspections."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.forces.models import Force
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.methodology.models import Programme

from .. import solver
from ..models import Plan, PlanPin, PlanStatus
from ..problem import Candidate, InvalidProblem, Pin, Problem
from ..riskmodel import DEFAULT_MODEL, RiskModel, load_risk_model, model_from_text
from .common import require, require_rule
from .register import Register, build_register, current_model

# ---- plans ----------------------------------------------------------------------------------


def create_plan(
    actor: Any,
    *,
    code: str,
    name: str,
    programme: Programme,
    starts_on: datetime.date,
    capacity: int,
    quarters: int | None = None,
    mandatory: Iterable[str] = (),
    frameworks: Iterable[str] = (),
) -> Plan:
    require_rule(Plan, actor, "add")
    model, row = current_model()
    known = set(programme.frameworks.values_list("code", flat=True))
    errors = {}
    mandatory = [m.strip() for m in mandatory if m.strip()]
    frameworks = [f.strip() for f in frameworks if f.strip()]
    unknown = sorted((set(mandatory) | set(frameworks)) - known)
    if unknown:
        errors["mandatory"] = f"not frameworks of {programme.code}: {', '.join(unknown)}"
    if capacity <= 0:
        errors["capacity"] = "give the inspector-days available per quarter (more than 0)"
    if Plan.objects.filter(code=code).exists():
        errors["code"] = f"a plan {code!r} already exists"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        plan = Plan.objects.create(
            code=code,
            name=name or code,
            programme=programme,
            starts_on=starts_on,
            quarters=quarters or model.limits.quarters,
            capacity=capacity,
            mandatory=mandatory,
            frameworks=frameworks,
            model=row,
            model_label=model.label,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor, "planning.plan_created", plan, after=audit.snapshot(plan, ["code", "capacity", "quarters"])
        )
    return plan


def discard_plan(actor: Any, plan: Plan) -> None:
    """Remove a draft plan (its pins go with it); an approved one stays as the record."""
    require(Plan, actor, "change", plan)
    if plan.status == PlanStatus.APPROVED:
        raise NotAllowed("an approved programme is kept as the record; propose a new plan instead")
    with transaction.atomic():
        audit.record(
            actor, "planning.plan_discarded", plan, before=audit.snapshot(plan, ["code", "capacity"])
        )
        plan.delete()


def _plan_model(plan: Plan) -> RiskModel:
    return model_from_text(plan.model.text) if plan.model is not None else load_risk_model(DEFAULT_MODEL)


def _problem(plan: Plan, reg: Register, model: RiskModel) -> Problem:
    candidates = tuple(
        Candidate(
            s.force_code,
            s.framework_code,
            s.value,
            model.inspector_days(s.framework_code, reg.officers[s.force_code]),
            s.framework_code in plan.mandatory,
            tuple(s.main_reasons()),
        )
        for s in reg.scores
    )
    pins = tuple(
        Pin(p.force.code, p.framework_code, p.pinned_in, p.reason, p.quarter, p.by.get_username())
        for p in plan.pins.select_related("force", "by")
    )
    return Problem(
        candidates,
        (plan.capacity,) * plan.quarters,
        model.limits.per_force_per_quarter,
        model.thresholds.cut_off,
        pins,
    )


def require_solvable(actor: Any, plan: Plan) -> None:
    """NotAllowed unless the actor may solve the plan now (a page asks before it queues the solve)."""
    require(Plan, actor, "change", plan)
    if plan.status == PlanStatus.APPROVED:
        raise NotAllowed("the programme is approved; propose a new plan to change it")


def solve_plan(actor: Any, plan: Plan, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Score every force and framework, solve, keep the result with its working; audited."""
    require_solvable(actor, plan)
    say = progress or (lambda _message: None)
    say("scoring every force and framework")
    reg = build_register(actor, plan.programme, plan.starts_on, plan.frameworks)
    model = _plan_model(plan)
    problem = _problem(plan, reg, model)
    say(f"solving: {len(problem.candidates)} candidates x {problem.quarters} quarters")
    try:
        result = solver.plan(problem)
    except InvalidProblem as exc:
        raise Invalid({"pins": str(exc)}) from exc
    say("explaining the choice")
    data = result.to_dict()
    data["model"] = model.label
    data["as_of"] = plan.starts_on.isoformat()
    data["missing"] = reg.missing
    data["scores"] = {f"{s.force_code}|{s.framework_code}": s.to_dict() for s in reg.scores}
    data["force_names"] = reg.force_names
    data["framework_names"] = reg.framework_names
    with transaction.atomic():
        plan.result = data
        plan.solved_at = timezone.now()
        plan.save(update_fields=["result", "solved_at"])
        audit.record(
            actor,
            "planning.plan_solved",
            plan,
            after={
                "value": data["value"],
                "greedy": data["greedy"]["value"],
                "chosen": [f"{c['force']} {c['framework']} Q{c['quarter']}" for c in data["chosen"]],
                "pins": [
                    f"{'in' if p.pinned_in else 'out'} {p.force_code} {p.framework_code}"
                    for p in problem.pins
                ],
            },
        )
    return data


def pin(
    actor: Any,
    plan: Plan,
    *,
    force: Force,
    framework_code: str,
    pinned_in: bool,
    reason: str,
    quarter: int | None,
) -> PlanPin:
    require(Plan, actor, "pin", plan)
    errors = {}
    if plan.status == PlanStatus.APPROVED:
        raise NotAllowed("the programme is approved; its pins no longer change")
    if not plan.programme.frameworks.filter(code=framework_code).exists():
        errors["framework"] = f"{framework_code} is not a framework of {plan.programme.code}"
    if not reason.strip():
        errors["reason"] = "give the reason for the pin"
    if quarter is not None and not (1 <= quarter <= plan.quarters and pinned_in):
        errors["quarter"] = f"a quarter from 1 to {plan.quarters}, only for a pin in"
    if not pinned_in and framework_code in plan.mandatory:
        errors["framework"] = f"{framework_code} is mandatory for every force and cannot be pinned out"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        before = PlanPin.objects.filter(plan=plan, force=force, framework_code=framework_code).first()
        if before is not None:
            before.delete()
        row = PlanPin.objects.create(
            plan=plan,
            force=force,
            framework_code=framework_code,
            pinned_in=pinned_in,
            quarter=quarter,
            reason=reason.strip(),
            by=actor,
        )
        audit.record(
            actor,
            "planning.pinned",
            plan,
            after={
                "force": force.code,
                "framework": framework_code,
                "in": pinned_in,
                "quarter": quarter,
                "reason": row.reason,
            },
        )
    return row


def unpin(actor: Any, plan: Plan, pin_id: int) -> None:
    require(Plan, actor, "pin", plan)
    if plan.status == PlanStatus.APPROVED:
        raise NotAllowed("the programme is approved; its pins no longer change")
    with transaction.atomic():
        row = PlanPin.objects.filter(plan=plan, pk=pin_id).select_related("force").first()
        if row is None:
            raise Invalid({"pin": "no such pin on this plan"})
        audit.record(
            actor,
            "planning.unpinned",
            plan,
            before={
                "force": row.force.code,
                "framework": row.framework_code,
                "in": row.pinned_in,
                "reason": row.reason,
            },
        )
        row.delete()


def quarter_dates(plan: Plan, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = plan.starts_on
    month = start.month - 1 + 3 * (quarter - 1)
    first = datetime.date(start.year + month // 12, month % 12 + 1, 1)
    month += 3
    after = datetime.date(start.year + month // 12, month % 12 + 1, 1)
    return first, after - datetime.timedelta(days=1)


def approve_plan(actor: Any, plan: Plan, *, lead: Any | None = None) -> list[Any]:
    """Create the chosen inspections at stage planned (one per force and quarter, its frameworks as
    scope) through the inspection services, in one transaction with the approval; audited."""
    from inspectorate.inspections.services.inspections import create_inspection

    require(Plan, actor, "approve", plan)
    if plan.status == PlanStatus.APPROVED:
        raise NotAllowed("the programme is already approved")
    if not plan.result or not plan.result.get("feasible") or not plan.result.get("chosen"):
        raise Invalid({"plan": "solve the plan, with a programme that fits, before approving it"})
    # The approver leads the new inspections unless another lead inspector is named; the inspection
    # service checks that the lead is one.
    lead = lead or actor
    grouped: dict[tuple[str, int], list[str]] = {}
    for item in plan.result["chosen"]:
        grouped.setdefault((item["force"], item["quarter"]), []).append(item["framework"])
    created = []
    with transaction.atomic():
        forces = {f.code: f for f in Force.objects.filter(code__in={f for f, _q in grouped})}
        for (force_code, quarter), codes in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            starts, ends = quarter_dates(plan, quarter)
            created.append(
                create_inspection(
                    actor,
                    force=forces[force_code],
                    programme=plan.programme,
                    frameworks=codes,
                    lead=lead,
                    fieldwork_starts=starts,
                    fieldwork_ends=ends,
                    title=f"{forces[force_code].name}: {plan.name}, quarter {quarter}",
                    risk_based=True,
                )
            )
        plan.status = PlanStatus.APPROVED
        plan.approved_by = actor
        plan.approved_at = timezone.now()
        plan.save(update_fields=["status", "approved_by", "approved_at"])
        plan.inspections.set(created)
        audit.record(actor, "planning.plan_approved", plan, after={"inspections": [i.pk for i in created]})
    return created
