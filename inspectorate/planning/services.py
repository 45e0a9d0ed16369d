"""Planning services: each holds the transaction, the access decision (the models' access rules,
through `decide`/`rule_for`) and the audit write. Views, the API and the CLI call only these."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.accounts.access import Decision, RestrictedQuerySet, rule_for
from inspectorate.forces.models import Force
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.methodology.models import Programme

from . import solver
from .models import (
    Engagement,
    EngagementStatus,
    Level,
    Plan,
    PlanPin,
    PlanStatus,
    RiskAssessment,
    RiskModelVersion,
)
from .riskmodel import DEFAULT_MODEL, RiskModel, load_risk_model, model_from_text
from .scoring import Score, proposed_for_scan, register
from .sources import collect


class _CommandLine:
    """Whoever runs `inspectorate plan …` on the server: like `load-pack`, the command line acts with
    the authority of the account that can run it, and its audit events name it "command line"."""

    is_authenticated = False
    is_active = True

    def __str__(self) -> str:
        return "command line"


COMMAND_LINE = _CommandLine()


def decide(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> Decision:
    return cast(RestrictedQuerySet[Any], model._default_manager.all()).decide(actor, action, obj)


def require_rule(model: type[models.Model], actor: Any, action: str) -> None:
    if actor is COMMAND_LINE:
        return
    rule = rule_for(model, actor, action)
    if not rule.everything:
        raise NotAllowed(rule.reason)


def require(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> None:
    if actor is COMMAND_LINE:
        return
    decision = decide(model, actor, action, obj)
    if not decision:
        raise NotAllowed(decision.reason)


# ---- the risk model -------------------------------------------------------------------------


def load_model_file(actor: Any, path: Path) -> RiskModelVersion:
    """Validate a risk-model file and keep it as the model in use (DataFileError: nothing kept)."""
    model = load_risk_model(path)
    text = Path(path).read_text(encoding="utf-8")
    with transaction.atomic():
        existing = RiskModelVersion.objects.filter(code=model.code, version=model.version).first()
        if existing is not None:
            if existing.content_hash != model.content_hash:
                raise Invalid(
                    {
                        "version": f"{model.label} is already loaded with other content; a changed model"
                        " is a new version"
                    }
                )
            return existing
        row = RiskModelVersion.objects.create(
            code=model.code,
            version=model.version,
            name=model.name,
            text=text,
            content_hash=model.content_hash,
            source_path=str(path),
        )
        audit.record(
            actor, "planning.model_loaded", row, after={"model": model.label, "hash": model.content_hash}
        )
    return row


def current_model() -> tuple[RiskModel, RiskModelVersion | None]:
    row = RiskModelVersion.objects.order_by("-loaded_at", "-id").first()
    if row is None:
        return load_risk_model(DEFAULT_MODEL), None
    return model_from_text(row.text), row


# ---- the register ---------------------------------------------------------------------------


@dataclass
class Register:
    model: RiskModel
    as_of: datetime.date
    programme: Programme
    scores: list[Score]
    framework_codes: list[str]
    framework_names: dict[str, str]
    force_names: dict[str, str]
    officers: dict[str, int | None]
    missing: list[str] = field(default_factory=list)

    def cell(self, force_code: str, framework_code: str) -> Score:
        return next(
            s for s in self.scores if s.force_code == force_code and s.framework_code == framework_code
        )

    def proposed_for_scan(self) -> dict[str, Score]:
        return proposed_for_scan(self.model, self.scores)


def latest_programme() -> Programme | None:
    return Programme.objects.order_by("-period_end", "-version").first()


def build_register(
    actor: Any, programme: Programme, as_of: datetime.date, framework_codes: Iterable[str] = ()
) -> Register:
    require_rule(Plan, actor, "view_scores")
    model, _row = current_model()
    inputs = collect(programme, as_of, framework_codes)
    codes = [f.code for f in inputs.frameworks]
    scores = register(model, inputs.forces, codes, as_of, inputs.groups)
    return Register(
        model=model,
        as_of=as_of,
        programme=programme,
        scores=scores,
        framework_codes=codes,
        framework_names={f.code: f.name for f in inputs.frameworks},
        force_names={f.force_code: f.force_name for f in inputs.forces},
        officers={f.force_code: f.officers for f in inputs.forces},
        missing=inputs.missing,
    )


# ---- assessments and engagement ----------------------------------------------------------------


def record_assessment(
    actor: Any,
    *,
    force: Force,
    kind: str,
    level: str,
    assessed_on: datetime.date,
    evidence: str,
    is_sample: bool = False,
) -> RiskAssessment:
    require_rule(RiskAssessment, actor, "add")
    errors = {}
    if kind not in ("threat_exposure", "capacity_capability"):
        errors["kind"] = "choose threat exposure or capacity and capability"
    if level not in Level.values:
        errors["level"] = "choose low, medium or high"
    if not evidence.strip():
        errors["evidence"] = "say what the assessment rests on"
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = "an assessment cannot be dated in the future"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        row = RiskAssessment.objects.create(
            force=force,
            kind=kind,
            level=level,
            assessed_on=assessed_on,
            evidence=evidence.strip(),
            is_sample=is_sample,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(actor, "planning.assessment_recorded", row, after=audit.snapshot(row))
    return row


SAMPLES = (
    (
        "west-midlands",
        "threat_exposure",
        "high",
        "Sample: organised crime groups and counter-terrorism casework",
    ),
    ("west-midlands", "capacity_capability", "medium", "Sample: public protection units carry vacancies"),
    ("metropolitan", "threat_exposure", "high", "Sample: the national counter-terrorism lead force"),
    (
        "metropolitan",
        "capacity_capability",
        "low",
        "Sample: large specialist units across every protective service",
    ),
    ("durham", "threat_exposure", "low", "Sample: few organised crime groups mapped"),
    ("bedfordshire", "capacity_capability", "high", "Sample: small force, stretched specialist capacity"),
)


def sample_assessments(actor: Any, on: datetime.date = datetime.date(2008, 3, 1)) -> int:
    """A few assessments for demonstration, marked as samples; none made twice."""
    made = 0
    for code, kind, level, evidence in SAMPLES:
        force = Force.objects.filter(code=code).first()
        if force is None or RiskAssessment.objects.filter(force=force, kind=kind, is_sample=True).exists():
            continue
        record_assessment(
            actor, force=force, kind=kind, level=level, assessed_on=on, evidence=evidence, is_sample=True
        )
        made += 1
    return made


def current_engagement(force: Force) -> EngagementStatus | None:
    return EngagementStatus.objects.filter(force=force).first()


def set_engagement(actor: Any, *, force: Force, status: str, reason: str) -> EngagementStatus:
    require_rule(EngagementStatus, actor, "add")
    errors = {}
    if status not in Engagement.values:
        errors["status"] = "choose routine, scan or engage"
    if not reason.strip():
        errors["reason"] = "give the reason for the engagement status"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        before = current_engagement(force)
        row = EngagementStatus.objects.create(force=force, status=status, reason=reason.strip(), set_by=actor)
        audit.record(
            actor,
            "planning.engagement_set",
            row,
            before={"status": before.status, "reason": before.reason} if before else None,
            after={"force": force.code, "status": status, "reason": row.reason},
        )
    return row


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


def _problem(plan: Plan, reg: Register, model: RiskModel) -> solver.Problem:
    candidates = tuple(
        solver.Candidate(
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
        solver.Pin(p.force.code, p.framework_code, p.pinned_in, p.reason, p.quarter, p.by.get_username())
        for p in plan.pins.select_related("force", "by")
    )
    return solver.Problem(
        candidates,
        (plan.capacity,) * plan.quarters,
        model.limits.per_force_per_quarter,
        model.thresholds.cut_off,
        pins,
    )


def solve_plan(actor: Any, plan: Plan, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Score every force and framework, solve, keep the result with its working; audited."""
    require(Plan, actor, "change", plan)
    if plan.status == PlanStatus.APPROVED:
        raise NotAllowed("the programme is approved; propose a new plan to change it")
    say = progress or (lambda _message: None)
    say("scoring every force and framework")
    reg = build_register(actor, plan.programme, plan.starts_on, plan.frameworks)
    model = _plan_model(plan)
    problem = _problem(plan, reg, model)
    say(f"solving: {len(problem.candidates)} candidates x {problem.quarters} quarters")
    try:
        result = solver.plan(problem)
    except solver.InvalidProblem as exc:
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
