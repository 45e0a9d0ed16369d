"""Loading a methodology pack into the database: all of it or none of it, and never twice differently.

Broken packs are copies of the real 2007 pack with one thing spoilt. Each copy is also given version 2,
so that a loader which skipped validation would visibly add a second programme.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.datafiles import DataProblem
from inspectorate.methodology.exports import programme_to_dict
from inspectorate.methodology.loading import load_pack
from inspectorate.methodology.models import (
    Condition,
    Criterion,
    Framework,
    FrameworkGroup,
    GlossaryTerm,
    Grade,
    Programme,
)
from inspectorate.methodology.pack import PackError, read_pack
from tests.yaml_edits import edit, line_of

PACK_2007 = Path(__file__).resolve().parents[2] / "packs" / "hmic-2007"
COUNTED = (Programme, Grade, Condition, FrameworkGroup, Framework, Criterion, GlossaryTerm, AuditEvent)

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def yaml_of(relative: str) -> Any:
    return yaml.safe_load((PACK_2007 / relative).read_text(encoding="utf-8"))


@pytest.fixture
def copy_pack(tmp_path: Path) -> Callable[..., Path]:
    def copy(version: int | None = 2) -> Path:
        target = tmp_path / "hmic-2007-copy"
        shutil.copytree(PACK_2007, target)
        if version is not None:
            edit(target, "pack.yaml", "\nversion: 1\n", f"\nversion: {version}\n")
        return target

    return copy


# A sound pack


def test_it_loads_the_2007_pack_through_the_command() -> None:
    out = run("load_pack", str(PACK_2007))

    assert "loaded hmic-2007 version 1: 25 frameworks, 126 criteria, 46 glossary terms" in out
    programme = Programme.objects.get()
    assert (programme.code, programme.version) == ("hmic-2007", 1)
    assert programme.frameworks.count() == 25
    assert [g.code for g in programme.grades.all()] == ["excellent", "good", "fair", "poor"]
    assert GlossaryTerm.objects.filter(programme=programme).count() == len(yaml_of("glossary.yaml")["terms"])


def test_it_gives_criteria_to_exactly_the_six_programmed_frameworks(pack_2007: Programme) -> None:
    programmed = Framework.objects.filter(programme=pack_2007).of_kind("programmed")
    with_criteria = Framework.objects.filter(programme=pack_2007, criteria__isnull=False).distinct()

    assert sorted(programmed.values_list("code", flat=True)) == ["CA", "DV", "MP", "NP", "PM", "PP"]
    assert set(with_criteria) == set(programmed)
    for framework in programmed:
        on_file = [c["code"] for c in yaml_of(f"criteria/{framework.code}.yaml")["criteria"]]
        assert list(framework.criteria.values_list("code", flat=True)) == on_file


def test_it_keeps_both_kinds_of_neighbourhood_policing(pack_2007: Programme) -> None:
    np = Framework.objects.get(programme=pack_2007, code="NP")

    assert np.kinds == ["programmed", "planned"]
    assert np.kind_labels == ["Programmed", "Planned"]


def test_it_stores_criterion_flags_and_theme_names_as_written(pack_2007: Programme) -> None:
    ca3 = Criterion.objects.get(framework__programme=pack_2007, code="CA-F03")

    assert (ca3.level, ca3.significant, ca3.dominant, ca3.theme) == ("fair", True, True, "risk")
    assert ca3.theme_name == "Management of risk"


def test_it_treats_a_second_load_of_the_same_content_as_a_no_op(pack_2007: Programme) -> None:
    before = counts()

    out = run("load_pack", str(PACK_2007))

    assert "hmic-2007 version 1 is already loaded with the same content; nothing changed" in out
    assert counts() == before
    assert Programme.objects.get().pk == pack_2007.pk


def test_it_ignores_comments_and_layout_when_comparing_content(
    pack_2007: Programme, copy_pack: Callable[..., Path]
) -> None:
    folder = copy_pack(version=None)
    path = folder / "glossary.yaml"
    path.write_text("# A comment changes nothing.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = counts()

    result = load_pack(folder)

    assert result.created is False
    assert counts() == before


def test_it_writes_one_audit_event_with_the_content_hash() -> None:
    result = load_pack(PACK_2007)

    events = AuditEvent.objects.filter(action="pack.loaded")
    assert events.count() == 1
    event = events.get()
    assert event.after["content_hash"] == read_pack(PACK_2007).content_hash() == result.programme.content_hash
    assert (event.after["code"], event.after["version"]) == ("hmic-2007", 1)
    assert (event.object_type, event.object_id) == ("methodology.programme", str(result.programme.pk))
    assert event.actor is None and event.actor_label == "system"

    load_pack(PACK_2007)
    assert AuditEvent.objects.filter(action="pack.loaded").count() == 1


def test_it_loads_a_changed_pack_as_a_new_version_beside_the_old(
    pack_2007: Programme, copy_pack: Callable[..., Path]
) -> None:
    # The control for the broken packs below: the version bump on its own loads.
    folder = copy_pack(version=2)
    edit(folder, "criteria/CA.yaml", "A named chief officer", "A designated chief officer")

    out = run("load_pack", str(folder))

    assert "loaded hmic-2007 version 2" in out
    assert list(Programme.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    v1_text = Criterion.objects.get(framework__programme__version=1, code="CA-F01").text
    v2_text = Criterion.objects.get(framework__programme__version=2, code="CA-F01").text
    assert v1_text.startswith("A named chief officer")
    assert v2_text.startswith("A designated chief officer")


# Broken packs: refused by the command, located, and nothing written


def _bad_yaml(folder: Path) -> str:
    edit(
        folder,
        "pack.yaml",
        "name: HMIC 2007 programmed inspections",
        "name: HMIC 2007: programmed: inspections",
    )
    line = line_of(folder, "pack.yaml", "name: HMIC 2007: programmed")
    return f"pack.yaml (line {line}): bad YAML: mapping values are not allowed here"


def _unknown_key(folder: Path) -> str:
    edit(folder, "criteria/CA.yaml", "  - code: CA-F01\n", "  - code: CA-F01\n    colour: blue\n")
    line = line_of(folder, "criteria/CA.yaml", "colour: blue")
    return f"criteria/CA.yaml: criteria[0].colour (line {line}): unknown key 'colour'"


def _duplicate_criterion(folder: Path) -> str:
    edit(folder, "criteria/CA.yaml", "code: CA-F02", "code: CA-F01")
    first = line_of(folder, "criteria/CA.yaml", "code: CA-F01")
    second = line_of(folder, "criteria/CA.yaml", "code: CA-F01", occurrence=2)
    return (
        f"criteria/CA.yaml: criteria[1].code (line {second}): "
        f"duplicate criterion code 'CA-F01' (first on line {first})"
    )


def _unknown_framework(folder: Path) -> str:
    text = (folder / "criteria" / "CA.yaml").read_text(encoding="utf-8")
    (folder / "criteria" / "ZZ.yaml").write_text(
        text.replace("framework: CA", "framework: ZZ").replace("CA-", "ZZ-"), encoding="utf-8"
    )
    line = line_of(folder, "criteria/ZZ.yaml", "framework: ZZ")
    return f"criteria/ZZ.yaml: framework (line {line}): unknown framework 'ZZ'"


def _rule_for_unknown_grade(folder: Path) -> str:
    edit(folder, "rules.yaml", "  fair:\n    all:", "  adequate:\n    all:")
    line = line_of(folder, "rules.yaml", "  adequate:")
    return f"rules.yaml: rules.adequate (line {line}): rule for an unknown grade 'adequate'"


def _unknown_grade_in_order(folder: Path) -> str:
    edit(
        folder,
        "rules.yaml",
        "order: [poor, excellent, good, fair]",
        "order: [poor, excellent, good, middling]",
    )
    line = line_of(folder, "rules.yaml", "order: [")
    return f"rules.yaml: order[3] (line {line}): unknown grade 'middling'"


def _unknown_theme(folder: Path) -> str:
    edit(
        folder,
        "criteria/CA.yaml",
        "  - code: CA-F01\n    level: fair\n    theme: leadership",
        "  - code: CA-F01\n    level: fair\n    theme: leadrship",
    )
    line = line_of(folder, "criteria/CA.yaml", "theme: leadrship")
    return f"criteria/CA.yaml: criteria[0].theme (line {line}): unknown theme 'leadrship' for framework CA"


def _missing_file(folder: Path) -> str:
    (folder / "glossary.yaml").unlink()
    return "glossary.yaml: missing required file"


def _negative_framework_order(folder: Path) -> str:
    # A position the database cannot hold must be caught by the reader, not by a constraint mid-load.
    edit(folder, "frameworks.yaml", "    order: 1\n", "    order: -1\n")
    line = line_of(folder, "frameworks.yaml", "order: -1")
    return f"frameworks.yaml: frameworks[0].order (line {line}): must be at least 0"


BROKEN = {
    "bad YAML": _bad_yaml,
    "unknown key": _unknown_key,
    "duplicate criterion code": _duplicate_criterion,
    "criteria for an unknown framework": _unknown_framework,
    "rule for an unknown grade": _rule_for_unknown_grade,
    "unknown grade in the rule order": _unknown_grade_in_order,
    "unknown theme": _unknown_theme,
    "missing file": _missing_file,
    "negative framework order": _negative_framework_order,
}


@pytest.mark.parametrize("breakage", BROKEN.values(), ids=BROKEN.keys())
def test_it_refuses_a_broken_pack_naming_where_and_changes_nothing(
    pack_2007: Programme, copy_pack: Callable[..., Path], breakage: Callable[[Path], str]
) -> None:
    folder = copy_pack(version=2)
    expected = breakage(folder)
    loaded_before = programme_to_dict(pack_2007)
    before = counts()

    with pytest.raises(CommandError) as caught:
        run("load_pack", str(folder))

    message = str(caught.value)
    assert message.startswith(f"{folder}: the pack was not loaded; nothing was changed.")
    assert expected in message
    assert counts() == before
    assert programme_to_dict(Programme.objects.get(pk=pack_2007.pk)) == loaded_before


def test_it_refuses_version_1_again_with_different_content(
    pack_2007: Programme, copy_pack: Callable[..., Path]
) -> None:
    folder = copy_pack(version=None)
    edit(folder, "criteria/CA.yaml", "A named chief officer", "A designated chief officer")
    loaded_before = programme_to_dict(pack_2007)
    before = counts()

    with pytest.raises(CommandError) as caught:
        run("load_pack", str(folder))

    message = str(caught.value)
    assert "pack.yaml: version: hmic-2007 version 1 is already loaded with different content" in message
    assert "a changed pack must be given a new version" in message
    assert counts() == before
    assert programme_to_dict(Programme.objects.get(pk=pack_2007.pk)) == loaded_before
    assert Criterion.objects.get(code="CA-F01").text.startswith("A named chief officer")


def test_it_refuses_a_path_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not a folder"):
        run("load_pack", str(tmp_path / "nowhere"))

    assert counts() == dict.fromkeys(counts(), 0)


def test_it_reports_every_problem_of_a_pack_at_once(copy_pack: Callable[..., Path]) -> None:
    folder = copy_pack(version=2)
    _duplicate_criterion(folder)
    _missing_file(folder)

    with pytest.raises(PackError) as caught:
        load_pack(folder)

    problems = caught.value.problems
    assert DataProblem("glossary.yaml", "", None, "missing required file") in problems
    duplicate = next(p for p in problems if p.file == "criteria/CA.yaml")
    assert (duplicate.key_path, duplicate.line) == (
        "criteria[1].code",
        line_of(folder, "criteria/CA.yaml", "CA-F01", 2),
    )
    assert Programme.objects.count() == 0


# Showing a loaded pack


def test_it_shows_a_loaded_pack_as_json(pack_2007: Programme) -> None:
    data = json.loads(run("pack", "show", "hmic-2007", "--json"))

    assert (data["code"], data["version"], data["content_hash"]) == ("hmic-2007", 1, pack_2007.content_hash)
    assert len(data["frameworks"]) == 25
    by_code = {fw["code"]: fw for fw in data["frameworks"]}
    frameworks_yaml = yaml_of("frameworks.yaml")["frameworks"]
    assert set(by_code) == {fw["code"] for fw in frameworks_yaml}
    for code in ("NP", "PM", "CA", "DV", "PP", "MP"):
        on_file = yaml_of(f"criteria/{code}.yaml")["criteria"]
        shown = by_code[code]["criteria"]
        assert [c["code"] for c in shown] == [c["code"] for c in on_file]
        for criterion, written in zip(shown, on_file, strict=True):
            assert criterion["level"] == written["level"]
            assert criterion["significant"] == written.get("significant", False)
            assert criterion["dominant"] == written.get("dominant", False)
            assert criterion["theme"] == written.get("theme")
    assert by_code["FE"]["criteria"] == []
    assert by_code["NP"]["kinds"] == ["programmed", "planned"]
    rules = yaml_of("rules.yaml")
    assert data["rules"]["code"] == rules["code"]
    assert data["rules"]["order"] == rules["order"]
    assert set(data["rules"]["rules"]) == set(rules["rules"])
    assert [g["code"] for g in data["scale"]["grades"]] == ["excellent", "good", "fair", "poor"]


def test_it_shows_a_loaded_pack_as_text_with_its_counts(pack_2007: Programme) -> None:
    out = run("pack", "show", "hmic-2007")

    assert "HMIC 2007 programmed inspections (hmic-2007 version 1)" in out
    assert "Programmed frameworks (6): NP, PM, CA, DV, PP, MP" in out
    assert "Risk-based frameworks (8):" in out
    assert "Planned frameworks (12):" in out
    for code in ("NP", "PM", "CA", "DV", "PP", "MP"):
        criteria = yaml_of(f"criteria/{code}.yaml")["criteria"]
        fair = sum(c["level"] == "fair" for c in criteria)
        good = sum(c["level"] == "good" for c in criteria)
        significant = sum(c.get("significant", False) for c in criteria)
        dominant = sum(c.get("dominant", False) for c in criteria)
        assert f"{fair} fair, {good} good; {significant} significant, {dominant} dominant" in out, code
    assert f"Glossary: {len(yaml_of('glossary.yaml')['terms'])} terms" in out
    assert f"Content hash: {pack_2007.content_hash}" in out


def test_it_shows_the_latest_version_unless_asked_for_another(
    pack_2007: Programme, copy_pack: Callable[..., Path]
) -> None:
    folder = copy_pack(version=2)
    edit(folder, "criteria/CA.yaml", "A named chief officer", "A designated chief officer")
    load_pack(folder)

    assert json.loads(run("pack", "show", "hmic-2007", "--json"))["version"] == 2
    assert json.loads(run("pack", "show", "hmic-2007", "--json", "--version", "1"))["version"] == 1
    with pytest.raises(CommandError, match="no loaded pack 'hmic-2007'"):
        run("pack", "show", "hmic-2007", "--version", "3")


def test_it_names_the_loaded_packs_when_asked_for_an_unknown_one(pack_2007: Programme) -> None:
    with pytest.raises(CommandError) as caught:
        run("pack", "show", "unknown")

    assert str(caught.value) == "no loaded pack 'unknown' (loaded: hmic-2007)"


def test_it_says_none_are_loaded_when_the_database_is_empty() -> None:
    with pytest.raises(CommandError, match=r"\(loaded: none\)"):
        run("pack", "show", "hmic-2007")


def test_it_lists_loaded_packs(pack_2007: Programme) -> None:
    out = run("pack", "list")

    assert out.splitlines() == [
        f"hmic-2007\tversion 1\tHMIC 2007 programmed inspections\t{pack_2007.content_hash[:12]}"
    ]
