"""`monitor ingest`: what it stores, replacing a month, and bad input refused one case at a time with
the file and line, writing nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.monitoring.ingest import ingest
from inspectorate.monitoring.models import Observation, Unit
from inspectorate.monitoring.sources import IngestError

from .conftest import shared

pytestmark = pytest.mark.django_db


def _street(tmp_path: Path, month: str = "2025-01", rows: int = 40, name: str | None = None) -> Path:
    source = shared("durham-2025", month, f"{month}-durham-street.csv")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)[: rows + 1]
    folder = tmp_path / month
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{month}-durham-street.csv")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _refused(paths: list[Path], **kwargs: object) -> str:
    before = Observation.objects.count(), Unit.objects.count(), AuditEvent.objects.count()
    with pytest.raises(IngestError) as caught:
        ingest(paths, **kwargs)  # type: ignore[arg-type]
    assert (Observation.objects.count(), Unit.objects.count(), AuditEvent.objects.count()) == before
    return str(caught.value)


def test_it_stores_counts_and_shares_with_numerator_and_denominator(
    monitoring_ready: None, tmp_path: Path
) -> None:
    path = _street(tmp_path, rows=200)
    summary = ingest([path])
    assert summary.rows == 200
    durham = Unit.objects.get(code="durham", kind="force")
    total = Observation.objects.get(unit=durham, indicator__code="all-records")
    assert total.value == 200 and total.period == datetime.date(2025, 1, 1)
    share = Observation.objects.get(unit=durham, indicator__code="no-suspect-share")
    assert share.denominator and 0 < share.numerator <= share.denominator
    assert share.value == pytest.approx(share.numerator / share.denominator)
    assert AuditEvent.objects.filter(action="monitoring.ingested").count() == 1


def test_it_counts_a_reported_month_without_a_crime_type_as_zero_but_leaves_a_missing_month_missing(
    monitoring_ready: None, tmp_path: Path
) -> None:
    ingest([_street(tmp_path, "2025-01", rows=5), _street(tmp_path, "2025-03", rows=5)])
    durham = Unit.objects.get(code="durham", kind="force")
    months = set(
        Observation.objects.filter(unit=durham, indicator__code="all-records").values_list(
            "period", flat=True
        )
    )
    assert months == {datetime.date(2025, 1, 1), datetime.date(2025, 3, 1)}
    # Five rows hold no bicycle theft: a reported month, so a real zero.
    assert (
        Observation.objects.get(unit=durham, indicator__code="bicycle-theft", period="2025-01-01").value == 0
    )


def test_it_replaces_a_month_when_it_is_ingested_again(monitoring_ready: None, tmp_path: Path) -> None:
    ingest([_street(tmp_path, rows=10)])
    again = ingest([_street(tmp_path / "again", rows=30)])
    durham = Unit.objects.get(code="durham", kind="force")
    rows = Observation.objects.filter(unit=durham, indicator__code="all-records")
    assert [o.value for o in rows] == [30]
    assert again.replaced > 0


def test_it_takes_the_unit_of_the_metropolitan_series_from_the_command_line(monitoring_ready: None) -> None:
    ingest([shared("met-monthly-2023-2025", "monthly_by_crime.csv")], unit="metropolitan")
    met = Unit.objects.get(code="metropolitan")
    assert Observation.objects.filter(unit=met, indicator__code="drugs").count() == 36
    # That file has no outcomes, so no share is made up.
    assert not Observation.objects.filter(unit=met, indicator__code="no-suspect-share").exists()


def test_it_refuses_a_file_without_a_force_column_and_no_unit(monitoring_ready: None) -> None:
    message = _refused([shared("met-monthly-2023-2025", "monthly_by_crime.csv")])
    assert "monthly_by_crime.csv" in message and "--unit" in message


def test_it_refuses_a_missing_column(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    lines[0] = lines[0].replace(",Context", "")
    path.write_text("".join(lines))
    message = _refused([path])
    assert f"{path}, line 1" in message and "'Context'" in message


def test_it_refuses_a_renamed_column(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path)
    path.write_text(path.read_text().replace("Crime type", "Offence type", 1))
    message = _refused([path])
    assert f"{path}, line 1" in message and "'Crime type'" in message


def test_it_refuses_a_bad_month(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    lines[7] = lines[7].replace(",2025-01,", ",2025-1x,", 1)
    path.write_text("".join(lines))
    message = _refused([path])
    assert f"{path}, line 8" in message and "bad month '2025-1x'" in message


def test_it_refuses_rows_that_disagree_with_the_file_name(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path)
    lines = path.read_text().splitlines(keepends=True)
    lines[12] = lines[12].replace(",2025-01,", ",2025-02,", 1)
    path.write_text("".join(lines))
    message = _refused([path])
    assert f"{path}, line 13" in message and "disagrees with the file name" in message


def test_it_refuses_a_truncated_file(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path, rows=20)
    text = path.read_text()
    path.write_text(text[: len(text) - 90])  # cut in the middle of the last row
    message = _refused([path])
    assert f"{path}, line 21" in message and "truncated" in message


def test_it_refuses_a_short_row_inside_a_file(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path, rows=20)
    lines = path.read_text().splitlines(keepends=True)
    lines[5] = ",".join(lines[5].split(",")[:4]) + "\n"
    path.write_text("".join(lines))
    message = _refused([path])
    assert f"{path}, line 6" in message


def test_it_writes_nothing_when_one_file_of_many_is_bad(monitoring_ready: None, tmp_path: Path) -> None:
    good = _street(tmp_path, "2025-01")
    bad = _street(tmp_path, "2025-02")
    bad.write_text(bad.read_text().replace(",2025-02,", ",2025-03,"))
    message = _refused([good, bad])
    assert str(bad) in message and str(good) not in message


def test_it_refuses_a_street_file_named_otherwise(monitoring_ready: None, tmp_path: Path) -> None:
    path = _street(tmp_path, name="durham.csv")
    assert "must be named YYYY-MM-<force>-street.csv" in _refused([path])


def test_it_refuses_an_aggregate_with_a_bad_count(monitoring_ready: None, tmp_path: Path) -> None:
    path = tmp_path / "force_month_crimetype.csv"
    path.write_text(
        "force_id,force_name,month,crime_type,count\ndurham,Durham,2025-01,Burglary,12\n"
        "durham,Durham,2025-02,Burglary,twelve\n"
    )
    message = _refused([path])
    assert f"{path}, line 3" in message and "whole number" in message


def test_it_refuses_files_that_disagree_about_a_month(monitoring_ready: None, tmp_path: Path) -> None:
    one = tmp_path / "a" / "force_month_crimetype.csv"
    two = tmp_path / "b" / "force_month_crimetype.csv"
    for path, count in ((one, 12), (two, 13)):
        path.parent.mkdir()
        path.write_text(
            f"force_id,force_name,month,crime_type,count\ndurham,Durham,2025-01,Burglary,{count}\n"
        )
    message = _refused([one, two])
    assert "burglary for durham in 2025-01 differs" in message


def test_it_skips_forces_outside_england_and_wales_and_says_so(monitoring_ready: None) -> None:
    summary = ingest([shared("national-2025", "force_month_crimetype.csv")])
    assert "northern-ireland" in summary.skipped
    assert not Unit.objects.filter(code="northern-ireland").exists()
    assert Unit.objects.filter(kind="force").count() == 39  # 40 in the file, Northern Ireland left out


def test_it_makes_home_districts_units_of_their_force(monitoring_ready: None) -> None:
    ingest(
        [
            shared("national-2025", "lad_home_force.csv"),
            shared("national-2025", "force_lad_month_crimetype.csv"),
        ]
    )
    district = Unit.objects.get(code="durham/county-durham")
    assert district.kind == "lad" and district.force.code == "durham"
    # A district no force polices almost entirely is never a unit.
    assert not Unit.objects.filter(name="Birmingham").exists()


def test_it_ingests_from_the_command_line_with_a_progress_bar(
    monitoring_ready: None, tmp_path: Path, cli, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = _street(tmp_path, rows=25)
    assert cli(["monitor", "ingest", str(tmp_path), "--no-flags"]) == 0
    out, err = capsys.readouterr()
    assert "1 files, 25 rows" in out
    assert "Ingesting" in err
    del path


def test_it_reports_bad_input_on_the_command_line(
    monitoring_ready: None, tmp_path: Path, cli, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = _street(tmp_path)
    path.write_text(path.read_text().replace("LSOA name", "LSOA", 1))
    assert cli(["monitor", "ingest", str(path)]) != 0
    err = capsys.readouterr().err
    assert "nothing was ingested" in err and "'LSOA name'" in err
