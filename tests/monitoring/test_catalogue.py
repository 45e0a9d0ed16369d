"""The indicator catalogue is data: read and validated like a pack, every problem located by file,
key path and line, nothing loaded when anything is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspectorate.datafiles import DataFileError
from inspectorate.monitoring.catalogue import CATALOGUE_DIR, CATALOGUE_FILE, load_catalogue, read_catalogue
from inspectorate.monitoring.models import Indicator
from tests.yaml_edits import edit, line_of


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        read_catalogue(folder)
    return [str(p) for p in caught.value.problems]


def test_it_reads_the_shipped_catalogue() -> None:
    catalogue = read_catalogue()
    codes = [i.code for i in catalogue.indicators]
    assert {"all-crime", "no-suspect-share", "burglary", "anti-social-behaviour"} <= set(codes)
    assert len(codes) == len(set(codes)) == 17


def test_it_locates_an_unknown_crime_type(catalogue: Path) -> None:
    edit(catalogue, CATALOGUE_FILE, "crime_types: [Burglary]", "crime_types: [Burglery]")
    line = line_of(catalogue, CATALOGUE_FILE, "[Burglery]")
    (problem,) = _problems(catalogue)
    assert problem.startswith("indicators.yaml: indicators[")
    assert f"crime_types[0] (line {line}): unknown police.uk crime type 'Burglery'" in problem


def test_it_locates_a_bad_direction(catalogue: Path) -> None:
    edit(
        catalogue,
        CATALOGUE_FILE,
        "    direction: neutral\n    frequency: monthly\n    frameworks: [VCR]\n  - code: other-crime",
        "    direction: sideways\n    frequency: monthly\n    frameworks: [VCR]\n  - code: other-crime",
    )
    line = line_of(catalogue, CATALOGUE_FILE, "sideways")
    (problem,) = _problems(catalogue)
    assert f".direction (line {line})" in problem


def test_it_refuses_a_duplicate_code(catalogue: Path) -> None:
    edit(catalogue, CATALOGUE_FILE, "  - code: robbery\n", "  - code: burglary\n")
    line = line_of(catalogue, CATALOGUE_FILE, "- code: burglary", occurrence=2)
    (problem,) = _problems(catalogue)
    assert f".code (line {line}): duplicate code 'burglary'" in problem


def test_it_refuses_an_unknown_key(catalogue: Path) -> None:
    edit(catalogue, CATALOGUE_FILE, "  - code: robbery\n", "  - code: robbery\n    colour: red\n")
    line = line_of(catalogue, CATALOGUE_FILE, "colour: red")
    (problem,) = _problems(catalogue)
    assert f".colour (line {line})" in problem


def test_it_refuses_a_framework_that_is_not_risk_based(pack_2007, catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    edit(catalogue, CATALOGUE_FILE, "frameworks: [VCI]", "frameworks: [NP]")
    line = line_of(catalogue, CATALOGUE_FILE, "frameworks: [NP]")
    with pytest.raises(DataFileError) as caught:
        load_catalogue(root=catalogue)
    (problem,) = caught.value.problems
    assert problem.line == line and "'NP' is not a risk-based framework of hmic-2007" in problem.reason
    assert not Indicator.objects.exists()


def test_it_loads_the_catalogue_once(pack_2007) -> None:  # type: ignore[no-untyped-def]
    from inspectorate.accounts.audit_models import AuditEvent

    load_catalogue()
    events = AuditEvent.objects.count()
    load_catalogue()
    assert AuditEvent.objects.count() == events
    burglary = Indicator.objects.get(code="burglary")
    assert [f.code for f in burglary.frameworks.all()] == ["VCR"]
    assert burglary.direction == "lower" and burglary.definition["crime_types"] == ["Burglary"]
