"""The police.uk data shipped in the shared folder, as `monitor load-shipped` and the monitoring page's
"load the data now" job ingest it: one run per source, oldest copy first, so a later source replaces
the months it repeats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_RUNS: list[tuple[list[str], str | None]] = [
    (["national-2025"], None),
    (["city-of-london", "durham-2025"], None),
    (["met-monthly-2023-2025"], "metropolitan"),
]


@dataclass(frozen=True)
class ShippedRun:
    paths: list[Path]  # the folders present
    unit: str | None
    missing: list[Path]  # the folders expected and not there


def shipped_runs() -> list[ShippedRun]:
    root = Path(settings.SHARED_DIR) / "data" / "policeuk"
    runs = []
    for folders, unit in _RUNS:
        present = [root / f for f in folders if (root / f).is_dir()]
        missing = [root / f for f in folders if not (root / f).is_dir()]
        runs.append(ShippedRun(present, unit, missing))
    return runs
