"""Recognising and checking input files for `monitor ingest`: police.uk street-level files and the
aggregated CSVs of the shared data folder (docs/monitoring.md lists the formats).

Every problem names the file and, where there is one, the line; the ingest stops at the first set of
problems and writes nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

STREET_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)

# Aggregated formats by their columns. `force` says whether the file names its force; files without
# one (the Metropolitan monthly series) take the unit from the command line.
AGGREGATE_FORMATS: dict[str, tuple[str, ...]] = {
    "force_month_crimetype_outcome": ("force_id", "month", "crime_type", "last_outcome_category", "count"),
    "force_month_crimetype": ("force_id", "force_name", "month", "crime_type", "count"),
    "force_lad_month_crimetype": ("force_id", "lad_name", "month", "crime_type", "count"),
    "lad_home_force": ("lad_name", "top_force_id", "top_n", "all_n", "top_share", "is_home"),
    "coverage_force_month": ("force_id", "force_name", "month", "rows"),
    "monthly_by_crime": ("crime_type", "month", "count"),
}

STREET_NAME = re.compile(r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+)-street\.csv$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class IngestError(Exception):
    """Bad input; nothing of the run was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class InputFile:
    path: Path
    kind: str  # "street" or one of AGGREGATE_FORMATS
    month: str = ""  # street files: the month in the file name
    force: str = ""  # street files: the force in the file name

    @property
    def label(self) -> str:
        return str(self.path)


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, and every CSV under the folders given, in a stable order."""
    found: list[Path] = []
    problems = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.csv") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    if problems:
        raise IngestError(problems)
    # The same file named twice (directly and through its folder) is read once.
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique


def header_of(path: Path) -> list[str] | Problem:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError as exc:
        return Problem(str(path), 1, f"not UTF-8 text ({exc.reason})")
    except OSError as exc:
        return Problem(str(path), None, f"cannot be read ({exc.strerror})")
    if not first.strip():
        return Problem(str(path), 1, "the file is empty: no header line")
    return next(csv.reader([first]))


def classify(path: Path) -> InputFile | Problem:
    header = header_of(path)
    if isinstance(header, Problem):
        return header
    name_match = STREET_NAME.match(path.name)
    columns = set(header)
    if name_match or "Crime type" in columns or "Crime ID" in columns:
        missing = [c for c in STREET_COLUMNS if c not in columns]
        if missing:
            return Problem(
                str(path),
                1,
                f"missing column{'s' if len(missing) > 1 else ''} {_names(missing)} "
                "of a police.uk street-level file",
            )
        if name_match is None:
            return Problem(
                str(path),
                None,
                "a street-level file must be named YYYY-MM-<force>-street.csv, as police.uk names them",
            )
        month = name_match["month"]
        if not MONTH.match(month):
            return Problem(str(path), None, f"bad month {month!r} in the file name")
        return InputFile(path, "street", month=month, force=name_match["force"])
    best: tuple[int, str] | None = None
    for kind, wanted in AGGREGATE_FORMATS.items():
        missing = [c for c in wanted if c not in columns]
        if not missing:
            return InputFile(path, kind)
        score = len(wanted) - len(missing)
        if best is None or score > best[0]:
            best = (score, kind)
    assert best is not None
    kind = best[1]
    missing = [c for c in AGGREGATE_FORMATS[kind] if c not in columns]
    if best[0] == 0:
        return Problem(
            str(path),
            1,
            "not a police.uk street-level file nor one of the aggregated formats in docs/monitoring.md",
        )
    return Problem(
        str(path),
        1,
        f"missing column{'s' if len(missing) > 1 else ''} {_names(missing)} (reading it as {kind}.csv)",
    )


def _names(columns: list[str]) -> str:
    return ", ".join(repr(c) for c in columns)


def check_ending(path: Path) -> Problem | None:
    """A police.uk file ends with a line break; one that stops mid-line was cut short."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        if size == 0:
            return Problem(str(path), 1, "the file is empty")
        handle.seek(size - 1)
        if handle.read(1) != b"\n":
            lines = _count_lines(path)
            return Problem(str(path), lines, "the file ends in the middle of a line: it looks truncated")
    return None


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1


def locate_bad_row(path: Path) -> Problem:
    """The first row that does not fit the header (read only when the fast reader refused a file)."""
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
            for row in reader:
                if len(row) != len(header):
                    return Problem(
                        str(path),
                        reader.line_num,
                        f"{len(row)} fields where the header has {len(header)}"
                        + (" (the file looks truncated)" if len(row) < len(header) else ""),
                    )
        except csv.Error as exc:
            return Problem(str(path), reader.line_num, f"unreadable CSV ({exc})")
    return Problem(str(path), None, "unreadable CSV")
