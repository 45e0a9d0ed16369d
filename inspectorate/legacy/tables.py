"""The grade tables of a published report: the national summary of judgements (forces per grade),
the force summary of judgements (a grade per framework) and a section's national grade distribution.

Pure: lines of text in, numbers and grade codes out."""

from __future__ import annotations

import re

from . import text as t
from .model import Layout, ReportFormatError
from .text import Line


def numbers(rest: str, layout: Layout) -> list[int] | None:
    """The number of forces for each grade at the start of `rest`, or None."""
    count = len(layout.grades)
    match = re.match(rf"^(?:As published\s+)?((?:\d+\s+){{{count - 1}}}\d+)(?:\s|$)", rest)
    if not match:
        return None
    return [int(n) for n in match.group(1).split()]


def table_rows(lines: list[Line]) -> list[Line]:
    """A table's lines, with a first cell that wrapped onto the next line put back together
    ("Performance 6 29 8 0" then "management")."""
    rows: list[Line] = []
    for line in lines:
        clean = line.clean
        if not clean:
            continue
        if rows and clean[0].islower() and not re.search(r"\d", clean):
            previous = rows[-1]
            match = re.match(r"^(\D*?)\s+(\d.*|[A-Z][a-z]+)$", previous.clean)
            if match:
                rows[-1] = Line(previous.number, previous.page, f"{match.group(1)} {clean} {match.group(2)}")
                continue
        rows.append(line)
    return rows


def national_summary(
    heading: Line, lines: list[Line], layout: Layout
) -> tuple[dict[str, dict[str, int]], dict[str, Line]]:
    """Forces per grade for each framework, and the line each row was read from."""
    found: dict[str, Line] = {}
    names = " ".join(name for _, name in layout.grades)
    result: dict[str, dict[str, int]] = {}
    rows = table_rows(lines)
    for framework in layout.frameworks:
        name = t.key(framework.name)
        for line in rows:
            clean = t.key(line.text)
            if not clean.startswith(name) or clean == name:
                continue
            rest = line.clean[len(framework.name) :].strip()
            counts = numbers(rest, layout)
            if counts is None:
                raise ReportFormatError(
                    line.where,
                    f"the national summary row for {framework.name} does not parse: expected "
                    f"{len(layout.grades)} numbers of forces ({names}), found {rest!r}",
                )
            result[framework.code] = dict(zip((c for c, _ in layout.grades), counts, strict=True))
            found[framework.code] = line
            break
        else:
            raise ReportFormatError(
                heading.where,
                f"the national summary of judgements has no row for {framework.name} (expected "
                f"'{framework.name}' followed by the number of forces graded {names})",
            )
    return result, found


def force_summary(
    heading: Line, lines: list[Line], layout: Layout, grade_code: dict[str, str]
) -> tuple[dict[str, str], dict[str, Line]]:
    """The force's grade code for each framework, and the line each row was read from."""
    found: dict[str, Line] = {}
    result: dict[str, str] = {}
    rows = table_rows(lines)
    for framework in layout.frameworks:
        name = t.key(framework.name)
        for line in rows:
            clean = t.key(line.text)
            if not clean.startswith(name + " "):
                continue
            rest = clean[len(name) :].strip()
            if rest == "grade":
                continue
            if rest not in grade_code:
                printed = line.clean[len(name) :].strip()
                raise ReportFormatError(
                    line.where,
                    f"the force summary row for {framework.name} does not parse: expected one of "
                    f"{', '.join(n for _, n in layout.grades)}, found {printed!r}",
                )
            result[framework.code] = grade_code[rest]
            found[framework.code] = line
            break
        else:
            raise ReportFormatError(
                heading.where,
                f"the force summary of judgements has no row for {framework.name} (expected "
                f"'{framework.name}' followed by its grade)",
            )
    return result, found


def distribution(
    title: str, heading: Line, lines: list[Line] | None, layout: Layout
) -> tuple[dict[str, int], str]:
    """A section's national grade distribution and where it was read."""
    names = " ".join(name for _, name in layout.grades)
    if lines is None:
        raise ReportFormatError(heading.where, f"the section '{title}' has no 'National grade distribution'")
    candidates = [line for line in lines if line.clean.startswith("As published")] or lines
    for line in candidates:
        counts = numbers(line.clean, layout)
        if counts is not None and len(line.clean.split()) in (len(counts), len(counts) + 2):
            codes = [c for c, _ in layout.grades]
            return dict(zip(codes, counts, strict=True)), line.where
    where = next((line.where for line in lines if line.clean), heading.where)
    raise ReportFormatError(
        where,
        f"the national grade distribution of '{title}' does not parse: expected a row of "
        f"{len(layout.grades)} numbers of forces under '{names}'",
    )
