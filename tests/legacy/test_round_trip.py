"""Round trips (issue: the system must take in the real 2007 report and give it back).

1. Import the seed, then read the report the system published: every bullet of every section must
   come back. The seed's bullets are taken from the seed here with a few lines of independent code
   (cut at the section titles and list headings, drop the one page header and the grade banners,
   split at the bullet glyph), and compared, section by section and list by list, with the list
   items of the published HTML after whitespace normalisation. The share is printed.
2. Through the PDF: the published PDF is imported again (a dry run) and gives the same structured
   result as the seed itself."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from inspectorate.reports.models import PublishedReport

SECTIONS = [  # (section id in the published report, the title as the seed prints it)
    ("framework-np", "Neighbourhood Policing"),
    ("framework-pm", "Performance Management"),
    ("framework-pvp", "Protecting Vulnerable People – Overview"),
    ("framework-ca", "Protecting Vulnerable People – Child Abuse"),
    ("framework-dv", "Protecting Vulnerable People – Domestic Violence"),
    ("framework-pp", "Protecting Vulnerable People – Public Protection"),
    ("framework-mp", "Protecting Vulnerable People – Missing Persons"),
]
LISTS = ("Strengths", "Work in progress", "Areas for improvement")
PAGE_FURNITURE = {"West Midlands Police – HMIC Inspection Report", "October 2007", "Page 30"}


def normalise(text: str) -> str:
    """Whitespace normalised: a line break after a hyphen joins, every other run of spaces is one."""
    return re.sub(r"\s+", " ", re.sub(r"(\w-)[ \t]*\n\s*", r"\1", text)).strip()


def seed_bullets(text: str) -> dict[tuple[str, str], list[str]]:
    lines = [line for line in text.splitlines() if line.strip() not in PAGE_FURNITURE]
    lines = [line for line in lines if not re.fullmatch(r"\s*GRADE [A-Z]+\s*", line)]
    start = next(i for i, line in enumerate(lines) if line.strip() == "Force summary of judgements")
    starts = []
    for _, title in SECTIONS:
        start = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == title)
        starts.append(start)
    end = next(i for i, line in enumerate(lines) if "Glossary of Terms" in line)
    found: dict[tuple[str, str], list[str]] = {}
    for (section, _), begin, stop in zip(SECTIONS, starts, [*starts[1:], end], strict=True):
        chunk = lines[begin:stop]
        heads = [
            i
            for i, line in enumerate(chunk)
            if line.strip() in LISTS or line.strip() == "Developing Practice"
        ]
        for i, head in enumerate(heads):
            name = chunk[head].strip()
            if name not in LISTS:
                continue
            body = "\n".join(chunk[head + 1 : heads[i + 1] if i + 1 < len(heads) else len(chunk)])
            found[(section, name)] = [normalise(item) for item in body.split("•")[1:]]
    return found


class _Lists(HTMLParser):
    """The list items of each section of the published HTML, under the heading above them."""

    def __init__(self) -> None:
        super().__init__()
        self.section = self.heading = ""
        self.items: dict[tuple[str, str], list[str]] = {}
        self._text: list[str] | None = None
        self._in_h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id") or ""
        elif tag == "h3":
            self._in_h3, self.heading = True, ""
        elif tag == "li":
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_h3 = False
        elif tag == "li" and self._text is not None:
            self.items.setdefault((self.section, self.heading.strip()), []).append(
                normalise("".join(self._text))
            )
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._in_h3:
            self.heading += data
        elif self._text is not None:
            self._text.append(data)


@pytest.fixture
def published(
    ready: Any, seed: Path, cli: Callable[[list[str]], int], django_capture_on_commit_callbacks: Any
) -> PublishedReport:
    with django_capture_on_commit_callbacks(execute=True):
        assert cli(["import-report", str(seed), "--programme", "hmic-2007"]) == 0
    return PublishedReport.objects.get()


def test_it_gives_back_every_bullet_of_the_seed(published: PublishedReport, seed_text: str) -> None:
    expected = seed_bullets(seed_text)
    reader = _Lists()
    reader.feed(published.path("html").read_text(encoding="utf-8"))
    total = equal = 0
    print()
    for (section, name), bullets in expected.items():
        rendered = Counter(reader.items.get((section, name), []))
        same = sum(min(n, rendered[b]) for b, n in Counter(bullets).items())
        total += len(bullets)
        equal += same
        print(f"  {section:14} {name:22} {same:3} of {len(bullets):3} bullets equal")
    share = equal / total
    print(
        f"Round trip (text): {equal} of {total} bullets come back equal after whitespace "
        f"normalisation = {share:.1%}"
    )
    assert total == 153  # every bullet of the seven sections, counted by hand
    assert share >= 0.99


def test_it_reads_its_own_pdf_back_to_the_same_result(
    published: PublishedReport,
    seed: Path,
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    assert cli(["import-report", str(seed), "--programme", "hmic-2007", "--dry-run", "--json"]) == 0
    from_seed = json.loads(capsys.readouterr().out)
    assert (
        cli(["import-report", str(published.path("pdf")), "--programme", "hmic-2007", "--dry-run", "--json"])
        == 0
    )
    from_pdf = json.loads(capsys.readouterr().out)
    differing = sorted(key for key in from_seed if from_seed[key] != from_pdf.get(key))
    bullets = sum(
        len(s[k])
        for s in from_pdf["sections"].values()
        for k in ("strengths", "work_in_progress", "areas_for_improvement", "recommendations")
    )
    print(
        f"\nRound trip (PDF): {len(from_pdf['sections'])} sections, {bullets} bullets, "
        f"{len(from_pdf['developing_practice'])} practice boxes, {len(from_pdf['glossary'])} glossary "
        f"terms read back from the published PDF; parts differing from the seed's result: "
        f"{differing or 'none'}"
    )
    assert from_pdf == from_seed
