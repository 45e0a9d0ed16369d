"""The scars of text extracted from a published PDF (METHODOLOGY §8), and how lines become paragraphs.

Pure: strings in, strings out. A report's text is read as numbered lines; page headers and footers
(for example "West Midlands Police - HMIC Inspection Report", "October 2007", "Page 30") are taken
out wherever they fall, grade banners are lifted out of the lists and sentences they interrupt, and
the remaining lines are joined into paragraphs and bullets: a bullet broken across lines or pages is
one bullet again, whatever glyph the PDF used for it, and a word hyphenated at a line end is joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Glyphs that PDFs use for a bullet: the bullet itself, the Symbol-font private-use bullet, other
# round and square bullets, and a dash or asterisk standing at the start of a line.
BULLET_GLYPHS = "•\uf0b7\uf0a7●▪◦■\u2219\u25cf\u25aa"
_BULLET = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}]|(?P<dash>[-*])(?=\s))\s*")
BULLET = "• "
_LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_LINE = re.compile(rf"^({'|'.join(MONTHS)}) (\d{{4}})$")
_PAGE_LINE = re.compile(r"^Page \d+(?: of \d+)?$", re.IGNORECASE)
_DASH = re.compile(r"\s+[–—-]\s+")
_SPACES = re.compile(r"\s+")
_TERMINAL = tuple(".:;?!’”\"')")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the text
    page: int  # 1-based page, counted by form feeds (0 when the text has none)
    text: str  # without the line break; leading space kept (it marks a new page in extracted text)

    @property
    def where(self) -> str:
        return f"page {self.page} (line {self.number})" if self.page else f"line {self.number}"

    @property
    def clean(self) -> str:
        return squash(self.text)


def squash(text: str) -> str:
    """Whitespace normalised: runs of spaces as one, ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def key(text: str) -> str:
    """A heading or name as compared: case, dashes and spacing ignored."""
    return _DASH.sub(" – ", squash(text)).casefold()


def split_lines(text: str) -> list[Line]:
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    has_pages = "\f" in text
    page = 1 if has_pages else 0
    lines: list[Line] = []
    number = 0
    for raw in text.split("\n"):
        parts = raw.split("\f")
        for i, part in enumerate(parts):
            if i:
                page += 1
                # A page break is a break in the text, like a blank line; `continues` decides
                # whether the paragraph carries on.
                lines.append(Line(number, page, ""))
            if i == 0 or part:
                number += 1
                lines.append(Line(number, page, part.rstrip()))
    return lines


def month_of(line: str) -> str | None:
    """'October 2007' -> '2007-10'."""
    match = _MONTH_LINE.match(squash(line))
    if not match:
        return None
    return f"{match.group(2)}-{MONTHS.index(match.group(1)) + 1:02d}"


def header_pattern(force_names: list[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(force_names, key=len, reverse=True)) or r"\S.*?"
    # "West Midlands Police - HMIC Inspection Report" (the printed report) or the running header
    # "West Midlands Police - HM Inspectorate of Constabulary - October 2007" (this system's PDF),
    # with an en dash, an em dash or a hyphen between the parts.
    return re.compile(
        rf"^(?P<force>{names})\s+[–—-]\s+(?:HMIC Inspection Report|HM Inspectorate of Constabulary"
        rf"(?:\s+[–—-]\s+(?P<month>\w+ \d{{4}}))?)$",
        re.IGNORECASE,
    )


def is_page_furniture(clean: str, header: re.Pattern[str]) -> bool:
    return bool(header.match(clean) or _MONTH_LINE.match(clean) or _PAGE_LINE.match(clean))


def bullet_start(text: str, after_break: bool = True) -> str | None:
    """The bullet's text without its glyph, or None when the line does not start a bullet. A hyphen
    starts a bullet only at the start of a paragraph: inside one it is a dash that wrapped."""
    match = _BULLET.match(text)
    if not match or not text[match.end() :].strip():
        return None
    if match.group("dash") and not after_break:
        return None
    return text[match.end() :]


def join(lines: list[str]) -> str:
    """Lines of one paragraph as one string: a line ending in a hyphenated word part joins the next
    without a space (the hyphen is kept: the report's line-end hyphens are compound words such as
    "force-wide"), as does one ending in a slash ("Reducing/" "Investigating"); any other line break
    is a space."""
    out = ""
    for line in lines:
        part = squash(line)
        if not part:
            continue
        if not out:
            out = part
        elif re.search(r"\w[-/]$", out):
            out += part
        else:
            out += " " + part
    return out


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def continues(previous: str, text: str) -> bool:
    """Whether a paragraph that follows a break (blank line, page break, banner) carries on the
    previous one: it starts in lower case or with a bracket, or the previous one stopped mid-sentence
    and this one is not a bullet of its own."""
    first = text.lstrip()[:1]
    if not first or bullet_start(text) is not None:
        return False
    return first.islower() or first in "(" or not ends_sentence(previous)


def paragraphs(lines: list[Line]) -> list[str]:
    """Running text as paragraphs: blank lines separate them, a bullet starts one (as '• ...'), and
    a paragraph broken by a page or a banner is joined again."""
    chunks: list[list[str]] = []
    bullets: list[bool] = []
    broke = True
    for line in lines:
        text = line.text
        if not text.strip():
            broke = True
            continue
        item = bullet_start(text, broke)
        if item is not None:
            chunks.append([item])
            bullets.append(True)
        elif broke and chunks and continues(join(chunks[-1]), text):
            chunks[-1].append(text)
        elif broke or not chunks:
            chunks.append([text])
            bullets.append(False)
        else:
            chunks[-1].append(text)
        broke = False
    return [
        (BULLET if is_bullet else "") + join(chunk) for chunk, is_bullet in zip(chunks, bullets, strict=True)
    ]


def items(lines: list[Line]) -> tuple[list[str], list[Line]]:
    """A printed list (strengths, work in progress, ...): every bullet as one string, and the lines
    that carried text before the first bullet (which a list should not have)."""
    found: list[list[str]] = []
    stray: list[Line] = []
    broke = True
    for line in lines:
        if not line.text.strip():
            broke = True
            continue
        item = bullet_start(line.text, broke)
        broke = False
        if item is not None:
            found.append([item])
        elif found:
            found[-1].append(line.text)
        else:
            stray.append(line)
    return [join(chunk) for chunk in found], stray
