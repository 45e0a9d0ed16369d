"""The report model to plain data (for JSON) and back, so that a report frozen as JSON at publication
can be laid out again (for instance as Word) exactly as it was published."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from .model import (
    Block,
    Bullets,
    Cell,
    Chart,
    GlossaryEntry,
    GlossaryGroup,
    GradeBanner,
    Heading,
    Notice,
    Paragraph,
    PracticeBox,
    Report,
    Section,
    Series,
    Table,
)

BLOCK_TYPES: dict[str, type] = {
    cls.kind: cls
    for cls in (Paragraph, Bullets, Heading, Table, Chart, GradeBanner, PracticeBox, Notice, GlossaryGroup)
}


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts (blocks carry their `type`), tuples to lists, dates to ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        kind = getattr(value, "kind", None)
        if isinstance(kind, str):
            out["type"] = kind
        for f in dataclasses.fields(value):
            out[f.name] = to_plain(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fields(cls: type, data: Mapping[str, Any], where: str) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names - {"type"})
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
    return {k: v for k, v in data.items() if k in names}


def _block(data: Mapping[str, Any], where: str) -> Block:
    kind = data.get("type")
    cls = BLOCK_TYPES.get(str(kind))
    if cls is None:
        raise ValueError(f"{where}: unknown block type {kind!r}")
    fields = _fields(cls, data, where)
    if cls is Table:
        for key in ("head", "rows"):
            fields[key] = tuple(tuple(Cell(**c) for c in row) for row in fields[key])
        fields["notes"] = tuple(fields.get("notes", ()))
    elif cls is Chart:
        fields["categories"] = tuple(fields["categories"])
        fields["series"] = tuple(Series(s["label"], tuple(s["values"])) for s in fields["series"])
    elif cls is Bullets:
        fields["items"] = tuple(fields["items"])
    elif cls is PracticeBox:
        for key in ("problem", "solution", "outcomes"):
            fields[key] = tuple(fields[key])
    elif cls is GlossaryGroup:
        fields["entries"] = tuple(GlossaryEntry(**e) for e in fields["entries"])
    block: Block = cls(**fields)
    return block


def report_from_plain(data: Mapping[str, Any]) -> Report:
    fields = _fields(
        Report, {k: v for k, v in data.items() if k not in ("title", "running_header")}, "report"
    )
    sections = []
    for i, s in enumerate(fields["sections"]):
        where = f"sections[{i}]"
        blocks = tuple(_block(b, f"{where}.blocks[{j}]") for j, b in enumerate(s["blocks"]))
        sections.append(Section(**{**_fields(Section, s, where), "blocks": blocks}))
    fields["sections"] = tuple(sections)
    fields["generated"] = datetime.date.fromisoformat(fields["generated"])
    return Report(**fields)
