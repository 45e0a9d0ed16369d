"""Breaking copies of YAML data folders (packs, reference data) in tests, and finding the line a
problem should be reported at."""

from __future__ import annotations

from pathlib import Path


def edit(folder: Path, relative: str, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def lines_with(folder: Path, relative: str, needle: str) -> list[int]:
    lines = (folder / relative).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if needle in line]


def line_of(folder: Path, relative: str, needle: str, occurrence: int = 1) -> int:
    found = lines_with(folder, relative, needle)
    assert len(found) >= occurrence, f"{needle!r} should occur {occurrence} times in {relative}"
    return found[occurrence - 1]
