"""Plain report text (as written in packs and by inspection teams) to report blocks.

Paragraphs are separated by blank lines; lines starting with "- ", "* " or "• " are bullets, and an
indented line continues the bullet above; a lone short line without closing punctuation is a
sub-heading ("Programmed frameworks").
"""

from __future__ import annotations

import re

from .model import Block, Bullets, Heading, Paragraph

_BULLET = re.compile(r"^\s*(?:[-*•])\s+")
_HEADING_WORDS = 8


def _is_heading(lines: list[str], is_last: bool) -> bool:
    if len(lines) != 1 or is_last:
        return False
    line = lines[0].strip()
    return (
        bool(line)
        and line[0].isupper()
        and line[-1] not in ".:;,?!)’'\""
        and len(line.split()) <= _HEADING_WORDS
        and not _BULLET.match(lines[0])
    )


def _chunk_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    prose: list[str] = []
    items: list[str] = []

    def flush_prose() -> None:
        if prose:
            blocks.append(Paragraph(" ".join(prose)))
            prose.clear()

    def flush_items() -> None:
        if items:
            blocks.append(Bullets(tuple(items)))
            items.clear()

    for line in lines:
        if _BULLET.match(line):
            flush_prose()
            items.append(_BULLET.sub("", line).strip())
        elif items and line[:1].isspace():
            items[-1] = f"{items[-1]} {line.strip()}"
        else:
            flush_items()
            prose.append(line.strip())
    flush_prose()
    flush_items()
    return blocks


def text_blocks(text: str, *, headings: bool = True) -> tuple[Block, ...]:
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in (text or "").splitlines():
        if line.strip():
            current.append(line.rstrip())
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    blocks: list[Block] = []
    for index, chunk in enumerate(chunks):
        if headings and _is_heading(chunk, index == len(chunks) - 1):
            blocks.append(Heading(chunk[0].strip()))
        else:
            blocks.extend(_chunk_blocks(chunk))
    return tuple(blocks)


def paragraphs(text: str) -> tuple[str, ...]:
    """Text as a list of paragraphs and bullet lines (for boxes that hold plain lines)."""
    out: list[str] = []
    for block in text_blocks(text, headings=False):
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Bullets):
            out.extend(f"• {item}" for item in block.items)
    return tuple(out)
