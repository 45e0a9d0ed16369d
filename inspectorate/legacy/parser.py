"""Reading a published force report in the 2007 HMIC format (METHODOLOGY §8) into a ParsedReport.

Pure: `parse_report(text, layout)` takes the report's text (as extracted from its PDF, or this
system's own PDF read back) and the programme's layout, and returns the report as printed, or raises
ReportFormatError naming the line (or page) and what was expected there. Nothing here touches the
database or a file.

The reading follows the report's landmarks: the force overview, the national and force summaries of
judgements, one section per framework (a group's overview before its components) and the glossary.
Page furniture and grade banners are lifted out first (`text.py`), so that a list or a sentence they
interrupt reads on. The cross-checks (`checks.py`) run on the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import tables
from . import text as t
from .boxes import glossary_entries, practice_boxes
from .checks import cross_check, mark_overview_repeats
from .model import (
    LIST_HEADINGS,
    Layout,
    ParsedReport,
    Practice,
    ReportFormatError,
    Section,
)
from .text import Line

NATIONAL_SUMMARY = "national summary of judgements"
FORCE_SUMMARY = "force summary of judgements"
OVERVIEW = "force overview and context"
FINDINGS = "findings"
GLOSSARY = re.compile(r"glossary of terms and abbreviations", re.IGNORECASE)
SUBHEADINGS = {
    "national grade distribution": "distribution",
    "national contextual factors": "national_context",
    "contextual factors": "force_context",
    "contextual factors overview": "force_context",
    "developing practice": "practice",
} | {heading.casefold(): name for name, heading in LIST_HEADINGS.items()}
EMPTY_LIST = {"none recorded."}


@dataclass(frozen=True)
class _Furniture:
    force: str | None
    month: str | None


def _banner_pattern(layout: Layout) -> re.Pattern[str]:
    names = "|".join(re.escape(name) for _, name in layout.grades)
    return re.compile(rf"^(?:GRADE\s+|Grade:\s*)({names})$", re.IGNORECASE)


def _strip_furniture(lines: list[Line], layout: Layout) -> tuple[list[Line], _Furniture]:
    """Page headers and footers become blank lines (a page break), wherever they fall."""
    header = t.header_pattern(list(layout.forces))
    force = month = None
    out = []
    for line in lines:
        clean = line.clean
        if clean and t.is_page_furniture(clean, header):
            found = header.match(clean)
            if found:
                force = force or found.group("force")
                if found.group("month"):
                    month = month or t.month_of(found.group("month"))
            else:
                month = month or t.month_of(clean)
            out.append(Line(line.number, line.page, ""))
        else:
            out.append(line)
    return out, _Furniture(force, month)


class _Reader:
    def __init__(self, text: str, layout: Layout) -> None:
        self.layout = layout
        raw = t.split_lines(text)
        if not any(line.clean for line in raw):
            raise ReportFormatError("line 1", "the file is empty: expected the text of a published report")
        self.lines, self.furniture = _strip_furniture(raw, layout)
        self.last = raw[-1]
        self.banner = _banner_pattern(layout)
        self.grade_code = {name.casefold(): code for code, name in layout.grades}

    # Landmarks -----------------------------------------------------------------------------
    def find(self, wanted: str, start: int = 0, end: int | None = None) -> int | None:
        stop = len(self.lines) if end is None else end
        for i in range(start, stop):
            if t.key(self.lines[i].text) == wanted:
                return i
        return None

    def find_last(self, wanted: str, end: int) -> int | None:
        for i in range(end - 1, -1, -1):
            if t.key(self.lines[i].text) == wanted:
                return i
        return None

    def next_text(self, i: int) -> int | None:
        for j in range(i + 1, min(len(self.lines), i + 12)):
            if self.lines[j].clean:
                return j
        return None

    def section_starts(self, start: int) -> list[tuple[str, str, int, int]]:
        """(code, printed title, first and last line of the title) of every framework section, a
        group's overview first."""
        expected: list[tuple[str, str]] = []
        seen_groups: set[str] = set()
        for framework in self.layout.frameworks:
            if framework.group and framework.group not in seen_groups:
                seen_groups.add(framework.group)
                expected.append((framework.group, f"{self.layout.group_name(framework.group)} – Overview"))
            expected.append((framework.code, self.layout.title(framework)))
        found: list[tuple[str, str, int, int]] = []
        position = start
        for code, title in expected:
            index = self._section_title(t.key(title), position)
            if index is None:
                after = found[-1][1] if found else "the force summary of judgements"
                raise ReportFormatError(
                    f"line {self.last.number}" if not self.last.page else f"page {self.last.page}",
                    f"expected the section '{title}' after '{after}', but the text ends first "
                    "(is the report truncated?)",
                )
            last = self._title_at(index, t.key(title)) or index
            printed = " ".join(line.clean for line in self.lines[index : last + 1])
            found.append((code, printed, index, last))
            position = last + 1
        return found

    def _title_at(self, i: int, wanted: str) -> int | None:
        """The last line of the title `wanted` starting at line i (a long title wraps), or None."""
        seen = t.key(self.lines[i].text)
        for j in range(i, min(i + 3, len(self.lines))):
            if j > i:
                seen = f"{seen} {t.key(self.lines[j].text)}"
            if seen == wanted:
                return j
            if not wanted.startswith(seen + " "):
                return None
        return None

    def _section_title(self, wanted: str, start: int) -> int | None:
        for i in range(start, len(self.lines)):
            end = self._title_at(i, wanted)
            if end is None:
                continue
            following = self.next_text(end)
            if following is not None and t.key(self.lines[following].text) in (
                "national grade distribution",
                "national contextual factors",
            ):
                return i
        return None

    # The parts ---------------------------------------------------------------------------------
    def parse(self) -> ParsedReport:
        national = self.find(NATIONAL_SUMMARY)
        if national is None:
            raise ReportFormatError(
                "line 1",
                "this is not a published force report in the 2007 format: no 'National summary of "
                "judgements' was found (expected the findings' national summary table)",
            )
        force_summary = self.find(FORCE_SUMMARY, national + 1)
        if force_summary is None:
            raise ReportFormatError(
                self.lines[national].where,
                "expected 'Force summary of judgements' after the national summary of judgements",
            )
        starts = self.section_starts(force_summary + 1)
        glossary = next(
            (i for i in range(starts[-1][3] + 1, len(self.lines)) if GLOSSARY.search(self.lines[i].text)),
            None,
        )
        if glossary is None:
            raise ReportFormatError(
                self.last.where,
                f"expected the glossary of terms and abbreviations after the section '{starts[-1][1]}', "
                "but the text ends first (is the report truncated?)",
            )
        summary, summary_lines = tables.national_summary(
            self.lines[national], self.lines[national + 1 : force_summary], self.layout
        )
        grades, grade_lines = tables.force_summary(
            self.lines[force_summary],
            self.lines[force_summary + 1 : starts[0][2]],
            self.layout,
            self.grade_code,
        )
        sections: dict[str, Section] = {}
        practice: list[Practice] = []
        bounds = [s[2] for s in starts[1:]] + [glossary]
        for (code, title, _, begin), end in zip(starts, bounds, strict=True):
            section, boxes = self.section(code, title, begin, end)
            sections[code] = section
            practice += boxes
        overview = self.overview(national)
        force, month = self.force_and_month()
        report = ParsedReport(
            force=force,
            published=month,
            overview=overview,
            national_summary=summary,
            force_summary=grades,
            sections=sections,
            developing_practice=practice,
            glossary=glossary_entries(self.lines[glossary], self.lines[glossary + 1 :]),
            lines=self.last.number,
        )
        report.places = {f"national:{c}": line.where for c, line in summary_lines.items()}
        report.places |= {f"force:{c}": line.where for c, line in grade_lines.items()}
        mark_overview_repeats(report, self.layout)
        report.disagreements = cross_check(report, self.layout)
        return report

    def force_and_month(self) -> tuple[str, str]:
        force = self.furniture.force
        if force is None:
            # No page header: a title line naming a force, else the force named most often.
            force = next((line.clean for line in self.lines[:80] if line.clean in self.layout.forces), None)
        if force is None:
            body = "\n".join(line.text for line in self.lines)
            counts = {name: body.count(name) for name in self.layout.forces}
            best = max(counts, key=lambda name: (counts[name], len(name)), default=None)
            force = best if best and counts[best] else None
        if force is None:
            raise ReportFormatError(
                "line 1",
                "the force is not recognised: expected a page header such as '<force> – HMIC "
                "Inspection Report' or a force's name in the text",
            )
        canonical = next((name for name in self.layout.forces if name.casefold() == force.casefold()), force)
        if self.furniture.month is None:
            raise ReportFormatError(
                "line 1",
                "the month of publication is not found: expected a page header or footer such as "
                "'October 2007'",
            )
        return canonical, self.furniture.month

    def overview(self, national: int) -> list[tuple[str, str]]:
        start = self.find_last(OVERVIEW, national)
        if start is None:
            raise ReportFormatError(
                self.lines[national].where,
                "expected the 'Force Overview and Context' section before the findings",
            )
        end = self.find_last(FINDINGS, national)
        end = end if end is not None and end > start else national
        lines = self.lines[start + 1 : end]
        parts: list[tuple[str, list[Line]]] = []
        for i, line in enumerate(lines):
            if self._is_subheading(lines, i):
                parts.append((line.clean, []))
            elif parts:
                parts[-1][1].append(line)
            elif line.clean:
                parts.append(("", [line]))
        return [(heading, "\n\n".join(t.paragraphs(body))) for heading, body in parts]

    @staticmethod
    def _is_subheading(lines: list[Line], i: int) -> bool:
        clean = lines[i].clean
        before = lines[i - 1].clean if i else ""
        after = lines[i + 1].clean if i + 1 < len(lines) else ""
        return (
            bool(clean)
            and not before
            and not after
            and clean[0].isupper()
            and not t.ends_sentence(clean)
            and len(clean.split()) <= 8
            and t.bullet_start(clean) is None
        )

    def section(self, code: str, title: str, begin: int, end: int) -> tuple[Section, list[Practice]]:
        heading = self.lines[begin]
        section = Section(code=code, title=title, line=heading.where)
        is_group = code in dict(self.layout.groups)
        blocks: dict[str, list[Line]] = {}
        current = ""
        boxes: list[Practice] = []
        for line in self.lines[begin + 1 : end]:
            banner = self.banner.match(line.clean)
            if banner:
                if section.grade is not None:
                    raise ReportFormatError(
                        line.where,
                        f"a second grade banner in the section '{title}' (the first is at "
                        f"{section.grade_line}): expected one",
                    )
                section.grade = self.grade_code[banner.group(1).casefold()]
                section.grade_line = line.where
                continue
            name = SUBHEADINGS.get(t.key(line.text))
            if name == "force_context" and current == "practice":
                name = None
            if name is not None and not (name == "practice" and current == "practice"):
                current = name
                blocks.setdefault(current, [])
                continue
            blocks.setdefault(current, []).append(line)
        if is_group and section.grade is not None:
            raise ReportFormatError(
                heading.where, f"the overview '{title}' has a grade banner: a group's overview has no grade"
            )
        if not is_group and section.grade is None:
            raise ReportFormatError(
                heading.where,
                f"the section '{title}' has no grade banner (expected a line such as 'GRADE FAIR')",
            )
        if not is_group:
            section.national_distribution, section.distribution_line = tables.distribution(
                title, heading, blocks.get("distribution"), self.layout
            )
        section.national_context = "\n\n".join(t.paragraphs(blocks.get("national_context", [])))
        section.force_context = "\n\n".join(t.paragraphs(blocks.get("force_context", [])))
        for name, printed in LIST_HEADINGS.items():
            if name not in blocks:
                if name == "recommendations":
                    continue
                raise ReportFormatError(
                    heading.where,
                    f"the section '{title}' has no '{printed}' list (expected the heading '{printed}' "
                    "and its bullets; is the report truncated?)",
                )
            found, stray = t.items(blocks[name])
            stray = [line for line in stray if t.key(line.text) not in EMPTY_LIST]
            if stray:
                raise ReportFormatError(
                    stray[0].where,
                    f"expected a bullet of '{printed}' in the section '{title}', found {stray[0].clean!r}",
                )
            section.lists[name] = found
        if "practice" in blocks:
            boxes = practice_boxes(code, title, blocks["practice"])
        return section, boxes


def parse_report(text: str, layout: Layout) -> ParsedReport:
    """The report as printed; ReportFormatError when the text is not such a report."""
    return _Reader(text, layout).parse()


def split_only(text: str) -> int:
    """Reading and splitting the text into lines, nothing more (the benchmark's baseline)."""
    return len(t.split_lines(text))
