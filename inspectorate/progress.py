"""The progress bar every long command shows: a label, the bar, done of total, anything the command
adds, and the time taken, written to the stream the command names (a Django command's stdout or
stderr) and left on screen when the work ends."""

from __future__ import annotations

from typing import IO, Any, cast

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)


def progress_bar(stream: Any, label: str, *after_count: ProgressColumn) -> Progress:
    """`label` is a rich text-column format ("{task.description:<32}" shows each task's description)."""
    # Django's OutputWrapper writes like a text stream, which is all rich needs.
    console = Console(file=cast(IO[str], stream), highlight=False)
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        *after_count,
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
