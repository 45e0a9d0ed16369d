"""What text typed into Inspectorate may contain.

Text is written once and read in every format: HTML, the PDF, the Word file (XML 1.0, which has no way
to hold a control character), JSON and PostgreSQL (which cannot store NUL). So text refuses control
characters, except the tab and the line breaks people actually type, and the code points that are
not characters at all (lone surrogates, U+FFFE and U+FFFF). Refusing them at entry, with the field
named, means every format always renders.

Pure Python on purpose: the forms, the API's schemas and the services' safety net all ask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; surrogates; the two
# noncharacters XML refuses.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "ESC"}


def describe(character: str) -> str:
    """'U+0000 (NUL)' for a character, for error messages."""
    point = ord(character)
    name = _NAMES.get(point)
    return f"U+{point:04X} ({name})" if name else f"U+{point:04X}"


def problem(value: str) -> str | None:
    """Why the text cannot be kept, or None when it can."""
    found = _REFUSED.search(value)
    if found is None:
        return None
    return (
        f"contains a control character, {describe(found.group())}, at character {found.start() + 1}; "
        "remove it (only tabs and line breaks are allowed)"
    )


def problems_in(value: Any) -> str | None:
    """The first problem in a string, or in any string inside lists, tuples and dict keys or values."""
    for text in _strings(value):
        found = problem(text)
        if found is not None:
            return found
    return None


def checked(value: Any) -> Any:
    """The value unchanged, or ValueError naming the problem (a pydantic after-validator)."""
    found = problems_in(value)
    if found is not None:
        raise ValueError(found)
    return value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)
