"""Loading the worked demonstration inspection (West Midlands, 2007 programme) through the services,
as its team would have built it: evidence recorded and verified during fieldwork, then criteria judged,
conditions recorded, grades awarded (departures approved by the lead inspector) and findings written,
all in one transaction. The inspection is a demonstration: it never counts nationally and can never be
published. Loading again when it is already there changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.accounts.demo import DEMO_PERSONAS
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.methodology.models import Criterion, Programme

from .. import services
from ..choices import Stage
from ..models import Evidence, Inspection
from .data import DATA_FILE, DemoData, DemoDataError, locate, read

# The demonstration team. Existing accounts are used as they are (create-demo-users gives them
# passwords); missing ones are created without a usable password.
LEAD, INSPECTOR = "lead", "inspector"
TEAM_ROLES = {LEAD: Role.LEAD_INSPECTOR, INSPECTOR: Role.INSPECTOR}

Step = Callable[[str], None]


@dataclass
class FrameworkOutcome:
    code: str
    proposed: str | None  # the engine's proposed grade code, None when it proposed none
    reason: str | None  # why none was proposed ("judgement_required", "incomplete")
    awarded: str
    status: str


@dataclass
class LoadResult:
    inspection: Inspection
    created: bool
    outcomes: list[FrameworkOutcome] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def steps(data: DemoData) -> int:
    """How many progress steps a load takes (for a progress bar)."""
    judgements = sum(len(judged) for judged in data.judgements.values())
    conditions = sum(len(c) for c in data.conditions.values())
    findings = sum(len(texts) for lists in data.findings.values() for _, texts in lists.by_kind())
    return 2 + 2 * len(data.evidence) + judgements + conditions + len(data.awards) + findings


def existing(data: DemoData) -> Inspection | None:
    """The demonstration inspection this data describes, if it is already loaded."""
    return (
        Inspection.objects.filter(
            is_demonstration=True, force__code=data.force, programme__code=data.programme, title=data.title
        )
        .order_by("pk")
        .first()
    )


def load_demo(path: Path = DATA_FILE, step: Step | None = None) -> LoadResult:
    """Load the demonstration inspection unless it is already there. `step` is told of each step done."""
    data = read(path)
    found = existing(data)
    if found is not None:
        return LoadResult(inspection=found, created=False)
    with transaction.atomic():
        return _Loader(path, data, step or (lambda _: None)).run()


class _Loader:
    def __init__(self, path: Path, data: DemoData, step: Step) -> None:
        self.path, self.data, self.step = path, data, step
        self.evidence: dict[str, Evidence] = {}

    def fail(self, key_path: tuple[Any, ...], message: str) -> DemoDataError:
        return DemoDataError(f"{locate(self.path, key_path)}: {message}")

    def call(self, key_path: tuple[Any, ...], service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a service; a refusal becomes an error that says where in the file it came from."""
        try:
            return service(*args, **kwargs)
        except services.Invalid as exc:
            raise self.fail(key_path, "; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
        except (services.NotAllowed, services.Blocked) as exc:
            raise self.fail(key_path, str(exc)) from exc

    def run(self) -> LoadResult:
        data = self.data
        programme = Programme.objects.filter(code=data.programme).order_by("-version").first()
        if programme is None:
            raise self.fail(("programme",), f"programme {data.programme} is not loaded; run load-pack first")
        force = Force.objects.filter(code=data.force).first()
        if force is None:
            raise self.fail(("force",), f"force {data.force} is not loaded; run load-reference first")
        self.programme = programme
        self.lead, self.inspector = _team_member(LEAD), _team_member(INSPECTOR)
        self.users = {LEAD: self.lead, INSPECTOR: self.inspector}
        inspection = self.call(
            ("title",),
            services.create_inspection,
            self.lead,
            force=force,
            programme=programme,
            frameworks=data.frameworks,
            lead=self.lead,
            inspectors=[self.inspector],
            title=data.title,
            fieldwork_starts=data.fieldwork.starts if data.fieldwork else None,
            fieldwork_ends=data.fieldwork.ends if data.fieldwork else None,
            is_demonstration=True,
            demonstration_note=data.demonstration_note,
        )
        self.inspection = inspection
        self.call(("title",), services.move, self.inspector, inspection, Stage.FIELDWORK)
        self.call(
            ("context",),
            services.set_context,
            self.lead,
            inspection,
            context=data.context,
            framework_context=data.framework_context,
        )
        self.step("Planned the inspection")
        self._evidence()
        self.call(("judgements",), services.move, self.inspector, inspection, Stage.DRAFTING)
        self.step("Moved to drafting")
        self._judgements()
        self._conditions()
        outcomes = self._awards()
        self._findings()
        inspection.refresh_from_db()
        counts = {
            "evidence": inspection.evidence.count(),
            "judgements": inspection.judgements.count(),
            "findings": inspection.findings.count(),
        }
        return LoadResult(inspection=inspection, created=True, outcomes=outcomes, counts=counts)

    def _evidence(self) -> None:
        period = (self.programme.period_start, self.programme.period_end)
        for index, item in enumerate(self.data.evidence):
            where: tuple[Any, ...] = ("evidence", index)
            if item.collected_by not in self.users:
                raise self.fail((*where, "collected_by"), f"use one of {', '.join(self.users)}")
            if not period[0] <= item.effective <= period[1]:
                raise self.fail(
                    (*where, "effective"),
                    f"{item.effective} is outside the assessment period {period[0]} to {period[1]}",
                )
            self.evidence[item.ref] = self.call(
                where,
                services.add_evidence,
                self.users[item.collected_by],
                self.inspection,
                source_type=item.source,
                title=item.title,
                summary=item.summary,
                collected_on=item.collected_on,
                effective_date=item.effective,
                marking=item.marking,
                criteria=item.criteria,
                frameworks=item.frameworks,
                reference=item.ref,
            )
            self.step(f"Evidence {item.ref}")
        # Verification comes after every item is recorded, since an item may be corroborated by a later one.
        for index, item in enumerate(self.data.evidence):
            actor, evidence = self.users[item.collected_by], self.evidence[item.ref]
            checked: tuple[Any, ...] = ("evidence", index, "verification")
            if item.verification == "verified":
                self.call(checked, services.verify_evidence, actor, evidence, item.note)
            elif item.verification == "corroborated":
                other = self.evidence[item.corroborated_by] if item.corroborated_by else None
                self.call(
                    where, services.corroborate_evidence, actor, evidence, corroborating=other, note=item.note
                )
            self.step(f"Verification of {item.ref}")

    def _judgements(self) -> None:
        for code, judged in self.data.judgements.items():
            criteria = set(
                Criterion.objects.filter(
                    framework__programme=self.programme, framework__code=code
                ).values_list("code", flat=True)
            )
            unjudged = sorted(criteria - set(judged))
            if unjudged:
                raise self.fail(
                    ("judgements", code), f"every criterion is judged; missing {', '.join(unjudged)}"
                )
            for criterion, entry in judged.items():
                items = [self.evidence[ref] for ref in entry.evidence] if entry.evidence is not None else None
                self.call(
                    ("judgements", code, criterion),
                    services.record_judgement,
                    self.inspector,
                    self.inspection,
                    criterion,
                    entry.value,
                    comment=entry.comment,
                    evidence=items,
                )
                self.step(f"{code} {criterion}")

    def _conditions(self) -> None:
        for code, conditions in self.data.conditions.items():
            for name, entry in conditions.items():
                self.call(
                    ("conditions", code, name),
                    services.set_condition,
                    self.inspector,
                    self.inspection,
                    code,
                    name,
                    present=entry.present,
                    rationale=entry.rationale,
                    evidence=[self.evidence[ref] for ref in entry.evidence],
                )
                self.step(f"{code} {name} condition")

    def _awards(self) -> list[FrameworkOutcome]:
        outcomes = []
        for code, entry in self.data.awards.items():
            where = ("awards", code)
            framework = self.inspection.frameworks.get(code=code)
            proposal = services.framework_proposal(self.inspection, framework)
            departs = proposal.grade != entry.grade
            proposed = proposal.grade or f"no grade ({proposal.reason})"
            if departs and not entry.rationale.strip():
                raise self.fail(
                    where, f"the engine proposes {proposed}; awarding {entry.grade} needs a rationale"
                )
            if not departs and entry.rationale.strip():
                raise self.fail(
                    (*where, "rationale"),
                    f"the award agrees with the proposal ({proposed}), so it "
                    "is not a departure; remove the rationale",
                )
            award = self.call(
                where,
                services.award_grade,
                self.inspector,
                self.inspection,
                framework,
                entry.grade,
                entry.rationale,
            )
            if departs:
                note = "The rationale is borne out by the evidence and the published findings."
                award = self.call(where, services.decide_departure, self.lead, award, True, note)
            if departs and framework.name.lower() not in self.data.demonstration_note.lower():
                # The note tells every reader where the proposals and the published grades part, and why.
                raise self.fail(
                    ("demonstration_note",),
                    f"say that the {framework.name} award departs from the proposal ({proposed}) and why",
                )
            outcomes.append(
                FrameworkOutcome(code, proposal.grade, proposal.reason, award.grade, award.status)
            )
            self.step(f"{code} grade")
        return outcomes

    def _findings(self) -> None:
        scope = set(self.data.frameworks)
        for code, lists in self.data.findings.items():
            under = {"framework": code} if code in scope else {"group": code}
            for kind, texts in lists.by_kind():
                for index, text in enumerate(texts):
                    self.call(
                        ("findings", code, kind, index),
                        services.add_finding,
                        self.inspector,
                        self.inspection,
                        kind=kind,
                        text=text,
                        **under,
                    )
                    self.step(f"{code} finding")


def _team_member(username: str) -> Any:
    role = TEAM_ROLES[username]
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        persona = next(p for p in DEMO_PERSONAS if p.username == username)
        user = user_model(
            username=username, role=role, first_name=persona.first_name, last_name=persona.last_name
        )
        user.set_unusable_password()
        user.save()
        audit.record(None, "user.demo_created", user, after={"role": role, "usable_password": False})
        return user
    if user.role != role or not user.is_active:
        raise DemoDataError(
            f"the user {username!r} exists but is not an active {Role(role).label.lower()}; "
            "the demonstration team needs that role"
        )
    return user
