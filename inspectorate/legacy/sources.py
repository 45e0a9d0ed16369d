"""Reading an import's source file: a report's text, or its PDF with the text extracted by pdfplumber.

The PDF's pages are joined with form feeds (so that errors can name the page), and a blank line is put
wherever the vertical gap between two lines is larger than the text's own line spacing, which is how a
PDF shows a paragraph break. After that the same parser reads both."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SourceError(Exception):
    """The file cannot be read as a report's text or PDF."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # "text" or "pdf"
    sha256: str
    text: str


# Running headers and footers sit in the page margins; text there is left out (the parser would take
# it out anyway, but a header and a footer printed side by side come out as one garbled line).
MARGIN_TOP_PT = 18 / 25.4 * 72
MARGIN_BOTTOM_PT = 16 / 25.4 * 72


def _page_text(page: Any) -> str:
    body = page.within_bbox((0, MARGIN_TOP_PT, page.width, page.height - MARGIN_BOTTOM_PT))
    lines = body.extract_text_lines(layout=False, strip=True, return_chars=False)
    out: list[str] = []
    previous_bottom: float | None = None
    previous_height = 0.0
    for line in lines:
        height = float(line["bottom"]) - float(line["top"])
        if previous_bottom is not None:
            gap = float(line["top"]) - previous_bottom
            if gap > 0.45 * max(height, previous_height):
                out.append("")
        out.append(line["text"])
        previous_bottom = float(line["bottom"])
        previous_height = height
    return "\n".join(out)


def pdf_text(content: bytes, name: str = "the PDF") -> str:
    import io

    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            return "\f".join(_page_text(page) for page in pdf.pages)
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError) as error:
        raise SourceError(f"{name}: not a readable PDF ({error})") from error


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if content.startswith(b"%PDF"):
        return Source(path.name, "pdf", digest, pdf_text(content, str(path)))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{path}: byte {error.start} is not UTF-8 text; expected the report's text (UTF-8) or its PDF"
        ) from error
    return Source(path.name, "text", digest, text)
