"""Publishing typesets the report and freezes it: three files, each with its SHA-256 recorded."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from inspectorate.inspections.choices import Stage

pytestmark = pytest.mark.django_db


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_it_freezes_the_report_as_files_with_their_hashes(
    signed_off, with_practice, publish_now, lead
) -> None:
    inspection = signed_off()
    with_practice(inspection)

    report = publish_now(lead, inspection, note="Signed off by the HMI")

    inspection.refresh_from_db()
    assert inspection.stage == Stage.PUBLISHED
    assert report.version == 1 and report.force.code == "west-midlands"
    folder = Path(report.directory)
    assert folder.parts[-4:] == ("published", "west-midlands", "hmic-2007", "v1")
    assert sorted(p.name for p in folder.iterdir()) == ["report.html", "report.json", "report.pdf"]
    assert _sha(folder / "report.json") == report.json_sha256
    assert _sha(folder / "report.html") == report.html_sha256
    assert _sha(folder / "report.pdf") == report.pdf_sha256
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "report.json").read_text(encoding="utf-8") == report.report_json
    assert json.loads(report.report_json)
    assert "West Midlands" in report.title
    # The developing-practice examples selected for the report are printed in it.
    assert all(f"Example {n}" in report.report_json for n in (1, 2, 3))
    # Nothing is left in the staging area once the files are in place.
    staging = Path(report.directory).parents[2] / ".staging"
    assert list(staging.iterdir()) == []
