"""What the parser knows before it reads (the programme's layout) and what it gives back (the report
as printed), as plain data. `ParsedReport.as_json()` is the documented shape of
`inspectorate import-report --dry-run --json` (docs/import.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LISTS = ("strengths", "work_in_progress", "areas_for_improvement", "recommendations")
LIST_HEADINGS = {
    "strengths": "Strengths",
    "work_in_progress": "Work in progress",
    "areas_for_improvement": "Areas for improvement",
    "recommendations": "Recommendations",
}
# The finding kinds of inspections.choices.FindingKind, by list.
FINDING_KIND = {
    "strengths": "strength",
    "work_in_progress": "work_in_progress",
    "areas_for_improvement": "area_for_improvement",
    "recommendations": "recommendation",
}


@dataclass(frozen=True)
class FrameworkLayout:
    code: str
    name: str
    group: str = ""  # the group's code


@dataclass(frozen=True)
class Layout:
    """The programme as the report prints it: its grades (best first), programmed frameworks in
    report order, their groups, and the forces a report can be about."""

    grades: tuple[tuple[str, str], ...]  # (code, name)
    frameworks: tuple[FrameworkLayout, ...]
    groups: tuple[tuple[str, str], ...]  # (code, name)
    forces: tuple[str, ...]
    total_forces: int = 43

    def group_name(self, code: str) -> str:
        return dict(self.groups)[code]

    def title(self, framework: FrameworkLayout) -> str:
        if framework.group:
            return f"{self.group_name(framework.group)} – {framework.name}"
        return framework.name


@dataclass
class Section:
    code: str  # framework code, or the group's code for its overview
    title: str  # as printed
    line: str  # where the section starts ("line 342", or "page 12 (line 480)" in a PDF's text)
    grade: str | None = None  # grade code; None for a group's overview
    grade_line: str = ""
    national_distribution: dict[str, int] | None = None
    distribution_line: str = ""
    national_context: str = ""
    force_context: str = ""
    lists: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LISTS})
    # Bullets of a component that repeat the group overview's generic findings: (list, index).
    overview_repeats: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: list(self.lists[name]) for name in LISTS}
        out |= {
            "grade": self.grade,
            "national_distribution": self.national_distribution,
            "national_context": self.national_context,
            "force_context": self.force_context,
        }
        if self.overview_repeats:
            out["overview_repeats"] = [{"list": name, "index": i} for name, i in self.overview_repeats]
        return out


@dataclass(frozen=True)
class Practice:
    section: str  # the code of the section it is printed in
    area: str
    title: str
    problem: str
    solution: str
    outcomes: str
    contact: str
    line: int

    def as_json(self) -> dict[str, str]:
        return {
            "section": self.section,
            "area": self.area,
            "title": self.title,
            "problem": self.problem,
            "solution": self.solution,
            "outcomes": self.outcomes,
            "contact": self.contact,
        }


@dataclass(frozen=True)
class Disagreement:
    """A cross-check that failed, with both places in the document."""

    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class ParsedReport:
    force: str
    published: str  # YYYY-MM
    overview: list[tuple[str, str]]  # (heading, text) in print order
    national_summary: dict[str, dict[str, int]]
    force_summary: dict[str, str]
    sections: dict[str, Section]
    developing_practice: list[Practice]
    glossary: dict[str, str]
    disagreements: list[Disagreement] = field(default_factory=list)
    lines: int = 0
    # Where each summary row was read ("national:NP", "force:NP" -> "line 302"), for the cross-checks.
    places: dict[str, str] = field(default_factory=dict)

    def bullets(self) -> int:
        return sum(len(s.lists[name]) for s in self.sections.values() for name in LISTS)

    def as_json(self) -> dict[str, Any]:
        return {
            "force": self.force,
            "published": self.published,
            "overview": [{"heading": h, "text": t} for h, t in self.overview],
            "national_summary": self.national_summary,
            "force_summary": self.force_summary,
            "sections": {code: section.as_json() for code, section in self.sections.items()},
            "developing_practice": [p.as_json() for p in self.developing_practice],
            "glossary": self.glossary,
            "disagreements": [str(d) for d in self.disagreements],
        }


class ReportFormatError(Exception):
    """The text is not a report in the expected format: where, and what was expected there."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
