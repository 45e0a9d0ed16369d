"""The open data files of every published grade: the documented columns, one row per force, programme
and framework, the latest version of each report, and nothing unpublished."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from inspectorate.reports.published_data import OPEN_DATA_COLUMNS
from tests.conftest import ROOT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]

COLUMNS = [
    "programme",
    "programme_version",
    "force_code",
    "force_name",
    "framework_code",
    "framework_name",
    "grade_code",
    "grade_name",
    "published_at",
    "report_version",
    "report_url",
]


@pytest.fixture
def published(signed_off, with_practice, publish_now, correct_now, lead) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    west = signed_off("west-midlands", {"NP": "excellent", "CA": "fair"})
    with_practice(west)
    first = publish_now(lead, west)
    corrected = correct_now(lead, first, "Corrected a force fact")
    signed_off("durham", {"NP": "poor"})  # at the factual accuracy check: not published
    return {"first": first, "latest": corrected}


def test_it_documents_the_columns_it_writes() -> None:
    assert list(OPEN_DATA_COLUMNS) == COLUMNS
    text = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column}`" in text


def test_it_writes_every_published_grade_as_csv(published, client) -> None:
    response = client.get("/published/open-data/grades.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0]) == COLUMNS
    latest = published["latest"]
    assert [(r["force_code"], r["framework_code"], r["grade_code"], r["grade_name"]) for r in rows] == [
        ("west-midlands", "NP", "excellent", "Excellent"),
        ("west-midlands", "CA", "fair", "Fair"),
    ]
    row = rows[0]
    assert row["programme"] == "hmic-2007" and row["programme_version"] == str(latest.programme.version)
    assert row["force_name"] == "West Midlands Police"
    assert row["framework_name"] == "Neighbourhood Policing"
    assert row["report_version"] == "2"
    assert row["published_at"] == latest.published_at.isoformat()
    assert row["report_url"] == "http://testserver/published/hmic-2007/west-midlands/v2/"
    assert client.get(row["report_url"].removeprefix("http://testserver")).status_code == 200


def test_it_writes_the_same_grades_as_json(published, client) -> None:
    csv_rows = list(
        csv.DictReader(io.StringIO(client.get("/published/open-data/grades.csv").content.decode("utf-8")))
    )
    body = client.get("/published/open-data/grades.json").json()
    assert body["columns"] == COLUMNS
    grades = body["grades"]
    assert [list(g) for g in grades] == [COLUMNS, COLUMNS]
    assert grades[1]["grade_code"] == "fair" and grades[1]["report_version"] == 2
    assert grades[1]["programme_version"] == published["latest"].programme.version
    # The same values as the CSV, typed (numbers as numbers).
    for from_json, from_csv in zip(grades, csv_rows, strict=True):
        assert {k: str(v) for k, v in from_json.items()} == from_csv
