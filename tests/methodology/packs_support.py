"""Building and breaking small methodology packs for the pack reader's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.methodology.pack import PackError, PackProblem, read_pack

FIXTURE = Path(__file__).parent / "fixtures" / "mini-pack"
REAL_PACK = Path(__file__).resolve().parents[2] / "packs" / "hmic-2007"


def edit(pack_dir: Path, relative: str, old: str, new: str) -> None:
    path = pack_dir / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(pack_dir: Path, relative: str, needle: str) -> int:
    lines = (pack_dir / relative).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} should be on exactly one line of {relative}"
    return found[0]


def problems_of(pack_dir: Path) -> list[PackProblem]:
    with pytest.raises(PackError) as caught:
        read_pack(pack_dir)
    return caught.value.problems


def only_problem(pack_dir: Path) -> PackProblem:
    problems = problems_of(pack_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# A sound pack
