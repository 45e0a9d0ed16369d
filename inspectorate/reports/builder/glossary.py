"""Which glossary entries a report prints: exactly the abbreviations its text uses.

A term is used when it appears as a whole word, with the same letter case, anywhere in the report
outside the glossary. A plural "s" still counts ("PCSOs" uses PCSO), as does a possessive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import GlossaryEntry, GlossaryGroup


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(term)}s?(?![A-Za-z0-9])")


def used_terms(entries: Iterable[GlossaryEntry], texts: Iterable[str]) -> tuple[GlossaryEntry, ...]:
    corpus = "\n".join(texts)
    return tuple(entry for entry in entries if _pattern(entry.term).search(corpus))


def glossary_groups(entries: Iterable[GlossaryEntry]) -> tuple[GlossaryGroup, ...]:
    """Alphabetical (ignoring case), grouped by initial letter."""
    ordered = sorted(entries, key=lambda e: (e.term.upper(), e.term))
    groups: dict[str, list[GlossaryEntry]] = {}
    for entry in ordered:
        groups.setdefault(entry.term[:1].upper(), []).append(entry)
    return tuple(GlossaryGroup(letter, tuple(items)) for letter, items in groups.items())
