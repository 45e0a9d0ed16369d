"""Writing a published version's files so that they appear only if the database change commits.

Files are written to a staging folder under `MEDIA_ROOT/published/.staging/` and moved into place by a
`transaction.on_commit` callback; when the publishing transaction fails they are deleted. A staging
folder left behind by a transaction rolled back further out (where nothing tells us) is swept away by
the next publication once it is an hour old."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

STALE_SECONDS = 3600


def published_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "published"


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Staged:
    """One version's files, written to a staging folder and waiting for the commit."""

    target: Path
    folder: Path
    hashes: dict[str, str] = field(default_factory=dict)

    def move_into_place(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if self.target.exists():
            # Only a version the database does not know about can be here (its transaction was rolled
            # back after the move, or the database was restored): the committed row decides.
            shutil.rmtree(self.target)
        os.replace(self.folder, self.target)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def stage(target: Path, files: Mapping[str, bytes]) -> Staged:
    """Write `files` ({extension: content}) as report.<extension> into a new staging folder."""
    staging_root = published_root() / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    _sweep(staging_root)
    folder = staging_root / uuid.uuid4().hex
    folder.mkdir()
    staged = Staged(target=target, folder=folder)
    try:
        for extension, content in files.items():
            path = folder / f"report.{extension}"
            path.write_bytes(content)
            staged.hashes[extension] = sha256_bytes(content)
    except BaseException:
        staged.discard()
        raise
    return staged


def _sweep(staging_root: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for leftover in staging_root.iterdir():
        try:
            if leftover.stat().st_mtime < cutoff:
                shutil.rmtree(leftover, ignore_errors=True)
        except FileNotFoundError:
            continue
