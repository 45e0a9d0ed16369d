"""Group grades (e.g. PVP) rolled up from component grades by a configurable rule.

Methods, named in rules.yaml `group_rollup.method`:

- `modal_lower`: the most common component grade; a tie goes to the lower (worse) grade;
- `lowest`: the worst component grade;
- `median_lower`: the median component grade; with an even number of components, the worse of
  the two middle ones.

`poor_caps_at` (optional, any method): when any component has the scale's lowest grade, the group
grade is no better than the named grade.

Against the published cases (CA, DV, PP, MP -> PVP headline): West Midlands F, F, F, G -> Fair;
Metropolitan G, F, F, F -> Fair; Suffolk P, F, F, F -> Fair. `modal_lower` and `median_lower`
reproduce all three; `lowest` gives Poor for Suffolk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .inputs import EngineInputError, GradeScale
from .ruleset import GroupRollup

INCOMPLETE = "incomplete"

_METHOD_WORDS = {
    "modal_lower": "the most common component grade, a tie going to the lower grade",
    "lowest": "the lowest component grade",
    "median_lower": "the median component grade, the lower of the middle two when they differ",
}


@dataclass(frozen=True, slots=True)
class RollupTrace:
    """How a group grade came about.

    `counts`: components per grade, best grade first, graded components only. `method_grade`:
    what the method gave before any cap. `tied`: for modal_lower, the grades sharing the highest
    count (best first). `cap_applies`: some component has the scale's lowest grade; `capped`:
    the cap lowered the grade.
    """

    method: str
    components: tuple[tuple[str, str | None], ...]
    counts: dict[str, int] = field(hash=False)
    grade_names: dict[str, str] = field(hash=False)
    lowest_grade: str
    grade: str | None = None
    method_grade: str | None = None
    tied: tuple[str, ...] = ()
    cap: str | None = None
    cap_applies: bool = False
    capped: bool = False
    ungraded: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "components": [[code, grade] for code, grade in self.components],
            "counts": dict(self.counts),
            "grade_names": dict(self.grade_names),
            "lowest_grade": self.lowest_grade,
            "grade": self.grade,
            "method_grade": self.method_grade,
            "tied": list(self.tied),
            "cap": self.cap,
            "cap_applies": self.cap_applies,
            "capped": self.capped,
            "ungraded": list(self.ungraded),
        }

    def _name(self, code: str | None) -> str:
        return self.grade_names.get(code, code) if code is not None else "not graded"

    def render_lines(self) -> list[str]:
        shown = ", ".join(f"{code} {self._name(grade)}" for code, grade in self.components)
        lines = [f"Group grade rule: {_METHOD_WORDS[self.method]}", f"Components: {shown}"]
        if self.ungraded:
            lines.append(
                f"Incomplete: not yet graded: {', '.join(self.ungraded)};"
                " no group grade until every component is graded"
            )
            return lines
        assert self.method_grade is not None
        method_grade = self._name(self.method_grade)
        if self.method == "modal_lower":
            top = self.counts[self.method_grade]
            if len(self.tied) > 1:
                tied = " and ".join(self._name(code) for code in self.tied)
                lines.append(f"Tie between {tied} ({top} each): the lower, {method_grade}")
            else:
                lines.append(f"Most common: {method_grade} ({top} of {len(self.components)})")
        elif self.method == "lowest":
            lines.append(f"Lowest component grade: {method_grade}")
        else:
            lines.append(f"Median component grade: {method_grade}")
        if self.cap is not None:
            rule = f"A {self._name(self.lowest_grade)} component caps the group at {self._name(self.cap)}"
            if not self.cap_applies:
                lines.append(f"{rule}: there is none")
            elif self.capped:
                lines.append(f"{rule}: {method_grade} lowered to {self._name(self.grade)}")
            else:
                lines.append(f"{rule}: {method_grade} is within the cap")
        lines.append(f"Group grade: {self._name(self.grade)}")
        return lines

    def render_text(self) -> str:
        return "\n".join(self.render_lines())


@dataclass(frozen=True, slots=True)
class GroupGrade:
    """`grade` is None with `reason` "incomplete" while some component is not graded."""

    grade: str | None
    reason: str | None
    trace: RollupTrace


def roll_up(components: Mapping[str, str | None], rule: GroupRollup, scale: GradeScale) -> GroupGrade:
    """Roll component grades (component code -> grade code, None when not graded yet) up into a
    group grade. Raises EngineInputError for no components or an unknown grade."""
    if not components:
        raise EngineInputError("a group grade needs at least one component")
    for code, grade in components.items():
        if grade is not None and grade not in scale.grade_names():
            raise EngineInputError(
                f"component {code!r} has unknown grade {grade!r} (grades: {', '.join(scale.grade_codes)})"
            )
    if rule.poor_caps_at is not None:
        scale.rank(rule.poor_caps_at)
    lowest = scale.grade_codes[-1]
    base: dict[str, Any] = {
        "method": rule.method,
        "components": tuple(components.items()),
        "grade_names": scale.grade_names(),
        "lowest_grade": lowest,
        "cap": rule.poor_caps_at,
    }
    ungraded = tuple(code for code, grade in components.items() if grade is None)
    if ungraded:
        trace = RollupTrace(counts={}, ungraded=ungraded, **base)
        return GroupGrade(grade=None, reason=INCOMPLETE, trace=trace)

    grades = [grade for grade in components.values() if grade is not None]
    counts = {code: grades.count(code) for code in scale.grade_codes if code in grades}
    ranks = sorted(scale.rank(grade) for grade in grades)
    tied: tuple[str, ...] = ()
    if rule.method == "modal_lower":
        top = max(counts.values())
        tied = tuple(code for code, count in counts.items() if count == top)
        method_grade = tied[-1]
    elif rule.method == "lowest":
        method_grade = scale.grade_codes[ranks[-1]]
    else:
        method_grade = scale.grade_codes[ranks[len(ranks) // 2]]

    grade, cap, cap_applies, capped = method_grade, rule.poor_caps_at, False, False
    if cap is not None and lowest in counts:
        cap_applies = True
        if scale.rank(method_grade) < scale.rank(cap):
            grade, capped = cap, True
    trace = RollupTrace(
        counts=counts,
        grade=grade,
        method_grade=method_grade,
        tied=tied,
        cap_applies=cap_applies,
        capped=capped,
        **base,
    )
    return GroupGrade(grade=grade, reason=None, trace=trace)
