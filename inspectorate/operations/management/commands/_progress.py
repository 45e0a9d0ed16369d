"""The backup commands' steps, each a line of the common progress bar (`inspectorate.progress`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from inspectorate.progress import progress_bar

T = TypeVar("T")


class Bar:
    def __init__(self, stream: Any) -> None:
        self.progress = progress_bar(stream, "{task.description}")

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
