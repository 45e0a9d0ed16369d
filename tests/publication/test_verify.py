"""`inspectorate reports verify` re-hashes every published file: all OK after publishing, and a single
changed byte is reported as a mismatch with a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.reports import publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(signed_off, with_practice, publish_now, lead, quick_pdf):  # type: ignore[no-untyped-def]
    inspection = signed_off()
    with_practice(inspection)
    return publish_now(lead, inspection)


def test_it_passes_when_every_file_is_as_published(cli, published, capsys) -> None:
    assert publication.verify_all() == []
    assert cli(["reports", "verify"]) == 0
    out = capsys.readouterr().out
    for name in ("report.json", "report.html", "report.pdf", "report.json (database copy)"):
        assert f"OK        hmic-2007/west-midlands/v1/{name}" in out
    assert "MISMATCH" not in out


def test_it_catches_a_tampered_file(cli, published, capsys) -> None:
    pdf = Path(published.path("pdf"))
    content = bytearray(pdf.read_bytes())
    content[len(content) // 2] ^= 0x01
    pdf.write_bytes(bytes(content))

    mismatches = publication.verify_all()
    assert [(m.report.pk, m.name) for m in mismatches] == [(published.pk, "report.pdf")]
    assert mismatches[0].problem == "content differs from the published hash"

    assert cli(["reports", "verify"]) != 0
    captured = capsys.readouterr()
    assert "MISMATCH  hmic-2007/west-midlands/v1/report.pdf" in captured.out
    assert "OK        hmic-2007/west-midlands/v1/report.html" in captured.out
    assert "do not match" in captured.err


def test_it_reports_a_missing_file(cli, published, capsys) -> None:
    Path(published.path("html")).unlink()
    assert [m.problem for m in publication.verify_all()] == ["file missing"]
    assert cli(["reports", "verify"]) == 1
    assert "MISMATCH  hmic-2007/west-midlands/v1/report.html" in capsys.readouterr().out
