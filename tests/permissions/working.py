"""What the team's working looks like in a response, so the permission matrix can check that a persona
refused the working never receives any of it: criterion codes (as the packs write them, "CA-F03"),
the marks a grade engine trace leaves in a page or a JSON answer, and the texts the worlds wrote as
working (judgement comments, rationales, decision notes), which each `world_<app>.py` module may list
as `WORKING_TEXTS`.

Bodies are read as text whatever their format: HTML and JSON as they are, PDF through pdfplumber,
Word through its document XML."""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
import zipfile
from typing import Any

# A criterion code of any pack: framework code, a hyphen, a level letter and a number.
CRITERION_CODE = re.compile(r"\b[A-Z]{2,4}-[A-Z]\d{2}\b")

# What a trace leaves in a page (the trace partial) or in JSON (the stored trace dict).
TRACE_MARKERS = (
    'data-testid="trace"',
    "The rules are tried in order",
    "partly_met_weight",
    '"combinator"',
    '"numerator"',
)


def working_texts() -> tuple[str, ...]:
    """Every world module's WORKING_TEXTS."""
    found: list[str] = []
    package = importlib.import_module(__package__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("world_"):
            found.extend(getattr(importlib.import_module(f"{__package__}.{info.name}"), "WORKING_TEXTS", ()))
    return tuple(found)


def body_text(response: Any) -> str:
    """A response's body as text: PDF and Word documents are read for their words."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf") and content.startswith(b"%PDF"):
        import pdfplumber
        from pdfplumber.utils.exceptions import PdfminerException

        try:
            with pdfplumber.open(io.BytesIO(content)) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)
        except PdfminerException:
            pass  # not a readable document (a stand-in file): read its bytes as they are
    if "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as document:
            xml = document.read("word/document.xml").decode("utf-8")
        # Runs of one word may be split; join the text of every run, paragraph by paragraph.
        return "\n".join(
            "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
            for paragraph in xml.split("</w:p>")
        )
    return content.decode("utf-8", errors="replace")


def leaks(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The working found in `text`: each criterion code, trace marker and working text, once."""
    found = sorted(set(CRITERION_CODE.findall(text)))
    found += [marker for marker in TRACE_MARKERS if marker in text]
    found += [phrase for phrase in (*working_texts(), *extra) if phrase in text]
    return found
