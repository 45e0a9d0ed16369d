"""Risk scores per force and framework (METHODOLOGY §10), every factor shown with its working.

Pure: callers (planning/sources.py) turn grades, areas for improvement, flags and analysts'
assessments into the plain records below. A score is the sum over factors of value x weight; each
factor keeps its value, weight, contribution, a sentence saying how the value came about and the
records it came from.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .riskmodel import FACTOR_NAMES, FACTORS, RiskModel


@dataclass(frozen=True)
class SourceRecord:
    """Where a factor's value came from: a kind ("grade", "area", "flag", "assessment"), a label a
    reader recognises, and a reference (a URL path or an identifier) when there is one."""

    kind: str
    label: str
    ref: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label, "ref": self.ref}


@dataclass(frozen=True)
class GradeObs:
    framework_code: str  # the framework graded, or a group (PVP) graded before it was split
    programme_code: str
    grade: str
    published: datetime.date
    source: str


@dataclass(frozen=True)
class AreaObs:
    framework_code: str
    text: str
    opened: datetime.date  # publication of the report that named it
    ref: str = ""


@dataclass(frozen=True)
class FlagObs:
    framework_code: str
    persisted: bool
    decision: str | None  # "inspect" | "watch" | "dismiss" | None
    reason: str
    raised_on: datetime.date
    ref: str = ""


@dataclass(frozen=True)
class AssessmentObs:
    kind: str  # "threat_exposure" | "capacity_capability"
    level: str  # "low" | "medium" | "high"
    assessed_on: datetime.date
    evidence: str
    is_sample: bool = False
    ref: str = ""


@dataclass(frozen=True)
class ForceInputs:
    """Everything known about one force that the scores use."""

    force_code: str
    force_name: str
    officers: int | None = None
    grades: tuple[GradeObs, ...] = ()
    areas: tuple[AreaObs, ...] = ()
    flags: tuple[FlagObs, ...] = ()
    assessments: tuple[AssessmentObs, ...] = ()


@dataclass(frozen=True)
class Factor:
    code: str
    value: float
    weight: float
    detail: str
    sources: tuple[SourceRecord, ...] = ()

    @property
    def name(self) -> str:
        return FACTOR_NAMES[self.code]

    @property
    def contribution(self) -> float:
        return self.value * self.weight

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "value": round(self.value, 6),
            "weight": self.weight,
            "contribution": round(self.contribution, 6),
            "detail": self.detail,
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class Score:
    force_code: str
    force_name: str
    framework_code: str
    factors: tuple[Factor, ...] = field(default=())

    @property
    def value(self) -> float:
        return min(1.0, max(0.0, sum(f.contribution for f in self.factors)))

    def factor(self, code: str) -> Factor:
        return next(f for f in self.factors if f.code == code)

    def main_reasons(self, count: int = 3, detailed: bool = True) -> list[str]:
        """The largest contributions, in words (with how each value came about when `detailed`)."""
        ranked = sorted(self.factors, key=lambda f: (-f.contribution, FACTORS.index(f.code)))
        return [
            f"{f.name.lower()} {f.contribution:.3f}" + (f" ({f.detail})" if detailed else "")
            for f in ranked[:count]
            if f.contribution > 0
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "force": self.force_code,
            "framework": self.framework_code,
            "score": round(self.value, 6),
            "factors": [f.to_dict() for f in self.factors],
        }


def _years(start: datetime.date, end: datetime.date) -> float:
    return max(0.0, (end - start).days / 365.25)


def _full_years(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(0, years)


def last_grade(
    grades: Iterable[GradeObs], framework_code: str, groups: Mapping[str, str]
) -> tuple[GradeObs | None, bool]:
    """The latest grade of the framework; failing that, of its group as graded before the group was
    split into components (PVP in 2006). Returns the grade and whether it is the group's."""
    own = [g for g in grades if g.framework_code == framework_code]
    if own:
        return max(own, key=lambda g: (g.published, g.programme_code)), False
    group = groups.get(framework_code)
    if group:
        of_group = [g for g in grades if g.framework_code == group]
        if of_group:
            return max(of_group, key=lambda g: (g.published, g.programme_code)), True
    return None, False


def score(
    model: RiskModel,
    force: ForceInputs,
    framework_code: str,
    as_of: datetime.date,
    groups: Mapping[str, str] | None = None,
) -> Score:
    """The score of one force and framework on `as_of`. `groups` maps a component framework to the
    group it was graded as before being split (CA -> PVP)."""
    groups = groups or {}
    factors = [
        *_grade_factors(model, force, framework_code, as_of, groups),
        _areas_factor(model, force, framework_code, as_of),
        _monitoring_factor(model, force, framework_code),
        _assessment_factor(model, force, "threat_exposure", as_of),
        _assessment_factor(model, force, "capacity_capability", as_of),
    ]
    return Score(force.force_code, force.force_name, framework_code, tuple(factors))


