"""Bad input (issue: not a report, truncated, tables that do not parse, a document that disagrees
with itself): each malformed copy of the seed, made here, gets its own clear message naming the line
and what was expected, exit code 2, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections.models import Finding, Inspection
from inspectorate.legacy.models import ImportedReport
from inspectorate.reports.models import PublishedReport


def _nothing_written() -> None:
    assert Inspection.objects.count() == 0
    assert Finding.objects.count() == 0
    assert ImportedReport.objects.count() == 0
    assert PublishedReport.objects.count() == 0
    assert not AuditEvent.objects.filter(action__in=["report.imported", "report.published"]).exists()


CASES: list[tuple[str, dict[str, Any], list[str], list[str]]] = [
    (
        "truncated",
        {"keep_lines": 1000},
        [],
        ["expected the section 'Protecting vulnerable people – Domestic violence'", "truncated"],
    ),
    (
        "summary-row-removed",
        {"old": "Child abuse 3 17 21 2 \n", "new": ""},
        [],
        ["line 296", "no row for Child abuse", "Excellent Good Fair Poor"],
    ),
    (
        "summary-row-garbled",
        {"old": "Domestic violence 1 13 27 2", "new": "Domestic violence 1 13 twenty-seven 2"},
        [],
        ["line 312", "row for Domestic violence does not parse", "'1 13 twenty-seven 2'"],
    ),
    (
        "force-summary-garbled",
        {"old": "Missing persons Good", "new": "Missing persons Splendid"},
        [],
        ["line 341", "force summary row for Missing persons", "Excellent, Good, Fair, Poor", "'Splendid'"],
    ),
    (
        "banner-disagrees",
        {"old": "GRADE GOOD", "new": "GRADE POOR"},
        ["--strict"],
        [
            "line 1590",
            "banner of Protecting Vulnerable People – Missing Persons says Poor",
            "line 341",
            "says Good",
        ],
    ),
    (
        "wrong-number-of-forces",
        {"old": "Neighbourhood Policing 6 14 21 2", "new": "Neighbourhood Policing 6 14 21 3"},
        ["--strict"],
        ["line 302", "adds up to 44 forces, not 43", "differs from its row in the national summary"],
    ),
    (
        "distribution-disagrees",
        {"old": "6 29 8 0 \n\n \n\nNational", "new": "6 28 9 0 \n\n \n\nNational"},
        ["--strict"],
        ["line 628", "distribution of Performance Management", "6 28 9 0", "line 306", "6 29 8 0"],
    ),
    (
        "banner-missing",
        {"old": "GRADE EXCELLENT \n volume", "new": " volume"},
        [],
        ["line 342", "'Neighbourhood Policing' has no grade banner", "GRADE FAIR"],
    ),
    (
        "list-heading-missing",
        {
            "old": "Areas for improvement \n\n• The force recognises that workloads",
            "new": "• The force recognises that workloads",
        },
        [],
        ["'Protecting Vulnerable People – Child Abuse' has no 'Areas for improvement' list"],
    ),
    (
        "glossary-missing",
        {"old": "Appendix: Glossary of Terms and Abbreviations", "new": "Appendix"},
        [],
        ["expected the glossary of terms and abbreviations", "truncated"],
    ),
]


@pytest.mark.parametrize(("name", "change", "flags", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_refuses_a_malformed_report_and_writes_nothing(
    ready: Any,
    variant: Callable[..., Path],
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
    name: str,
    change: dict[str, Any],
    flags: list[str],
    expected: list[str],
) -> None:
    path = variant(name, **change)
    code = cli(["import-report", str(path), "--programme", "hmic-2007", *flags])
    err = capsys.readouterr().err
    print(f"{name}: {err.strip()}")
    assert code == 2
    for part in expected:
        assert part in err
    assert "Nothing was imported" in err
    _nothing_written()


def test_it_says_a_file_that_is_not_a_report_is_not_one(
    ready: Any, tmp_path: Path, cli: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("Minutes of the police authority\n\nItem 1. Apologies.\n", encoding="utf-8")
    assert cli(["import-report", str(path), "--programme", "hmic-2007"]) == 2
    assert "not a published force report in the 2007 format" in capsys.readouterr().err
    _nothing_written()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"%PDF-1.4 broken", "not a readable PDF"),
    ],
    ids=["empty", "not-text", "broken-pdf"],
)
def test_it_refuses_a_file_it_cannot_read(
    ready: Any,
    tmp_path: Path,
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(content)
    assert cli(["import-report", str(path), "--programme", "hmic-2007"]) == 2
    assert message in capsys.readouterr().err
    _nothing_written()


def test_it_imports_a_disagreeing_report_without_strict_and_records_why(
    ready: Any,
    variant: Callable[..., Path],
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = variant("banner-disagrees", old="GRADE GOOD", new="GRADE POOR")
    assert cli(["import-report", str(path), "--programme", "hmic-2007", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 cross-check disagreement(s)" in out
    assert "line 1590: the grade banner of Protecting Vulnerable People – Missing Persons says Poor" in out
    _nothing_written()
