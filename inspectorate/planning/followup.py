"""Direction of travel (METHODOLOGY §11): a force's last two published grades of a framework compared
(improved, same, declined). Where a framework was regrouped (PVP was one framework in 2006 and four
components in 2007), the later components are rolled up with the pack's group rule
(methodology/engine/rollup.py) and the group's roll-up is compared with the earlier group grade.

Pure: no Django. Grades come in as plain records (`scoring.GradeObs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from inspectorate.methodology.engine import GradeScale, GroupRollup, roll_up

from .scoring import GradeObs

IMPROVED, SAME, DECLINED = "improved", "same", "declined"


@dataclass(frozen=True)
class Direction:
    framework_code: str  # the framework, or the group compared through its roll-up
    previous: GradeObs
    latest: GradeObs
    direction: str
    via_rollup: str = ""  # the roll-up's explanation when the latest grade is a group's roll-up

    @property
    def sentence(self) -> str:
        first = f"{self.previous.grade.capitalize()} in {self.previous.programme_code}"
        second = f"{self.latest.grade.capitalize()} in {self.latest.programme_code}"
        rolled = f" (components rolled up: {self.via_rollup})" if self.via_rollup else ""
        return f"{self.direction}: {first}, {second}{rolled}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework_code,
            "previous": {"programme": self.previous.programme_code, "grade": self.previous.grade},
            "latest": {"programme": self.latest.programme_code, "grade": self.latest.grade},
            "direction": self.direction,
            "via_rollup": self.via_rollup,
        }


def compare(previous: str, latest: str, scale: GradeScale) -> str:
    """Grades are ranked best first, so a smaller rank is better."""
    before, after = scale.rank(previous), scale.rank(latest)
    if after < before:
        return IMPROVED
    if after > before:
        return DECLINED
    return SAME


def directions(
    grades: Iterable[GradeObs],
    scale: GradeScale,
    groups: Mapping[str, tuple[str, ...]],
    rollup: GroupRollup,
) -> dict[str, Direction]:
    """Directions of one force's frameworks, keyed by framework or group code.

    `groups` maps a group code (PVP) to its component framework codes in the later programme. A
    component whose only earlier grade is its group's gets the group's direction."""
    by_code: dict[str, list[GradeObs]] = defaultdict(list)
    for grade in grades:
        if grade.grade in scale.grade_codes:
            by_code[grade.framework_code].append(grade)
    for held in by_code.values():
        held.sort(key=lambda g: (g.published, g.programme_code))
    found: dict[str, Direction] = {}
    for code, held in by_code.items():
        if len(held) >= 2:
            previous, latest = held[-2], held[-1]
            found[code] = Direction(code, previous, latest, compare(previous.grade, latest.grade, scale))
    for group, components in groups.items():
        earlier = by_code.get(group, [])
        if not earlier:
            continue
        previous = earlier[-1]
        # The latest programme in which every component was graded, after the group's own grade.
        later = [g for c in components for g in by_code.get(c, []) if g.published > previous.published]
        programmes = sorted({(g.published, g.programme_code) for g in later}, reverse=True)
        for published, programme in programmes:
            graded = {
                c: next(
                    (g.grade for g in reversed(by_code.get(c, [])) if g.programme_code == programme),
                    None,
                )
                for c in components
            }
            if any(value is None for value in graded.values()):
                continue
            rolled = roll_up(graded, rollup, scale)
            if rolled.grade is None:
                continue
            latest = GradeObs(
                group, programme, rolled.grade, published, "roll-up of " + ", ".join(components)
            )
            shown = ", ".join(f"{c} {g}" for c, g in graded.items())
            direction = Direction(
                group, previous, latest, compare(previous.grade, rolled.grade, scale), shown
            )
            if group not in found or found[group].latest.published <= published:
                found[group] = direction
            for component in components:
                if len(by_code.get(component, [])) < 2:
                    found[component] = direction
            break
    return found
