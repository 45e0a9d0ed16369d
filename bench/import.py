"""How long importing the published 2007 West Midlands report takes (issue: under one second).

Figures, all in the same run so they can be compared across machines:

- baseline: reading the seed file and splitting it into lines, nothing more;
- parse: reading the report into its structured result with every cross-check (the pure parser);
- import: the whole `import-report` into a fresh database (reading, parsing, checking, writing the
  inspection, grades, findings, examples and the import record), minus the freezing of the
  published version;
- freeze: rendering and hashing the frozen version's JSON, HTML and PDF (publication's own work,
  the same for any published report; bench/reports.py measures its PDF on its own).

The goal of one second is for the import. Each figure is the best of N runs; CPU time
is printed beside wall-clock time because on a busy machine it is the steadier figure.

Run: uv run python bench/import.py [--runs N]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_scratch = tempfile.mkdtemp(prefix="bench-import-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings_test")
os.environ["DATABASE_URL"] = f"sqlite:///{_scratch}/bench.sqlite3"
os.environ["INSPECTORATE_MEDIA_ROOT"] = f"{_scratch}/media"

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from inspectorate.forces.reference import load_reference  # noqa: E402
from inspectorate.legacy import importer  # noqa: E402
from inspectorate.legacy.parser import parse_report, split_only  # noqa: E402
from inspectorate.methodology.loading import load_pack  # noqa: E402
from inspectorate.reports import publication  # noqa: E402

GOAL_MS = 1000.0
SEED = Path(settings.SHARED_DIR) / "seed" / "hmic-west-midlands-2007.txt"


class _Rollback(Exception):
    pass


def best(runs: int, work: Callable[[], Any]) -> tuple[float, float]:
    """(best wall-clock ms, best CPU ms) of `runs` runs."""
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return min(wall), min(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if not SEED.is_file():
        print(f"The seed report is missing ({SEED}); set INSPECTORATE_SHARED_DIR.")
        return 1
    call_command("migrate", verbosity=0)
    load_reference()
    programme = load_pack(ROOT / "packs" / "hmic-2007").programme
    layout = importer.layout_for(programme)

    baseline = best(runs, lambda: split_only(SEED.read_text(encoding="utf-8")))
    parse = best(runs, lambda: parse_report(SEED.read_text(encoding="utf-8"), layout))

    frozen: list[float] = []
    real_freeze = publication.publish_imported

    def timed_freeze(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real_freeze(*args, **kwargs)
        finally:
            frozen.append((time.perf_counter() - start) * 1000)

    importer.publication.publish_imported = timed_freeze  # type: ignore[assignment]

    def one_import() -> None:
        # Each run imports into the same empty database and is rolled back.
        try:
            with transaction.atomic():
                importer.import_report(SEED, "hmic-2007")
                raise _Rollback
        except _Rollback:
            pass

    wall: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        one_import()
        wall.append((time.perf_counter() - start) * 1000)
    writes = min(w - f for w, f in zip(wall, frozen, strict=True))
    freeze = min(frozen)

    print(f"Importing {SEED.name} ({SEED.stat().st_size:,} bytes), best of {runs} runs:")
    print(f"  baseline  read and split into lines   {baseline[0]:8.1f} ms wall  {baseline[1]:8.1f} ms CPU")
    print(f"  parse     structured result, checks   {parse[0]:8.1f} ms wall  {parse[1]:8.1f} ms CPU")
    print(f"  import    read, parse, check, write   {writes:8.1f} ms wall")
    print(f"  freeze    JSON, HTML and PDF version   {freeze:8.1f} ms wall (publication, as for any report)")
    verdict = "meets" if writes <= GOAL_MS else "misses"
    print(
        f"Import: {writes:.1f} ms, {writes / baseline[0]:.0f}× the baseline; {verdict} the goal of "
        f"{GOAL_MS:.0f} ms (with the frozen version rendered: {writes + freeze:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
