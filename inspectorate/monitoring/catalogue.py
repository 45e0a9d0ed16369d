"""The indicator catalogue: a versioned YAML file read and validated like a methodology pack (every
problem located by file, key path and line), then written to the database in one transaction.

Format: docs/monitoring.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from inspectorate.accounts import audit
from inspectorate.datafiles import DataFileError, DataProblem, SourceFile, load_source, validate

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
CATALOGUE_FILE = "indicators.yaml"

# The crime types police.uk uses in street-level files (data.police.uk/about).
CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorEntry(_Strict):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    description: str = ""
    measure: Literal["count", "share"]
    crime_types: list[str] | None = None
    exclude_crime_types: list[str] = []
    numerator_outcomes: list[str] = []
    direction: Literal["higher", "lower", "neutral"]
    frequency: Literal["monthly"]
    frameworks: list[str] = Field(min_length=1)
    peer_comparison: bool = True


class CatalogueFile(_Strict):
    version: str
    programme: str
    peer_groups: str = ""
    indicators: list[IndicatorEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Catalogue:
    content: CatalogueFile
    digest: str

    @property
    def indicators(self) -> list[IndicatorEntry]:
        return list(self.content.indicators)


def _check(content: CatalogueFile, source: SourceFile, problems: list[DataProblem]) -> None:
    seen: dict[str, int] = {}
    for index, entry in enumerate(content.indicators):
        where = ("indicators", index)
        if entry.code in seen:
            problems.append(source.problem((*where, "code"), f"duplicate code {entry.code!r}"))
        seen[entry.code] = index
        for key in ("crime_types", "exclude_crime_types"):
            for position, crime_type in enumerate(getattr(entry, key) or []):
                if crime_type not in CRIME_TYPES:
                    problems.append(
                        source.problem(
                            (*where, key, position),
                            f"unknown police.uk crime type {crime_type!r}; use one of "
                            + ", ".join(CRIME_TYPES),
                        )
                    )
        if entry.crime_types is not None and entry.exclude_crime_types:
            problems.append(
                source.problem(
                    (*where, "exclude_crime_types"), "give crime_types or exclude_crime_types, not both"
                )
            )
        if entry.measure == "share" and not entry.numerator_outcomes:
            problems.append(
                source.problem((*where, "numerator_outcomes"), "a share needs numerator_outcomes")
            )
        if entry.measure == "count" and entry.numerator_outcomes:
            problems.append(
                source.problem((*where, "numerator_outcomes"), "only a share has numerator_outcomes")
            )


def read_catalogue(root: Path = CATALOGUE_DIR, name: str = CATALOGUE_FILE) -> Catalogue:
    """Read and validate the catalogue file (no database); DataFileError lists every problem."""
    problems: list[DataProblem] = []
    source, found = load_source(root, name)
    problems.extend(found)
    content: CatalogueFile | None = None
    if source is not None and not found:
        content, found = validate(CatalogueFile, source)
        problems.extend(found)
        if content is not None:
            _check(content, source, problems)
    if problems or content is None:
        raise DataFileError(problems, root=root)
    digest = hashlib.sha256(json.dumps(content.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()
    return Catalogue(content, digest)


def _framework_problems(catalogue: Catalogue, root: Path, name: str) -> list[DataProblem]:
    from inspectorate.methodology.models import Framework, FrameworkKind, Programme

    source, _ = load_source(root, name)
    assert source is not None
    programme = Programme.objects.filter(code=catalogue.content.programme).first()
    if programme is None:
        return [source.problem(("programme",), f"programme {catalogue.content.programme!r} is not loaded")]
    risk_based = set(
        Framework.objects.filter(programme=programme)
        .of_kind(FrameworkKind.RISK_BASED)
        .values_list("code", flat=True)
    )
    problems = []
    for index, entry in enumerate(catalogue.indicators):
        for position, code in enumerate(entry.frameworks):
            if code not in risk_based:
                problems.append(
                    source.problem(
                        ("indicators", index, "frameworks", position),
                        f"{code!r} is not a risk-based framework of {programme.code}; use one of "
                        + ", ".join(sorted(risk_based)),
                    )
                )
    return problems


def load_catalogue(actor: Any = None, root: Path = CATALOGUE_DIR, name: str = CATALOGUE_FILE) -> Catalogue:
    """Validate the catalogue against the loaded programme and make the indicators match it, in one
    transaction (a caller's transaction, if there is one). Loading the same file again changes nothing."""
    from inspectorate.methodology.models import Framework

    from .models import Indicator

    catalogue = read_catalogue(root, name)
    problems = _framework_problems(catalogue, root, name)
    if problems:
        raise DataFileError(problems, root=root)
    with transaction.atomic():
        frameworks = {
            f.code: f for f in Framework.objects.filter(programme__code=catalogue.content.programme)
        }
        for position, entry in enumerate(catalogue.indicators):
            definition = {
                "crime_types": entry.crime_types,
                "exclude_crime_types": entry.exclude_crime_types,
                "numerator_outcomes": entry.numerator_outcomes,
            }
            values = {
                "name": entry.name,
                "description": entry.description,
                "measure": entry.measure,
                "direction": entry.direction,
                "frequency": entry.frequency,
                "definition": definition,
                "peer_comparison": entry.peer_comparison,
                "catalogue_version": catalogue.content.version,
                "position": position,
            }
            indicator = Indicator.objects.filter(code=entry.code).first()
            wanted = {f.pk for f in (frameworks[c] for c in entry.frameworks)}
            if indicator is None:
                indicator = Indicator.objects.create(code=entry.code, **values)
                indicator.frameworks.set(wanted)
                audit.record(
                    actor, "indicator.created", indicator, after={**values, "frameworks": entry.frameworks}
                )
                continue
            before = {
                **audit.snapshot(indicator, list(values)),
                "frameworks": sorted(indicator.frameworks.values_list("code", flat=True)),
            }
            for key, value in values.items():
                setattr(indicator, key, value)
            after = {**audit.snapshot(indicator, list(values)), "frameworks": sorted(entry.frameworks)}
            if before != after:
                indicator.save()
                indicator.frameworks.set(wanted)
                audit.record(actor, "indicator.updated", indicator, before=before, after=after)
    return catalogue