def _grade_factors(
    model: RiskModel, force: ForceInputs, framework_code: str, as_of: datetime.date, groups: Mapping[str, str]
) -> list[Factor]:
    held, of_group = last_grade(force.grades, framework_code, groups)
    if held is None:
        return [
            Factor("grade", model.grade.no_grade, model.weight("grade"), "no published grade held"),
            Factor("grade_age", 1.0, model.weight("grade_age"), "no published grade held"),
        ]
    source = (
        SourceRecord("grade", f"{held.programme_code} {held.framework_code} {held.grade}: {held.source}"),
    )
    whose = f" (the {held.framework_code} grade, before it was split into components)" if of_group else ""
    if held.grade in model.grade.values:
        value = model.grade.values[held.grade]
        detail = f"{held.grade.capitalize()} in {held.programme_code}{whose}"
    else:
        value = model.grade.no_grade
        detail = f"grade {held.grade!r} is not valued by the model; counted as no grade held"
    years = _years(held.published, as_of)
    age = min(1.0, years / model.grade_age.full_after_years)
    return [
        Factor("grade", value, model.weight("grade"), detail, source),
        Factor(
            "grade_age",
            age,
            model.weight("grade_age"),
            f"published {held.published:%B %Y}, {years:.2f} years before {as_of.isoformat()}"
            f" (full after {model.grade_age.full_after_years:g})",
            source,
        ),
    ]


def _areas_factor(model: RiskModel, force: ForceInputs, framework_code: str, as_of: datetime.date) -> Factor:
    rules = model.areas_for_improvement
    areas = [a for a in force.areas if a.framework_code == framework_code]
    weights = [rules.base + rules.per_full_year_open * _full_years(a.opened, as_of) for a in areas]
    total = sum(weights)
    value = min(1.0, total / rules.saturation)
    if areas:
        detail = f"{len(areas)} open, weighing {total:g} in all (full at {rules.saturation:g})"
    else:
        detail = "none open"
    sources = tuple(
        SourceRecord("area", f"{a.text[:120]} (open since {a.opened:%B %Y}, weight {w:g})", a.ref)
        for a, w in zip(areas, weights, strict=True)
    )
    return Factor("areas_for_improvement", value, model.weight("areas_for_improvement"), detail, sources)


def _monitoring_factor(model: RiskModel, force: ForceInputs, framework_code: str) -> Factor:
    rules = model.monitoring
    best, best_flag, dismissed = 0.0, None, 0
    for flag in force.flags:
        if flag.framework_code != framework_code:
            continue
        if flag.decision == "dismiss":
            dismissed += 1
            continue
        value = rules.persisted if flag.persisted else rules.recent
        if flag.decision == "watch":
            value *= rules.watch_factor
        if value > best or best_flag is None:
            best, best_flag = value, flag
    if best_flag is None:
        detail = "no open concern flag" + (f" ({dismissed} dismissed by an analyst)" if dismissed else "")
        return Factor("monitoring", 0.0, model.weight("monitoring"), detail)
    kind = "a concern that persisted" if best_flag.persisted else "a concern in the last 3 periods"
    watched = ", halved: the analyst decided to watch" if best_flag.decision == "watch" else ""
    detail = f"{kind}{watched}: {best_flag.reason}"
    source = SourceRecord(
        "flag", f"flag raised {best_flag.raised_on:%B %Y}: {best_flag.reason}", best_flag.ref
    )
    return Factor("monitoring", best, model.weight("monitoring"), detail, (source,))


def _assessment_factor(model: RiskModel, force: ForceInputs, kind: str, as_of: datetime.date) -> Factor:
    held = [a for a in force.assessments if a.kind == kind and a.assessed_on <= as_of]
    if not held:
        return Factor(kind, model.assessment.missing, model.weight(kind), "no assessment recorded")
    latest = max(held, key=lambda a: a.assessed_on)
    sample = " (a sample assessment for demonstration)" if latest.is_sample else ""
    detail = f"{latest.level} on {latest.assessed_on.isoformat()}{sample}"
    source = SourceRecord("assessment", f"{latest.level}: {latest.evidence[:160]}{sample}", latest.ref)
    return Factor(kind, model.assessment.levels[latest.level], model.weight(kind), detail, (source,))  # type: ignore[index]


def register(
    model: RiskModel,
    forces: Iterable[ForceInputs],
    framework_codes: Iterable[str],
    as_of: datetime.date,
    groups: Mapping[str, str] | None = None,
) -> list[Score]:
    """Every force x framework score, forces and frameworks in the order given."""
    codes = list(framework_codes)
    return [score(model, force, code, as_of, groups) for force in forces for code in codes]


def proposed_for_scan(model: RiskModel, scores: Iterable[Score]) -> dict[str, Score]:
    """Per force, its highest score when that passes the scan threshold."""
    highest: dict[str, Score] = {}
    for s in scores:
        if s.force_code not in highest or s.value > highest[s.force_code].value:
            highest[s.force_code] = s
    return {code: s for code, s in highest.items() if s.value > model.thresholds.scan}
