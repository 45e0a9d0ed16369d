"""The forces' reference data: the 43 forces, West Midlands' command units and 2007 facts, peer groups.

Broken reference folders are copies of the shipped one with one thing spoilt; each copy also renames
Durham, so a loader that wrote anything before refusing would show it.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.datafiles import DataFileError
from inspectorate.forces.models import CommandUnit, Force, ForceFact, PeerGroupSet, PeerLink
from inspectorate.forces.reference import REFERENCE_DIR, load_peer_groups, load_reference
from tests.yaml_edits import edit, line_of

SHIPPED_PEER_GROUPS = REFERENCE_DIR / "peer-groups" / "2025-metropolitan-areas.yaml"
METROPOLITAN = {
    "metropolitan",
    "west-midlands",
    "greater-manchester",
    "west-yorkshire",
    "merseyside",
    "northumbria",
    "south-yorkshire",
}

pytestmark = pytest.mark.django_db


def state() -> dict[str, Any]:
    """Everything a reference load may write, as plain values."""
    return {
        "forces": sorted(Force.objects.values_list("code", "name", "region", "police_uk_id")),
        "units": sorted(CommandUnit.objects.values_list("force__code", "code", "name")),
        "facts": sorted(ForceFact.objects.values_list("force__code", "key", "as_of", "value")),
        "peer_sets": sorted(PeerGroupSet.objects.values_list("version", "content_hash")),
        "peer_links": PeerLink.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    edit(target, "forces.yaml", "name: Durham Constabulary", "name: County Durham Constabulary")
    return target


def write_peer_groups(folder: Path, version: str, groups: str, unit_kind: str = "force") -> Path:
    path = folder / f"{version}.yaml"
    path.write_text(
        f'version: "{version}"\ndescription: made for a test\nunit_kind: {unit_kind}\ngroups:\n{groups}',
        encoding="utf-8",
    )
    return path


# The shipped reference data


def test_it_loads_the_43_forces_of_england_and_wales() -> None:
    summary = load_reference()

    assert Force.objects.count() == 43
    assert Force.objects.filter(country="England").count() == 39
    assert Force.objects.filter(country="Wales").count() == 4
    assert (summary.forces_created, summary.forces_updated) == (43, 0)
    assert AuditEvent.objects.filter(action="force.created").count() == 43


def test_it_loads_west_midlands_with_21_command_units(forces: None) -> None:
    west_midlands = Force.objects.get(code="west-midlands")

    assert west_midlands.name == "West Midlands Police"
    units = CommandUnit.objects.filter(force=west_midlands)
    assert units.count() == 21
    assert sorted(units.values_list("code", flat=True)) == [f"WM-OCU-{n:02d}" for n in range(1, 22)]
    assert set(units.values_list("kind", flat=True)) == {"OCU"}
    assert units.get(code="WM-OCU-03").name == "Stechford"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("households", 1_049_186),
        ("area_sq_miles", 348),
        ("pcsos", 751),
        ("special_constables", 951),
        ("neighbourhood_officers", 1_640),
        ("neighbourhoods", 333),
        ("neighbourhood_teams", 223),
        ("sectors", 56),
        ("command_units", 21),
    ],
)
def test_it_loads_the_2007_facts_of_west_midlands(forces: None, key: str, value: int) -> None:
    fact = ForceFact.objects.get(force__code="west-midlands", key=key)

    assert fact.value == Decimal(value)
    assert fact.as_of.isoformat() == "2007-10-01"
    assert "October 2007" in fact.source
    assert fact.approximate is False


def test_it_marks_the_west_midlands_population_as_approximate(forces: None) -> None:
    population = ForceFact.objects.get(force__code="west-midlands", key="population")

    assert population.value == Decimal(2_600_000)
    assert population.approximate is True
    assert population.display_value == "about 2,600,000"
    area = ForceFact.objects.get(force__code="west-midlands", key="area_sq_miles")
    assert area.display_value == "348 square miles"


def test_it_matches_every_police_uk_force_id_to_a_force(forces: None) -> None:
    coverage = Path(settings.SHARED_DIR) / "data" / "policeuk" / "national-2025" / "coverage_force_month.csv"
    if not coverage.is_file():
        pytest.skip(f"{coverage} is missing: point settings.SHARED_DIR (INSPECTORATE_SHARED_DIR) at shared/")
    with coverage.open(newline="", encoding="utf-8") as handle:
        published = {row["force_id"]: row["force_name"] for row in csv.DictReader(handle)}
    published.pop("northern-ireland")

    by_code = {f.code: f for f in Force.objects.all()}
    unmatched = sorted(set(published) - set(by_code))
    assert not unmatched, f"police.uk ids without a force: {unmatched}"
    for force_id, name in published.items():
        force = by_code[force_id]
        assert force.police_uk_id == force_id
        assert name == force.name or name in force.aliases, f"{name!r} does not name {force}"


def test_it_changes_nothing_when_loaded_twice() -> None:
    load_reference()
    before = state()

    summary = load_reference()

    assert state() == before
    assert (summary.forces_created, summary.forces_updated) == (0, 0)


def test_it_updates_a_renamed_force_and_audits_the_change(forces: None, reference_copy: Path) -> None:
    summary = load_reference(root=reference_copy)

    assert (summary.forces_created, summary.forces_updated) == (0, 1)
    assert Force.objects.get(code="durham").name == "County Durham Constabulary"
    event = AuditEvent.objects.get(action="force.updated")
    assert event.before["name"] == "Durham Constabulary"
    assert event.after["name"] == "County Durham Constabulary"


# Broken reference folders


def _duplicate_force_code(folder: Path) -> str:
    edit(folder, "forces.yaml", "  - code: durham\n", "  - code: cleveland\n")
    line = line_of(folder, "forces.yaml", "  - code: cleveland", occurrence=2)
    return f"forces.yaml: forces[1].code (line {line}): duplicate code 'cleveland'"


def _unknown_force_in_facts(folder: Path) -> str:
    edit(folder, "facts/west-midlands-2007.yaml", "force: west-midlands", "force: west-mids")
    line = line_of(folder, "facts/west-midlands-2007.yaml", "force: west-mids")
    return f"facts/west-midlands-2007.yaml: force (line {line}): unknown force 'west-mids'"


def _unknown_key(folder: Path) -> str:
    edit(
        folder,
        "forces.yaml",
        "    police_uk_id: cleveland\n",
        "    police_uk_id: cleveland\n    colour: blue\n",
    )
    line = line_of(folder, "forces.yaml", "colour: blue")
    return f"forces.yaml: forces[0].colour (line {line}): unknown key 'colour'"


def _bad_yaml(folder: Path) -> str:
    edit(folder, "command-units/west-midlands.yaml", "kind: OCU\n", "kind: OCU: BCU\n")
    line = line_of(folder, "command-units/west-midlands.yaml", "kind: OCU: BCU")
    return f"command-units/west-midlands.yaml (line {line}): bad YAML: mapping values are not allowed here"


def _duplicate_unit_code(folder: Path) -> str:
    edit(folder, "command-units/west-midlands.yaml", "code: WM-OCU-02,", "code: WM-OCU-01,")
    line = line_of(folder, "command-units/west-midlands.yaml", "code: WM-OCU-01,", occurrence=2)
    return f"command-units/west-midlands.yaml: units[1].code (line {line}): duplicate code 'WM-OCU-01'"


def _not_a_country(folder: Path) -> str:
    edit(
        folder,
        "forces.yaml",
        "    short_name: Cleveland\n    country: England",
        "    short_name: Cleveland\n    country: Scotland",
    )
    line = line_of(folder, "forces.yaml", "country: Scotland")
    return f"forces.yaml: forces[0].country (line {line}): unknown value 'Scotland'"


BROKEN = {
    "duplicate force code": _duplicate_force_code,
    "unknown force in a facts file": _unknown_force_in_facts,
    "unknown key": _unknown_key,
    "bad YAML": _bad_yaml,
    "duplicate command unit code": _duplicate_unit_code,
    "country outside England and Wales": _not_a_country,
}


@pytest.mark.parametrize("preloaded", [False, True], ids=["empty database", "already loaded"])
@pytest.mark.parametrize("breakage", BROKEN.values(), ids=BROKEN.keys())
def test_it_refuses_a_broken_reference_folder_and_writes_nothing(
    reference_copy: Path, breakage: Callable[[Path], str], preloaded: bool
) -> None:
    expected = breakage(reference_copy)
    if preloaded:
        load_reference()
    before = state()

    with pytest.raises(DataFileError) as caught:
        load_reference(root=reference_copy)

    assert expected in str(caught.value)
    assert caught.value.root == reference_copy
    assert state() == before


def test_it_reports_every_broken_file_at_once(reference_copy: Path) -> None:
    _duplicate_force_code(reference_copy)
    _bad_yaml(reference_copy)

    with pytest.raises(DataFileError) as caught:
        load_reference(root=reference_copy)

    files = {problem.file for problem in caught.value.problems}
    assert files == {"forces.yaml", "command-units/west-midlands.yaml"}


# Peer groups


def test_it_loads_the_shipped_peer_groups(forces: None) -> None:
    group_set = load_peer_groups(SHIPPED_PEER_GROUPS)

    assert group_set.version == "2025-metropolitan-areas"
    assert group_set.unit_kind == "force"
    assert group_set.links.count() == 42
    assert set(group_set.links.values_list("unit_code", flat=True)) == METROPOLITAN
    west_midlands_peers = set(
        group_set.links.filter(unit_code="west-midlands").values_list("peer_code", flat=True)
    )
    assert west_midlands_peers == METROPOLITAN - {"west-midlands"}
    assert AuditEvent.objects.filter(action="peer_groups.loaded").count() == 1


def test_it_leaves_the_same_peer_groups_as_they_are(forces: None) -> None:
    first = load_peer_groups(SHIPPED_PEER_GROUPS)
    before = state()

    again = load_peer_groups(SHIPPED_PEER_GROUPS)

    assert again.pk == first.pk
    assert state() == before


@pytest.mark.parametrize(
    ("groups", "key_path", "reason"),
    [
        ("  durham: [cleveland, durham]\n", "groups.durham[1]", "a unit cannot be its own peer"),
        ("  durham: [cleveland, atlantis]\n", "groups.durham[1]", "unknown force 'atlantis'"),
        ("  atlantis: [durham]\n", "groups.atlantis", "unknown force 'atlantis'"),
        ("  durham: [cleveland, cleveland]\n", "groups.durham[1]", "'cleveland' is listed twice"),
        ("  durham: []\n", "groups.durham", "has no peers"),
    ],
    ids=["itself", "unknown peer", "unknown unit", "listed twice", "no peers"],
)
def test_it_refuses_broken_peer_groups(
    forces: None, tmp_path: Path, groups: str, key_path: str, reason: str
) -> None:
    path = write_peer_groups(tmp_path, "2025-test", "  northumbria: [durham]\n" + groups)
    before = state()

    with pytest.raises(DataFileError) as caught:
        load_peer_groups(path)

    line = line_of(tmp_path, path.name, groups.split(":")[0].strip() + ":")
    assert f"2025-test.yaml: {key_path} (line {line}): {reason}" in str(caught.value)
    assert state() == before


def test_it_refuses_peer_groups_whose_version_is_not_the_file_name(forces: None, tmp_path: Path) -> None:
    path = write_peer_groups(tmp_path, "2025-test", "  durham: [cleveland]\n")
    path = path.rename(tmp_path / "2025-other.yaml")

    with pytest.raises(DataFileError, match="must equal the file name '2025-other'"):
        load_peer_groups(path)

    assert PeerGroupSet.objects.count() == 0


def test_it_refuses_a_loaded_peer_group_version_with_different_content(forces: None, tmp_path: Path) -> None:
    load_peer_groups(SHIPPED_PEER_GROUPS)
    changed = tmp_path / SHIPPED_PEER_GROUPS.name
    shutil.copy(SHIPPED_PEER_GROUPS, changed)
    edit(tmp_path, changed.name, "  metropolitan: [west-midlands, ", "  metropolitan: [")
    before = state()

    with pytest.raises(DataFileError) as caught:
        load_peer_groups(changed)

    assert (
        "2025-metropolitan-areas.yaml: version: version '2025-metropolitan-areas' is already loaded "
        "with different content"
    ) in str(caught.value)
    assert state() == before


def test_it_checks_command_unit_peer_codes_against_their_force(forces: None, tmp_path: Path) -> None:
    path = write_peer_groups(
        tmp_path,
        "2025-units",
        "  west-midlands/WM-OCU-03: [west-midlands/WM-OCU-04, durham/WM-OCU-04]\n",
        unit_kind="command_unit",
    )

    with pytest.raises(DataFileError, match="unknown command_unit 'durham/WM-OCU-04'"):
        load_peer_groups(path)

    edit(tmp_path, path.name, ", durham/WM-OCU-04]", "]")
    assert load_peer_groups(path).links.count() == 1


# The command


def test_the_command_loads_everything_and_prints_a_summary() -> None:
    out = StringIO()

    call_command("load_reference", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "Reference data: 43 forces created, 0 updated; 21 command units and 13 context facts from 3 files"
    )
    assert lines[1] == "Peer groups 2025-generated-crime-mix: 280 links"
    assert lines[2] == "Peer groups 2025-metropolitan-areas: 42 links"
    assert Force.objects.count() == 43
    assert PeerGroupSet.objects.count() == 2


def test_the_command_refuses_a_broken_folder_naming_it(reference_copy: Path) -> None:
    expected = _unknown_force_in_facts(reference_copy)

    with pytest.raises(CommandError) as caught:
        call_command("load_reference", "--root", str(reference_copy), stdout=StringIO())

    message = str(caught.value)
    assert message.startswith(f"nothing was loaded; problems in {reference_copy}:")
    assert expected in message
    assert Force.objects.count() == 0


def test_it_loads_nothing_when_only_a_peer_group_file_is_broken(reference_copy: Path) -> None:
    write_peer_groups(reference_copy / "peer-groups", "2025-broken", "  durham: [durham]\n")

    with pytest.raises(CommandError, match="nothing was loaded") as caught:
        call_command("load_reference", "--root", str(reference_copy), stdout=StringIO())

    assert "a unit cannot be its own peer" in str(caught.value)
    assert Force.objects.count() == 0
