"""The report model: everything a force report says, in order, with nothing left to compute.

Renderers (HTML, PDF, Word, JSON) only lay it out. Every block has a `kind` so templates and the JSON
form can tell blocks apart without isinstance checks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A heading inside a section; level 3 under the section's own (level 2) heading."""

    kind: ClassVar[str] = "heading"
    text: str
    level: int = 3


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    scope: str = ""  # "col", "row", "colgroup" or "rowgroup" for header cells
    colspan: int = 1
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    id: str
    caption: str
    head: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    # A short table is kept on one page; a long one may break between rows.
    short: bool = True

    @property
    def width(self) -> int:
        rows = self.head + self.rows
        return max((sum(c.colspan for c in row) for row in rows), default=0)


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """A national grade distribution as a bar chart; the same figures are in the adjacent table."""

    kind: ClassVar[str] = "chart"
    id: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    table_id: str = ""


@dataclass(frozen=True)
class GradeBanner:
    kind: ClassVar[str] = "grade"
    framework: str
    framework_name: str
    grade: str  # the grade's code in the programme's scale; empty when not yet awarded
    grade_name: str
    note: str = ""

    @property
    def text(self) -> str:
        return f"Grade: {self.grade_name}"


@dataclass(frozen=True)
class PracticeBox:
    kind: ClassVar[str] = "practice"
    area: str
    title: str
    problem: tuple[str, ...]
    solution: tuple[str, ...]
    outcomes: tuple[str, ...]
    contact: str


@dataclass(frozen=True)
class Notice:
    """A statement the reader must not miss, such as the reconstruction notice."""

    kind: ClassVar[str] = "notice"
    text: str
    tone: str = "warning"


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass(frozen=True)
class GlossaryGroup:
    kind: ClassVar[str] = "glossary"
    letter: str
    entries: tuple[GlossaryEntry, ...]


Block = Paragraph | Bullets | Heading | Table | Chart | GradeBanner | PracticeBox | Notice | GlossaryGroup


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    kind: str  # introduction, grading, practice, future, overview, findings, framework, group, glossary
    blocks: tuple[Block, ...]
    framework: str = ""


@dataclass(frozen=True)
class Report:
    force: str
    inspectorate: str
    programme: str
    month_year: str
    draft: bool
    generated: datetime.date
    sections: tuple[Section, ...]
    demonstration_notice: str = ""
    lang: str = "en-GB"
    # For a report imported from its published text: where it came from (with the file's SHA-256).
    provenance: str = ""
    subtitle: str = field(default="Inspection report")

    @property
    def title(self) -> str:
        return f"{self.force} – {self.inspectorate} {self.subtitle.lower()}, {self.month_year}"

    @property
    def running_header(self) -> str:
        return f"{self.force} – {self.inspectorate} – {self.month_year}"

    @property
    def status_label(self) -> str:
        """What the running header says about the report's standing (empty for a published report)."""
        parts = []
        if self.demonstration_notice:
            parts.append("RECONSTRUCTION FOR DEMONSTRATION")
        if self.draft:
            parts.append("DRAFT")
        if self.provenance:
            parts.append("IMPORTED FROM THE PUBLISHED REPORT")
        return " · ".join(parts)

    @property
    def glossary(self) -> tuple[GlossaryGroup, ...]:
        return tuple(
            block for section in self.sections for block in section.blocks if isinstance(block, GlossaryGroup)
        )

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


def block_texts(block: Block) -> Iterator[str]:
    """Every piece of reader-visible text in a block."""
    if isinstance(block, Paragraph | Heading | Notice):
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Table):
        yield block.caption
        for row in block.head + block.rows:
            yield from (cell.text for cell in row)
        yield from block.notes
    elif isinstance(block, Chart):
        yield from (block.title, block.description, *block.categories)
        yield from (s.label for s in block.series)
    elif isinstance(block, GradeBanner):
        yield from (block.text, block.note)
    elif isinstance(block, PracticeBox):
        yield from (block.area, block.title, *block.problem, *block.solution, *block.outcomes, block.contact)
    elif isinstance(block, GlossaryGroup):
        yield block.letter
        for entry in block.entries:
            yield from (entry.term, entry.meaning)


def report_texts(report: Report, *, include_glossary: bool = False) -> Iterator[str]:
    """The report's text, the title page and every section (the glossary only when asked)."""
    yield from (report.force, report.inspectorate, report.programme, report.month_year, report.subtitle)
    if report.demonstration_notice:
        yield report.demonstration_notice
    if report.provenance:
        yield report.provenance
    for section in report.sections:
        if section.kind == "glossary" and not include_glossary:
            continue
        yield section.title
        for block in section.blocks:
            yield from block_texts(block)
