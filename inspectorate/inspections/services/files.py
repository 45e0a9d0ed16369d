"""Evidence files on disk: size limit, content sniffing, SHA-256 and private storage.

Files live under `MEDIA_ROOT/evidence/` with random names and are never mapped to a URL. The media
type is decided from the content alone: the name and the type a browser claims are not trusted.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from .errors import Invalid

STORAGE_FOLDER = "evidence"
_CHUNK = 64 * 1024
_HEAD = 8192

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
TEXT = "text/plain"
CSV = "text/csv"

ACCEPTED = "PDF, PNG, JPEG, GIF, Word, Excel, PowerPoint or OpenDocument files, plain text or CSV"

_MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
# Office Open XML files are ZIP archives whose top folder names the application.
_OOXML_FOLDERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_ODF_TYPES = frozenset({ODT, ODS, ODP})
# Bytes that never occur in text (controls other than tab, line feed, form feed and carriage return).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
# Bytes that Windows-1252 leaves undefined.
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    original_name: str
    size: int
    media_type: str
    sha256: str


def max_upload_bytes() -> int:
    return int(settings.INSPECTORATE_MAX_UPLOAD_BYTES)


def storage_path(storage_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / storage_name


def discard(storage_name: str) -> None:
    storage_path(storage_name).unlink(missing_ok=True)


def clean_name(name: str) -> str:
    """The uploaded file's own name without folders or control characters, for the download."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:255] or "evidence"


def _chunks(upload: Any) -> Iterator[bytes]:
    if isinstance(upload, bytes | bytearray):
        yield bytes(upload)
        return
    if hasattr(upload, "chunks"):
        yield from upload.chunks(_CHUNK)
        return
    while chunk := upload.read(_CHUNK):
        yield chunk


def _limit_message(limit: int) -> str:
    return f"the file is larger than the limit of {limit:,} bytes ({limit / 1024 / 1024:g} MiB)"


def store(upload: Any, name: str) -> StoredFile:
    """Write an upload (bytes, a file object or a Django UploadedFile) to private storage.

    Refuses (Invalid on `file`) an empty file, one over the size limit and one whose content is not an
    accepted type; nothing is left on disk then."""
    limit = max_upload_bytes()
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise Invalid({"file": _limit_message(limit)})
    storage_name = f"{STORAGE_FOLDER}/{secrets.token_hex(20)}"
    path = storage_path(storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with path.open("xb") as out:
            for chunk in _chunks(upload):
                size += len(chunk)
                if size > limit:
                    raise Invalid({"file": _limit_message(limit)})
                if len(head) < _HEAD:
                    head += chunk[: _HEAD - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise Invalid({"file": "the file is empty"})
        media_type = sniff(head, path, complete=size <= _HEAD)
        if media_type is None:
            raise Invalid({"file": f"this kind of file is not accepted; upload {ACCEPTED}"})
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(storage_name, clean_name(name), size, media_type, digest.hexdigest())


def sniff(head: bytes, path: Path | None = None, complete: bool = True) -> str | None:
    """The media type of a file from its first bytes (`head`), or None when it is not accepted.

    ZIP archives are opened (from `path`) to tell Office documents from other archives; `complete`
    says whether `head` is the whole file, so that a text line cut off at its end is not judged."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head.startswith(b"PK\x03\x04"):
        return _office_type(path) if path is not None else None
    if _is_text(head, complete):
        return CSV if _looks_like_csv(head, complete) else TEXT
    return None


def _office_type(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in _ODF_TYPES else None
            if "[Content_Types].xml" in names:
                for folder, media_type in _OOXML_FOLDERS:
                    if any(n.startswith(folder) for n in names):
                        return media_type
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _is_text(head: bytes, complete: bool) -> bool:
    if any(byte in _CONTROL for byte in head):
        return False
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        decoder.decode(head, final=complete)
        return True
    except UnicodeDecodeError:
        # Not UTF-8: accept Windows-1252 text, as spreadsheets often export it.
        return not any(byte in _CP1252_UNDEFINED for byte in head)


def _looks_like_csv(head: bytes, complete: bool) -> bool:
    """Comma-separated: at least two rows, all with the same number (two or more) of fields."""
    text = head.decode("utf-8-sig", "replace")
    lines = text.splitlines()
    if not complete and lines:
        lines = lines[:-1]
    lines = [line for line in lines if line.strip()]
    if len(lines) < 2:
        return False
    try:
        widths = {len(row) for row in csv.reader(io.StringIO("\n".join(lines)))}
    except csv.Error:
        return False
    return len(widths) == 1 and widths.pop() >= 2
