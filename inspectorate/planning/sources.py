"""Where the register's inputs come from, turned into the plain records of scoring.py.

The one place planning reads other apps: published grade history (`reports.history`), monitoring
flags (`monitoring.queries`), tracked areas for improvement, analysts' assessments and the forces'
officer numbers. A source that is not installed or not loaded is reported in `missing` and the
register is built from the rest, each missing input counted as the model says (no grade, no flag).
"""

from __future__ import annotations

import datetime
import importlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from inspectorate.forces.models import Force, ForceFact
from inspectorate.methodology.models import Framework, Programme

from .models import OPEN_STATUSES, RiskAssessment, TrackedAction
from .scoring import AreaObs, AssessmentObs, FlagObs, ForceInputs, GradeObs


@dataclass
class Inputs:
    forces: list[ForceInputs]
    frameworks: list[Framework]
    groups: dict[str, str]  # component framework code -> the group it was graded as before (CA -> PVP)
    missing: list[str] = field(default_factory=list)


def _optional(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def grade_records(missing: list[str]) -> list[GradeObs]:
    history = _optional("inspectorate.reports.history", "grade_history")
    if history is None:
        missing.append(
            "published grade history (inspectorate.reports.history) is not installed: every framework"
            " counts as having no published grade"
        )
        return []
    try:
        records = history(None)
    except Exception as exc:
        missing.append(f"published grade history could not be read ({exc})")
        return []
    return [
        GradeObs(r.framework_code, r.programme_code, r.grade, r.published, f"{r.force_code}|{r.source}")
        for r in records
    ]


def flag_records(missing: list[str]) -> list[tuple[str, FlagObs]]:
    flags_for_planning = _optional("inspectorate.monitoring.queries", "flags_for_planning")
    if flags_for_planning is None:
        missing.append(
            "monitoring flags (inspectorate.monitoring.queries) are not installed: no framework has a"
            " monitoring flag"
        )
        return []
    try:
        summaries = flags_for_planning()
    except Exception as exc:
        missing.append(f"monitoring flags could not be read ({exc})")
        return []
    found = []
    for s in summaries:
        if getattr(s, "direction", "concern") != "concern":
            continue
        # A flag that persisted for 2 consecutive periods says so (a `persisted` field when the flag
        # carries one, otherwise in its reason); any other open concern is a recent one (§9).
        persisted = getattr(s, "persisted", None)
        if persisted is None:
            persisted = "persist" in s.reason.lower()
        found.append(
            (
                s.force_code,
                FlagObs(
                    s.framework_code, bool(persisted), s.decision, s.reason, s.raised_on, f"flag {s.flag_id}"
                ),
            )
        )
    return found


def officers_of(forces: Iterable[Force]) -> dict[int, int]:
    facts = ForceFact.objects.filter(force__in=list(forces), key="officers").order_by("force_id", "-as_of")
    held: dict[int, int] = {}
    for fact in facts:
        held.setdefault(fact.force_id, int(fact.value))
    return held


def collect(programme: Programme, as_of: datetime.date, framework_codes: Iterable[str] = ()) -> Inputs:
    """Everything the register needs, for every force and the programme's frameworks."""
    missing: list[str] = []
    frameworks = list(programme.frameworks.select_related("group").order_by("position"))
    wanted = set(framework_codes)
    if wanted:
        frameworks = [f for f in frameworks if f.code in wanted]
    groups = {f.code: f.group.code for f in frameworks if f.group is not None}
    forces = list(Force.objects.order_by("name"))
    if not forces:
        missing.append("no forces are loaded (inspectorate load-reference)")
    by_force_grades: dict[str, list[GradeObs]] = defaultdict(list)
    for grade in grade_records(missing):
        code, _, source = grade.source.partition("|")
        by_force_grades[code].append(
            GradeObs(grade.framework_code, grade.programme_code, grade.grade, grade.published, source)
        )
    by_force_flags: dict[str, list[FlagObs]] = defaultdict(list)
    for code, flag in flag_records(missing):
        by_force_flags[code].append(flag)
    by_force_areas: dict[int, list[AreaObs]] = defaultdict(list)
    actions = TrackedAction.objects.filter(status__in=OPEN_STATUSES).select_related("finding")
    component_codes: dict[str, list[str]] = defaultdict(list)
    for code, group in groups.items():
        component_codes[group].append(code)
    for action in actions:
        ref = f"/planning/actions/{action.pk}/"
        # An area under a group's overview (PVP) is an area of each of its components.
        for code in component_codes.get(action.framework_code, [action.framework_code]):
            by_force_areas[action.force_id].append(AreaObs(code, action.finding.text, action.opened_on, ref))
    if not actions.exists():
        missing.append(
            "no areas for improvement are tracked yet (published reports with areas for improvement)"
        )
    by_force_assessments: dict[int, list[AssessmentObs]] = defaultdict(list)
    for a in RiskAssessment.objects.filter(assessed_on__lte=as_of):
        by_force_assessments[a.force_id].append(
            AssessmentObs(a.kind, a.level, a.assessed_on, a.evidence, a.is_sample, f"assessment {a.pk}")
        )
    officers = officers_of(forces)
    inputs = [
        ForceInputs(
            force_code=f.code,
            force_name=f.name,
            officers=officers.get(f.pk),
            grades=tuple(by_force_grades.get(f.code, ())),
            areas=tuple(by_force_areas.get(f.pk, ())),
            flags=tuple(by_force_flags.get(f.code, ())),
            assessments=tuple(by_force_assessments.get(f.pk, ())),
        )
        for f in forces
    ]
    return Inputs(inputs, frameworks, groups, missing)
