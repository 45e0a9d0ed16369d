"""What the grade engine reads: criteria, judgements and the grade scale.

These are plain frozen values so that the engine stays a pure function; whoever reads them from
the database or a pack file builds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class EngineInputError(ValueError):
    """The engine was handed inputs that contradict each other (for example a judgement for a
    criterion it was not given). The message names the offending code."""


class Judgement(StrEnum):
    """A recorded criterion judgement. "Not yet judged" is not a value: it is the absence of a
    judgement for the criterion."""

    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NA = "na"


@dataclass(frozen=True, slots=True)
class Criterion:
    """One grading criterion of a framework, at one level of the scale.

    `significant` is only meaningful on the scale's lowest level; `dominant` on any level.
    """

    code: str
    level: str
    significant: bool
    dominant: bool
    theme: str | None
    text: str = ""


def _display_name(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True, init=False)
class GradeScale:
    """Grades best first as (code, name) pairs, criterion levels lowest first.

    Levels have no names of their own in a pack: a level shares its code with a grade (the Fair
    criteria belong to grade Fair), so its display name is that grade's name; a level with no
    matching grade is shown as its code in words.
    """

    grades: tuple[tuple[str, str], ...]
    levels: tuple[str, ...]

    def __init__(self, grades: Iterable[tuple[str, str]], levels: Iterable[str]) -> None:
        grade_pairs = tuple((str(code), str(name)) for code, name in grades)
        level_codes = tuple(levels)
        if not grade_pairs:
            raise EngineInputError("a grade scale needs at least one grade")
        codes = [code for code, _ in grade_pairs]
        for label, values in (("grade", codes), ("level", list(level_codes))):
            repeated = sorted({value for value in values if values.count(value) > 1})
            if repeated:
                raise EngineInputError(f"{label} code {repeated[0]!r} appears more than once in the scale")
        object.__setattr__(self, "grades", grade_pairs)
        object.__setattr__(self, "levels", level_codes)

    @property
    def grade_codes(self) -> list[str]:
        """Grade codes, best first."""
        return [code for code, _ in self.grades]

    @property
    def lowest_level(self) -> str | None:
        return self.levels[0] if self.levels else None

    def grade_names(self) -> dict[str, str]:
        return dict(self.grades)

    def level_names(self) -> dict[str, str]:
        by_code = dict(self.grades)
        return {level: by_code.get(level, _display_name(level)) for level in self.levels}

    def rank(self, grade: str) -> int:
        """Position of a grade, 0 for the best. Raises EngineInputError for an unknown code."""
        for position, (code, _) in enumerate(self.grades):
            if code == grade:
                return position
        raise EngineInputError(f"unknown grade {grade!r} (grades: {', '.join(self.grade_codes)})")


def condition_display_name(code: str) -> str:
    """How a condition is named in a trace when the caller supplies no name for it."""
    return _display_name(code)
