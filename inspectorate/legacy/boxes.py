"""The printed boxes and the appendix of a report: developing-practice boxes and the glossary.

Pure, like the parser that calls them: lines in, structured parts out, ReportFormatError naming the
line when a part is missing."""

from __future__ import annotations

import re

from . import text as t
from .model import Practice, ReportFormatError
from .text import Line

_BOX_LABELS = [
    ("area", re.compile(r"^inspection area:\s*(.*)$", re.IGNORECASE)),
    ("title", re.compile(r"^title:\s*(.*)$", re.IGNORECASE)),
    ("problem", re.compile(r"^problem:?$", re.IGNORECASE)),
    ("solution", re.compile(r"^solution:?$", re.IGNORECASE)),
    ("outcomes", re.compile(r"^outcome(?:\(s\)|s)?:?$", re.IGNORECASE)),
    ("contact", re.compile(r"^force contact:\s*(.*)$", re.IGNORECASE)),
]


def practice_boxes(code: str, section_title: str, lines: list[Line]) -> list[Practice]:
    """The developing-practice boxes printed at the end of a section. The printed report labels every
    part (INSPECTION AREA:, TITLE:, PROBLEM:, ...); this system's PDF prints the title first."""
    boxes: list[dict[str, list[Line]]] = []
    field = ""
    for line in lines:
        clean = line.clean
        if t.key(clean) == "developing practice":
            boxes.append({})
            field = "title"
            continue
        for name, pattern in _BOX_LABELS:
            match = pattern.match(clean)
            if match:
                if name == "area" and (not boxes or "area" in boxes[-1]):
                    boxes.append({})
                field = name
                rest = match.group(1) if match.groups() else ""
                boxes[-1].setdefault(name, [])
                if rest:
                    boxes[-1][name].append(Line(line.number, line.page, rest))
                break
        else:
            if not boxes:
                if clean:
                    raise ReportFormatError(
                        line.where,
                        f"expected a developing practice box (INSPECTION AREA:, TITLE:, PROBLEM:, ...) in "
                        f"'{section_title}', found {clean!r}",
                    )
                continue
            boxes[-1].setdefault(field, []).append(line)
    out = []
    for box in boxes:
        if not any(line.clean for lines_ in box.values() for line in lines_):
            continue
        first = next(line for lines_ in box.values() for line in lines_ if line.clean)
        for name in ("area", "title", "problem", "solution", "outcomes", "contact"):
            if not any(line.clean for line in box.get(name, [])):
                raise ReportFormatError(
                    first.where,
                    f"the developing practice box in '{section_title}' has no {name} "
                    f"(expected {name.upper() if name != 'area' else 'INSPECTION AREA'}:)",
                )

        def flat(name: str, box: dict[str, list[Line]] = box) -> str:
            return t.join([line.text for line in box[name]])

        def prose(name: str, box: dict[str, list[Line]] = box) -> str:
            return "\n\n".join(t.paragraphs(box[name]))

        out.append(
            Practice(
                section=code,
                area=flat("area"),
                title=flat("title"),
                problem=prose("problem"),
                solution=prose("solution"),
                outcomes=prose("outcomes"),
                contact=flat("contact"),
                line=first.number,
            )
        )
    return out


def glossary_entries(heading: Line, lines: list[Line]) -> dict[str, str]:
    """The glossary as printed: letter lines skipped, an entry per abbreviation, a meaning that runs
    onto the next line joined."""
    entries: dict[str, str] = {}
    last = ""
    for line in lines:
        clean = line.clean
        if not clean or re.fullmatch(r"[A-Z]", clean):
            continue
        term, _, meaning = clean.partition(" ")
        if last and (not re.search(r"[A-Z]", term) or not meaning):
            entries[last] = t.join([entries[last], clean])
            continue
        if not meaning:
            raise ReportFormatError(
                line.where,
                f"expected a glossary entry (an abbreviation and its meaning), found {clean!r}",
            )
        entries[term] = meaning.strip()
        last = term
    if not entries:
        raise ReportFormatError(heading.where, "the glossary has no entries (is the report truncated?)")
    return entries
