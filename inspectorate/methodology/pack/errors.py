"""Problems found in a methodology pack, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack, located as precisely as the source allows.

    ``file`` is relative to the pack folder (``criteria/CA.yaml``), ``key_path`` names the value inside
    the file (``criteria[3].theme``; empty for the file as a whole) and ``line`` is 1-based.
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


class PackError(Exception):
    """A pack could not be read; ``problems`` lists everything found, in file and line order."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems: list[PackProblem] = sorted(set(problems), key=PackProblem.sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
