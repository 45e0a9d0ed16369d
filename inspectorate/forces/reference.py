"""Loading the forces' reference data: the 43 forces, command units, dated context facts, peer groups.

Files live in `inspectorate/forces/reference/` (format in its README and peer-groups/README.md). A load
validates every file first and writes nothing if any problem is found; otherwise it writes everything
in one transaction. Loading the same files twice changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from django.db import transaction
from pydantic import BaseModel, ConfigDict

from inspectorate.accounts import audit
from inspectorate.datafiles import DataFileError, DataProblem, SourceFile, load_source, validate

from .models import CommandUnit, Force, ForceFact, PeerGroupSet, PeerLink

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ForceEntry(_Strict):
    code: str
    name: str
    short_name: str = ""
    country: Literal["England", "Wales"]
    region: str
    police_uk_id: str | None = None
    aliases: list[str] = []


class ForcesFile(_Strict):
    forces: list[ForceEntry]


class UnitEntry(_Strict):
    code: str
    name: str


class CommandUnitsFile(_Strict):
    force: str
    as_of: datetime.date
    kind: str
    source: str = ""
    units: list[UnitEntry]


class FactEntry(_Strict):
    key: str
    value: Decimal
    label: str
    unit: str = ""
    approximate: bool = False
    note: str = ""


class FactsFile(_Strict):
    force: str
    as_of: datetime.date
    source: str
    facts: list[FactEntry]


class PeerGroupsFile(_Strict):
    version: str
    description: str = ""
    unit_kind: Literal["force", "command_unit"]
    groups: dict[str, list[str]]


@dataclass
class LoadSummary:
    forces_created: int = 0
    forces_updated: int = 0
    command_units: int = 0
    facts: int = 0
    files: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.forces_created} forces created, {self.forces_updated} updated; "
            f"{self.command_units} command units and {self.facts} context facts from {len(self.files)} files"
        )


def _read(
    root: Path, relative: str, model: type[Any], problems: list[DataProblem]
) -> tuple[Any, SourceFile | None]:
    source, found = load_source(root, relative)
    problems.extend(found)
    if source is None:
        return None, None
    content, found = validate(model, source)
    problems.extend(found)
    return content, source


def _check_forces(content: ForcesFile, source: SourceFile, problems: list[DataProblem]) -> None:
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(content.forces):
        for key in ("code", "name"):
            value = getattr(entry, key)
            if (key, value) in seen:
                problems.append(source.problem(("forces", index, key), f"duplicate {key} {value!r}"))
            seen.add((key, value))


def load_reference(actor: Any = None, root: Path = REFERENCE_DIR) -> LoadSummary:
    problems: list[DataProblem] = []
    forces, forces_source = _read(root, "forces.yaml", ForcesFile, problems)
    if forces is not None and forces_source is not None:
        _check_forces(forces, forces_source, problems)
    known = {f.code for f in forces.forces} if forces is not None else set()

    unit_files: list[CommandUnitsFile] = []
    fact_files: list[FactsFile] = []
    for folder, model, bucket in (
        ("command-units", CommandUnitsFile, unit_files),
        ("facts", FactsFile, fact_files),
    ):
        for path in sorted((root / folder).glob("*.yaml")):
            relative = f"{folder}/{path.name}"
            content, source = _read(root, relative, model, problems)
            if content is None or source is None:
                continue
            if forces is not None and content.force not in known:
                problems.append(source.problem(("force",), f"unknown force {content.force!r}"))
            if isinstance(content, CommandUnitsFile):
                codes = [u.code for u in content.units]
                for index, code in enumerate(codes):
                    if code in codes[:index]:
                        problems.append(source.problem(("units", index, "code"), f"duplicate code {code!r}"))
            bucket.append(content)
    if problems:
        raise DataFileError(problems, root=root)

    assert forces is not None
    summary = LoadSummary(files=["forces.yaml"] + [f"{f.force}" for f in unit_files + fact_files])
    with transaction.atomic():
        for entry in forces.forces:
            _upsert_force(entry, actor, summary)
        by_code = {f.code: f for f in Force.objects.all()}
        for units in unit_files:
            for unit in units.units:
                CommandUnit.objects.update_or_create(
                    force=by_code[units.force],
                    code=unit.code,
                    defaults={
                        "name": unit.name,
                        "kind": units.kind,
                        "as_of": units.as_of,
                        "source": units.source,
                    },
                )
                summary.command_units += 1
        for facts in fact_files:
            for fact in facts.facts:
                ForceFact.objects.update_or_create(
                    force=by_code[facts.force],
                    key=fact.key,
                    as_of=facts.as_of,
                    defaults={
                        "label": fact.label,
                        "value": fact.value,
                        "unit": fact.unit,
                        "approximate": fact.approximate,
                        "note": fact.note,
                        "source": facts.source,
                    },
                )
                summary.facts += 1
    return summary


def _upsert_force(entry: ForceEntry, actor: Any, summary: LoadSummary) -> None:
    values = {
        "name": entry.name,
        "short_name": entry.short_name,
        "country": entry.country,
        "region": entry.region,
        "police_uk_id": entry.police_uk_id or "",
        "aliases": list(entry.aliases),
    }
    force = Force.objects.filter(code=entry.code).first()
    if force is None:
        force = Force.objects.create(code=entry.code, **values)
        audit.record(actor, "force.created", force, after=audit.snapshot(force))
        summary.forces_created += 1
        return
    before = audit.snapshot(force)
    for key, value in values.items():
        setattr(force, key, value)
    after = audit.snapshot(force)
    if after != before:
        force.save()
        audit.record(actor, "force.updated", force, before=before, after=after)
        summary.forces_updated += 1


def load_peer_groups(path: Path, actor: Any = None) -> PeerGroupSet:
    """Load one peer-group file. A version already loaded with the same content is left as it is; with
    different content it is refused, because comparisons made against it would silently change."""
    problems: list[DataProblem] = []
    content, source = _read(path.parent, path.name, PeerGroupsFile, problems)
    if content is not None and source is not None:
        if content.version != path.stem:
            problems.append(source.problem(("version",), f"must equal the file name {path.stem!r}"))
        known = _unit_codes(content.unit_kind)
        for unit, peers in content.groups.items():
            if unit not in known:
                problems.append(source.problem(("groups", unit), f"unknown {content.unit_kind} {unit!r}"))
            if not peers:
                problems.append(source.problem(("groups", unit), "has no peers"))
            for index, peer in enumerate(peers):
                if peer == unit:
                    problems.append(source.problem(("groups", unit, index), "a unit cannot be its own peer"))
                elif peer not in known:
                    problems.append(
                        source.problem(("groups", unit, index), f"unknown {content.unit_kind} {peer!r}")
                    )
                elif peer in peers[:index]:
                    problems.append(source.problem(("groups", unit, index), f"{peer!r} is listed twice"))
    if problems:
        raise DataFileError(problems, root=path.parent)
    assert content is not None
    digest = hashlib.sha256(json.dumps(content.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()
    with transaction.atomic():
        existing = PeerGroupSet.objects.filter(version=content.version).first()
        if existing is not None:
            if existing.content_hash != digest:
                raise DataFileError(
                    [
                        DataProblem(
                            path.name,
                            "version",
                            None,
                            f"version {content.version!r} is already loaded with different content; "
                            "give the changed groups a new version",
                        )
                    ],
                    root=path.parent,
                )
            return existing
        group_set = PeerGroupSet.objects.create(
            version=content.version,
            description=content.description,
            unit_kind=content.unit_kind,
            content_hash=digest,
        )
        PeerLink.objects.bulk_create(
            PeerLink(group_set=group_set, unit_code=unit, peer_code=peer)
            for unit, peers in content.groups.items()
            for peer in peers
        )
        audit.record(actor, "peer_groups.loaded", group_set, after=content.model_dump(mode="json"))
    return group_set


def _unit_codes(unit_kind: str) -> set[str]:
    if unit_kind == "force":
        return set(Force.objects.values_list("code", flat=True))
    return {f"{force}/{code}" for force, code in CommandUnit.objects.values_list("force__code", "code")}
