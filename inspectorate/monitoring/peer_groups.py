"""Generated most similar groups: each force's k nearest forces by crime mix and volume.

The result is written in the peer-group format of `inspectorate/forces/reference/peer-groups/`
(README there) and loaded like any other peer-group file. It is labelled as generated in its
description: it is not the Home Office's most similar groups, which use demographic and social data.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import yaml

from .catalogue import CRIME_TYPES, read_catalogue
from .models import Observation, UnitKind
from .peers import nearest_groups


def _code(crime_type: str) -> str:
    return crime_type.lower().replace(" ", "-")


def generated_groups(year: int, k: int) -> tuple[dict[str, list[str]], list[str]]:
    types = [_code(t) for t in CRIME_TYPES]
    rows = Observation.objects.filter(
        unit__kind=UnitKind.FORCE, period__year=year, indicator__code__in=types
    ).values_list("unit__code", "indicator__code", "period", "value")
    totals: dict[str, dict[str, float]] = {}
    months: dict[str, set] = {}
    for unit, indicator, period, value in rows:
        totals.setdefault(unit, {}).setdefault(indicator, 0.0)
        totals[unit][indicator] += value
        months.setdefault(unit, set()).add(period)
    forces = sorted(totals)
    if len(forces) <= k:
        raise LookupError(f"only {len(forces)} forces have {year} observations; need more than k = {k}")
    features = []
    for force in forces:
        counts = np.array([totals[force].get(t, 0.0) for t in types])
        total = counts.sum()
        # Volume as the log of the mean monthly records, so that months missing for a force do not
        # shrink it; crime mix as shares of the force's records.
        features.append([*(counts / total), math.log(total / len(months[force]))])
    nearest = nearest_groups(np.array(features), k)
    return {force: [forces[i] for i in nearest[n]] for n, force in enumerate(forces)}, forces


def write_generated(path: Path, year: int = 2025, k: int = 7) -> Path:
    groups, forces = generated_groups(year, k)
    version = path.stem
    description = (
        f"GENERATED, not official: each force's {k} nearest forces by crime mix (shares of the 14 "
        f"police.uk crime types) and volume (log of mean monthly records) in {year}, all standardised, "
        f"by Euclidean distance, from police.uk street-level data (Open Government Licence v3.0) as "
        f"ingested by `inspectorate monitor ingest`; made by `inspectorate monitor peer-groups`. "
        f"{len(forces)} forces had data. It is not the Home Office's most similar groups, which are "
        f"computed from demographic and social indicators; use it for monitoring demonstrations."
    )
    body = yaml.safe_dump(
        {"version": version, "description": description, "unit_kind": "force", "groups": groups},
        sort_keys=False,
        width=100,
        default_flow_style=None,
    )
    path.write_text(body, encoding="utf-8")
    return path


def configured_version() -> str:
    return read_catalogue().content.peer_groups
