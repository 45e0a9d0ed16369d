"""The report as PDF, read back with poppler's tools as a reader's software would read it."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Introduction to the inspection programme",
    "The grading process",
    "Developing practice",
    "Future inspection activity",
    "Force overview and context",
    "Findings",
    "Neighbourhood Policing",
    "Performance management",
    "Protecting vulnerable people – Overview",
    "Protecting vulnerable people – Child abuse",
    "Protecting vulnerable people – Domestic violence",
    "Protecting vulnerable people – Public protection",
    "Protecting vulnerable people – Missing persons",
    "Glossary of terms and abbreviations",
]


def _pdf(wm_rendered, tmp_path: Path):  # type: ignore[no-untyped-def]
    report, content = wm_rendered("pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return report, path


def _run(tool: str, *args: str | Path) -> str:
    """Run one of poppler's tools. `make test` installs them, so a missing one fails, never skips."""
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: `make test` installs poppler-utils (scripts/setup --for-tests)")
    return subprocess.run([found, *map(str, args)], capture_output=True, text=True, check=True).stdout


def _section_starts(pages: list[str]) -> list[str]:
    """The section each page starts, if any: its title is the first text under the running header,
    however many lines the title takes."""
    starts = []
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        under_header = " ".join(lines[1:])
        starts.extend(title for title in SECTIONS if under_header.startswith(title))
    return starts


def test_it_prints_the_sections_and_summaries_in_report_order(wm_rendered, tmp_path):
    _, path = _pdf(wm_rendered, tmp_path)
    text = _run("pdftotext", "-layout", path, "-")
    pages = text.split("\f")
    assert _section_starts(pages) == SECTIONS
    findings = next(page for page in pages if "Force summary of judgements" in page)
    assert findings.index("National summary of judgements") < findings.index("Force summary of judgements")
    body = "\f".join(pages[2:])  # from the first section on (the contents page lists the titles too)

    flat = re.sub(r"[ \t]+", " ", body)
    # The national summary: as published (from the pack) beside the system's count (Durham only).
    assert "Neighbourhood Policing 6 14 21 2 0 1 0 0 1 of 43" in flat
    assert "Performance management 6 29 8 0 0 1 0 0 1 of 43" in flat
    assert "Child abuse 3 17 21 2 0 0 1 0 1 of 43" in flat
    assert "Domestic violence 1 13 27 2 0 0 1 0 1 of 43" in flat
    assert "Public protection 2 16 23 2 0 1 0 0 1 of 43" in flat
    assert "Missing persons 1 21 21 0 0 1 0 0 1 of 43" in flat
    # The force summary: the six awarded grades.
    summary = flat[flat.index("Force summary of judgements: West Midlands Police") :]
    for framework, grade in [
        ("Neighbourhood Policing", "Excellent"),
        ("Performance management", "Excellent"),
        ("Child abuse", "Fair"),
        ("Domestic violence", "Fair"),
        ("Public protection", "Fair"),
        ("Missing persons", "Good"),
    ]:
        assert re.search(rf"{framework} {grade}\n", summary), framework
    for grade in ("Excellent", "Fair", "Good"):
        assert f"Grade: {grade}" in flat
    assert "System count (grades held for 1 of 43 forces)" in flat
    assert re.search(r"Page 1 of \d+", text)
    assert "DRAFT" in pages[3]


def test_it_prints_only_the_abbreviations_the_report_uses(wm_rendered, tmp_path):
    report, path = _pdf(wm_rendered, tmp_path)
    text = _run("pdftotext", "-layout", path, "-")
    glossary_start = text.rindex("Glossary of terms and abbreviations")
    before, glossary = text[:glossary_start], text[glossary_start:]
    listed = re.findall(r"^[ \t]*(\S+)[ \t]{2,}\S", glossary, flags=re.M)
    listed = [term for term in listed if term not in ("Page", "West")]
    expected = [entry.term for group in report.glossary for entry in group.entries]
    assert listed == expected
    # Terms from the findings and the pack's texts, and none the report never uses.
    assert {"OCU", "PCSO", "MAPPA", "MARAC", "ViSOR", "HMIC", "ACPO"} <= set(listed)
    assert not {"WMMTS", "CEOP", "DARIM", "KIN", "PRDi"} & set(listed)
    for term in listed:
        assert re.search(rf"(?<![A-Za-z0-9]){re.escape(term)}s?(?![A-Za-z0-9])", before), term


def test_it_makes_an_accessible_a4_pdf_with_embedded_fonts(wm_rendered, tmp_path):
    report, path = _pdf(wm_rendered, tmp_path)
    info = _run("pdfinfo", path)
    assert "Tagged:          yes" in info
    assert f"Title:           {report.title}" in info
    assert re.search(r"Page size:\s+595.2\d* x 841.8\d* pts \(A4\)", info)
    fonts = _run("pdffonts", path).splitlines()[2:]
    assert fonts
    for font in fonts:
        assert font.split()[-5] == "yes", font  # the "emb" column
    assert b"/Lang (en-GB)" in _objects(path.read_bytes())


def _objects(pdf: bytes) -> bytes:
    """The PDF's objects, with compressed streams (object streams hold the catalog) inflated."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_it_prints_in_the_font_the_report_names(wm_rendered, tmp_path):
    # Without Liberation Sans (which `make test` installs) the PDF falls back to a wider font.
    _, path = _pdf(wm_rendered, tmp_path)
    names = {line.split()[0].split("+")[-1] for line in _run("pdffonts", path).splitlines()[2:]}
    assert names, "the PDF has no fonts"
    assert all(name.replace("-", "").startswith("LiberationSans") for name in names), names


def test_it_finds_a_section_whose_title_takes_two_lines() -> None:
    page = "West Midlands Police   DRAFT\n\nProtecting vulnerable people –\nDomestic violence\n\nText."
    header_only = "West Midlands Police   DRAFT\nProtecting vulnerable people – Missing"

    assert _section_starts([page, header_only]) == ["Protecting vulnerable people – Domestic violence"]


def test_it_renders_pages_that_can_be_looked_at(wm_rendered, tmp_path):
    _, path = _pdf(wm_rendered, tmp_path)
    _run("pdftoppm", "-r", "50", "-png", path, tmp_path / "page")
    pages = sorted(tmp_path.glob("page-*.png"))
    count = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", path)).group(1))  # type: ignore[union-attr]
    assert len(pages) == count >= 16
    for page in pages:
        width, height = _png_size(page)
        # A4 (210 by 297 mm) at 50 dots per inch: about 413 by 585 pixels.
        assert 410 <= width <= 416 and 582 <= height <= 588, (page, width, height)
        assert page.stat().st_size > 2_000, page
