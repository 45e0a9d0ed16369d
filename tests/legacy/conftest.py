"""The seed report and what the importer needs: the programme's layout read straight from the 2007
pack files (no database, for the pure parser), and the loaded forces and pack (for the importer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from inspectorate.forces.reference import REFERENCE_DIR
from inspectorate.legacy.model import FrameworkLayout, Layout
from inspectorate.methodology.pack.reader import read_pack
from tests.conftest import PACK_2007


def seed_path() -> Path:
    return Path(settings.SHARED_DIR) / "seed" / "hmic-west-midlands-2007.txt"


def grades_path(year: int) -> Path:
    return Path(settings.SHARED_DIR) / "data" / "hmic" / f"published-grades-{year}.csv"


@pytest.fixture
def seed() -> Path:
    path = seed_path()
    if not path.is_file():
        pytest.skip(f"the shared seed report is missing: {path}")
    return path


@pytest.fixture
def seed_text(seed: Path) -> str:
    return seed.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def layout() -> Layout:
    """The 2007 programme as the parser sees it, from the pack files and the forces reference file."""
    pack = read_pack(PACK_2007)
    groups = {g.code: g.name for g in pack.groups}
    frameworks = tuple(
        FrameworkLayout(f.code, f.name, f.group or "")
        for f in sorted(pack.frameworks, key=lambda f: f.order)
        if "programmed" in f.kinds
    )
    listed = yaml.safe_load((REFERENCE_DIR / "forces.yaml").read_text(encoding="utf-8"))["forces"]
    names = [force["name"] for force in listed]
    return Layout(
        grades=tuple((g.code, g.name) for g in pack.scale.grades),
        frameworks=frameworks,
        groups=tuple(groups.items()),
        forces=tuple(names),
        total_forces=len(names),
    )


@pytest.fixture
def ready(forces: None, pack_2007: Any) -> Any:
    """The forces and the 2007 pack loaded, as `make run` loads them."""
    return pack_2007


@pytest.fixture
def variant(tmp_path: Path, seed_text: str) -> Callable[..., Path]:
    """A malformed copy of the seed: `variant(name, old, new)` replaces `old` (which must occur) by
    `new`, or `variant(name, keep_lines=N)` keeps the first N lines."""

    def make(name: str, old: str = "", new: str = "", keep_lines: int | None = None, count: int = 1) -> Path:
        text = seed_text
        if keep_lines is not None:
            text = "\n".join(text.splitlines()[:keep_lines])
        else:
            assert old in text, f"{old!r} is not in the seed"
            text = text.replace(old, new, count)
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        return path

    return make
