"""A progress bar for the backup commands (rich), one line per step."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")


class Bar:
    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        )

    def __enter__(self) -> Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def track(self, items: Iterable[T], description: str, total: int) -> Iterator[T]:
        task = self.progress.add_task(description, total=total)
        for item in items:
            yield item
            self.progress.advance(task)
