"""Reading YAML data files with every problem located by file, key path and line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from inspectorate.methodology.pack.errors import PackError
from inspectorate.methodology.pack.errors import PackProblem as DataProblem
from inspectorate.methodology.pack.source import SourceFile, load_source
from inspectorate.methodology.pack.validation import validate


class DataFileError(PackError):
    """Problems in data files under `root`; nothing was written."""

    def __init__(self, problems: Iterable[DataProblem], root: Path | None = None) -> None:
        self.root = root
        super().__init__(problems)


__all__ = ["DataFileError", "DataProblem", "SourceFile", "load_source", "validate"]
