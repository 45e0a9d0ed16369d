"""The demonstration data file: its shape, and reading it with every problem located by file, line and
key path (for example `west-midlands-2007.yaml, line 212, evidence[3].verification: ...`)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ..choices import FindingKind, Marking, SourceType

DATA_FILE = Path(__file__).with_name("west-midlands-2007.yaml")


class DemoDataError(Exception):
    """The data file cannot be loaded; the message names the file, line and key path."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceItem(_Strict):
    ref: str
    source: str
    title: str
    summary: str
    collected_by: str
    collected_on: datetime.date
    effective: datetime.date
    criteria: list[str] = []
    frameworks: list[str] = []
    marking: str | None = None
    verification: Literal["verified", "corroborated", "unverified"] = "unverified"
    note: str = ""
    corroborated_by: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> EvidenceItem:
        if self.source not in SourceType.values:
            raise ValueError(f"source must be one of {', '.join(SourceType.values)}")
        if self.marking is not None and self.marking not in Marking.values:
            raise ValueError(f"marking must be one of {', '.join(Marking.values)}")
        if self.verification == "verified" and not self.note.strip():
            raise ValueError("a verified item needs a note of what was checked")
        if self.verification == "corroborated" and not (self.note.strip() or self.corroborated_by):
            raise ValueError("a corroborated item needs corroborated_by (a reference) or a note")
        if self.verification == "unverified" and (self.note or self.corroborated_by):
            raise ValueError("an unverified item has no verification note or corroborating item")
        return self


class JudgementEntry(_Strict):
    value: Literal["met", "partly", "not_met", "na"]
    evidence: list[str] | None = None
    comment: str = ""


class ConditionEntry(_Strict):
    present: bool
    rationale: str = ""
    evidence: list[str] = []


class AwardEntry(_Strict):
    grade: str
    rationale: str = ""


class FindingLists(_Strict):
    strength: list[str] = []
    work_in_progress: list[str] = []
    area_for_improvement: list[str] = []
    recommendation: list[str] = []

    def by_kind(self) -> list[tuple[str, list[str]]]:
        return [(kind, getattr(self, kind)) for kind in FindingKind.values]


class Fieldwork(_Strict):
    starts: datetime.date
    ends: datetime.date


class DemoData(_Strict):
    programme: str
    force: str
    title: str
    published: str
    fieldwork: Fieldwork | None = None
    demonstration_note: str
    context: dict[str, str] = {}
    framework_context: dict[str, str] = {}
    evidence: list[EvidenceItem]
    judgements: dict[str, dict[str, JudgementEntry]]
    conditions: dict[str, dict[str, ConditionEntry]] = {}
    awards: dict[str, AwardEntry]
    findings: dict[str, FindingLists] = {}

    @model_validator(mode="after")
    def _references(self) -> DemoData:
        refs = [item.ref for item in self.evidence]
        repeated = sorted({ref for ref in refs if refs.count(ref) > 1})
        if repeated:
            raise ValueError(f"evidence reference {repeated[0]} is used more than once")
        known = set(refs)
        for item in self.evidence:
            if item.corroborated_by is not None and item.corroborated_by not in known:
                raise ValueError(
                    f"evidence {item.ref}: corroborated_by {item.corroborated_by} is not an item here"
                )
        for code, judged in self.judgements.items():
            for criterion, entry in judged.items():
                for ref in entry.evidence or []:
                    if ref not in known:
                        raise ValueError(f"judgements.{code}.{criterion}: evidence {ref} is not an item here")
        for code, conditions in self.conditions.items():
            for name, condition in conditions.items():
                for ref in condition.evidence:
                    if ref not in known:
                        raise ValueError(f"conditions.{code}.{name}: evidence {ref} is not an item here")
        if set(self.awards) != set(self.judgements):
            raise ValueError("awards and judgements must cover the same frameworks")
        return self

    @property
    def frameworks(self) -> list[str]:
        return list(self.judgements)

    @property
    def usernames(self) -> set[str]:
        return {item.collected_by for item in self.evidence}


def _line_of(root: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """The line (1-based) of the deepest node the key path reaches in the composed YAML."""
    node, line = root, None
    for step in path:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def _path_text(path: tuple[Any, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


def read(path: Path = DATA_FILE) -> DemoData:
    """Read and check the data file; raise DemoDataError naming every problem's line and key path."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
        root = yaml.compose(text)
    except OSError as exc:
        raise DemoDataError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return DemoData.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            # Validators that check the whole model report at the top level; their message names the key.
            loc = tuple(step for step in error["loc"] if step != "__root__")
            line = _line_of(root, loc)
            where = f"line {line}, " if line else ""
            problems.append(f"{path.name}, {where}{_path_text(loc)}: {error['msg']}")
        raise DemoDataError(f"{path}: the demonstration data has problems:\n" + "\n".join(problems)) from exc


def locate(path: Path, key_path: tuple[Any, ...]) -> str:
    """`file, line N, key.path` for a problem found after reading (for example by a service)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        root = None
    line = _line_of(root, key_path)
    return f"{path.name}, {f'line {line}, ' if line else ''}{_path_text(key_path)}"
