"""Building and breaking small methodology packs for the pack reader's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.datafiles import DataProblem
from inspectorate.methodology.pack import PackError, read_pack
from tests.yaml_edits import edit, lines_with

__all__ = ["FIXTURE", "REAL_PACK", "edit", "line_of", "only_problem", "problems_of"]

FIXTURE = Path(__file__).parent / "fixtures" / "mini-pack"
REAL_PACK = Path(__file__).resolve().parents[2] / "packs" / "hmic-2007"


def line_of(pack_dir: Path, relative: str, needle: str) -> int:
    found = lines_with(pack_dir, relative, needle)
    assert len(found) == 1, f"{needle!r} should be on exactly one line of {relative}"
    return found[0]


def problems_of(pack_dir: Path) -> list[DataProblem]:
    with pytest.raises(PackError) as caught:
        read_pack(pack_dir)
    return caught.value.problems


def only_problem(pack_dir: Path) -> DataProblem:
    problems = problems_of(pack_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# A sound pack
