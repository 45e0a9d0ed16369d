"""Problems found in data files, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong with a data file, located as precisely as the source allows.

    ``file`` is relative to the folder being read (``criteria/CA.yaml``), ``key_path`` names the value
    inside the file (``criteria[3].theme``; empty for the file as a whole) and ``line`` is 1-based.
    """

    file: str
    key_path: str
    line: int | None
    reason: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.key_path, self.reason)

    def __str__(self) -> str:
        where = self.file
        if self.key_path:
            where += f": {self.key_path}"
        if self.line is not None:
            where += f" (line {self.line})"
        return f"{where}: {self.reason}"


class DataFileError(Exception):
    """Data files could not be read; ``problems`` lists everything found, in file and line order, and
    ``root`` (when given) is the folder the files' names are relative to. Nothing was written."""

    def __init__(self, problems: Iterable[DataProblem], root: Path | None = None) -> None:
        self.problems: list[DataProblem] = sorted(set(problems), key=DataProblem.sort_key)
        self.root = root
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
