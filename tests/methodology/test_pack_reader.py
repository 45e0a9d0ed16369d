"""The pack reader: sound packs read into read-only content, broken ones are refused with located problems."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from inspectorate.methodology.pack import Pack, PackError, PackProblem, pack_summary, read_pack

FIXTURE = Path(__file__).parent / "fixtures" / "mini-pack"
REAL_PACK = Path(__file__).resolve().parents[2] / "packs" / "hmic-2007"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "mini-pack"
    shutil.copytree(FIXTURE, target)
    return target


def edit(pack_dir: Path, relative: str, old: str, new: str) -> None:
    path = pack_dir / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(pack_dir: Path, relative: str, needle: str) -> int:
    lines = (pack_dir / relative).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} should be on exactly one line of {relative}"
    return found[0]


def problems_of(pack_dir: Path) -> list[PackProblem]:
    with pytest.raises(PackError) as caught:
        read_pack(pack_dir)
    return caught.value.problems


def only_problem(pack_dir: Path) -> PackProblem:
    problems = problems_of(pack_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# A sound pack


def test_it_reads_a_sound_pack(pack_dir: Path) -> None:
    pack = read_pack(pack_dir)

    assert isinstance(pack, Pack)
    assert (pack.code, pack.version) == ("mini-2007", 1)
    assert pack.programme.assessment_period.start == date(2006, 4, 1)
    assert pack.programme.assessment_period.end == date(2007, 7, 31)
    assert pack.scale.levels == ("fair", "good")
    assert pack.scale.grade_codes == ("excellent", "good", "fair", "poor")
    assert list(pack.ruleset.order) == ["poor", "excellent", "good", "fair"]
    assert [c.code for c in pack.conditions] == ["beacon", "innovation"]
    assert [f.code for f in pack.frameworks] == ["NP", "CA", "DV", "VC"]
    assert list(pack.criteria) == ["NP", "CA", "DV"]
    assert [c.code for c in pack.criteria_of("CA")] == ["CA-F01", "CA-F02", "CA-G01"]
    assert pack.criteria_of("VC") == ()
    assert pack.framework("NP").published_distribution == {"excellent": 1, "good": 2, "fair": 3, "poor": 0}
    assert pack.themes_of("DV") == ("leadership", "risk", "victims")
    np_f01 = pack.criteria_of("NP")[0]
    assert (np_f01.level, np_f01.theme, np_f01.significant, np_f01.dominant) == (
        "fair",
        "resources",
        True,
        True,
    )
    # Flags left out of the file mean "no".
    assert pack.criteria_of("NP")[2].significant is False
    assert [t.term for t in pack.glossary] == ["ACPO", "BCU"]


def test_it_returns_content_that_cannot_be_changed(pack_dir: Path) -> None:
    pack = read_pack(pack_dir)

    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.frameworks = ()  # type: ignore[misc]
    with pytest.raises(ValidationError):
        pack.criteria_of("NP")[0].level = "good"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pack.criteria["XX"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        pack.framework("NP").published_distribution["good"] = 40  # type: ignore[index]


def test_it_gives_the_same_content_hash_on_every_read(pack_dir: Path) -> None:
    first = read_pack(pack_dir).content_hash()

    assert read_pack(pack_dir).content_hash() == first
    assert len(first) == 64
    assert int(first, 16) >= 0


def test_it_keeps_the_content_hash_when_only_the_yaml_layout_changes(pack_dir: Path) -> None:
    before = read_pack(pack_dir).content_hash()
    edit(pack_dir, "glossary.yaml", "terms:\n", "# Abbreviations used in reports.\nterms:\n")
    edit(
        pack_dir,
        "pack.yaml",
        "assessment_period: {start: 2006-04-01, end: 2007-07-31}",
        "assessment_period:\n  end: 2007-07-31\n  start: 2006-04-01",
    )

    assert read_pack(pack_dir).content_hash() == before


def test_it_changes_the_content_hash_when_a_criterion_text_changes(pack_dir: Path) -> None:
    before = read_pack(pack_dir).content_hash()
    edit(pack_dir, "criteria/CA.yaml", "assessed for risk without delay.", "assessed for risk within a day.")

    assert read_pack(pack_dir).content_hash() != before


def test_it_serialises_to_json(pack_dir: Path) -> None:
    data = json.loads(json.dumps(read_pack(pack_dir).to_dict()))

    assert data["programme"]["assessment_period"] == {"start": "2006-04-01", "end": "2007-07-31"}
    np = next(f for f in data["frameworks"] if f["code"] == "NP")
    assert np["kinds"] == ["programmed", "planned"]
    assert np["criteria"][0] | {"text": None} == {
        "code": "NP-F01",
        "level": "fair",
        "theme": "resources",
        "significant": True,
        "dominant": True,
        "text": None,
        "guidance": None,
    }
    assert next(f for f in data["frameworks"] if f["code"] == "VC")["criteria"] == []
    assert data["rules"]["rules"]["poor"]["any"][0] == {"test": "dominant_not_met", "level": None}
    assert data["rules"]["when_none_holds"] == {"reason": "judgement_required", "between": ["poor", "fair"]}
    assert data["glossary"][1] == {"term": "BCU", "meaning": "Basic command unit"}


def test_it_summarises_a_pack_for_people(pack_dir: Path) -> None:
    summary = pack_summary(read_pack(pack_dir))

    assert "Miniature test programme (mini-2007, version 1)" in summary
    assert "Assessment period: 1 April 2006 to 31 July 2007" in summary
    assert "Frameworks: 4 (3 programmed, 1 risk-based, 1 planned)" in summary
    assert "Criteria: 8 in 3 frameworks" in summary
    assert "NP    3: 2 fair, 1 good, 1 significant, 1 dominant; 3 with a theme" in summary
    assert "CA    3: 2 fair, 1 good, 2 significant, 0 dominant" in summary


# A broken pack


def test_it_reports_bad_yaml_with_its_line_and_column(pack_dir: Path) -> None:
    edit(pack_dir, "criteria/CA.yaml", "text: Referrals are assessed", "text: Referrals: are assessed")

    problem = only_problem(pack_dir)

    assert problem.file == "criteria/CA.yaml"
    assert problem.key_path == ""
    assert problem.line == line_of(pack_dir, "criteria/CA.yaml", "Referrals: are")
    assert problem.reason.startswith("bad YAML: mapping values are not allowed here (column 20)")


def test_it_reports_an_unknown_key(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "criteria/CA.yaml",
        "    theme: risk\n    significant: true\n",
        "    theme: risk\n    colour: red\n    significant: true\n",
    )

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("criteria/CA.yaml", "criteria[1].colour")
    assert problem.line == line_of(pack_dir, "criteria/CA.yaml", "colour: red")
    assert problem.reason == "unknown key 'colour'"


def test_it_reports_a_missing_key_at_the_entry_that_lacks_it(pack_dir: Path) -> None:
    edit(pack_dir, "frameworks.yaml", "    name: Child abuse\n", "")

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("frameworks.yaml", "frameworks[1].name")
    assert problem.line == line_of(pack_dir, "frameworks.yaml", "- code: CA")
    assert problem.reason == "missing key 'name'"


def test_it_reports_a_value_of_the_wrong_type(pack_dir: Path) -> None:
    edit(pack_dir, "pack.yaml", "version: 1", "version: one")
    edit(pack_dir, "criteria/NP.yaml", "significant: false", 'significant: "no"')

    problems = problems_of(pack_dir)

    assert [(p.file, p.key_path, p.reason) for p in problems] == [
        ("criteria/NP.yaml", "criteria[1].significant", "expected true or false, got text"),
        ("pack.yaml", "version", "expected a whole number, got text"),
    ]
    assert problems[1].line == 2


def test_it_reports_a_criterion_code_used_in_two_files(pack_dir: Path) -> None:
    edit(pack_dir, "criteria/DV.yaml", "code: DV-F01", "code: CA-F02")

    problem = only_problem(pack_dir)

    first_line = line_of(pack_dir, "criteria/CA.yaml", "code: CA-F02")
    assert (problem.file, problem.key_path) == ("criteria/DV.yaml", "criteria[0].code")
    assert problem.line == line_of(pack_dir, "criteria/DV.yaml", "code: CA-F02")
    assert (
        problem.reason == f"duplicate criterion code 'CA-F02' (first in criteria/CA.yaml line {first_line})"
    )


def test_it_reports_a_criteria_file_for_an_unknown_framework(pack_dir: Path) -> None:
    (pack_dir / "criteria" / "XX.yaml").write_text(
        "framework: XX\ncriteria:\n  - {code: XX-F01, level: fair, text: Something.}\n", encoding="utf-8"
    )

    problem = only_problem(pack_dir)

    assert (
        str(problem)
        == "criteria/XX.yaml: framework (line 1): unknown framework 'XX' (not in frameworks.yaml)"
    )


def test_it_reports_a_criteria_file_named_for_another_framework(pack_dir: Path) -> None:
    edit(pack_dir, "criteria/DV.yaml", "framework: DV", "framework: NP")

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path, problem.line) == ("criteria/DV.yaml", "framework", 1)
    assert problem.reason == "framework 'NP' does not match the file name (criteria/NP.yaml expected)"


def test_it_reports_a_rule_naming_an_unknown_grade(pack_dir: Path) -> None:
    edit(pack_dir, "rules.yaml", "between: [poor, fair]", "between: [poor, mediocre]")

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("rules.yaml", "when_none_holds.between[1]")
    assert problem.line == line_of(pack_dir, "rules.yaml", "between:")
    assert "unknown grade 'mediocre'" in problem.reason


def test_it_reports_a_rule_naming_an_unknown_condition(pack_dir: Path) -> None:
    edit(pack_dir, "rules.yaml", "condition: beacon}", "condition: lighthouse}")

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("rules.yaml", "rules.excellent.all[2].condition")
    assert problem.line == line_of(pack_dir, "rules.yaml", "lighthouse")
    assert "unknown condition 'lighthouse'" in problem.reason


def test_it_locates_a_shape_error_inside_a_rule_test(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "rules.yaml",
        "{test: met_share, level: good, above: 0.50}",
        "{test: met_share, level: good, above: 0.50, below: 0.9}",
    )

    problem = only_problem(pack_dir)

    assert (problem.key_path, problem.reason) == ("rules.good.all[1].below", "unknown key 'below'")
    assert problem.line == line_of(pack_dir, "rules.yaml", "below: 0.9")


def test_it_reports_a_missing_key_inside_a_rule_test(pack_dir: Path) -> None:
    edit(pack_dir, "rules.yaml", "{test: condition, condition: innovation}", "{test: condition}")

    problem = only_problem(pack_dir)

    assert (problem.key_path, problem.reason) == (
        "rules.excellent.all[3].condition",
        "missing key 'condition'",
    )
    assert problem.line == line_of(pack_dir, "rules.yaml", "{test: condition}")


def test_it_reports_a_programmed_framework_without_criteria(pack_dir: Path) -> None:
    (pack_dir / "criteria" / "DV.yaml").unlink()

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("frameworks.yaml", "frameworks[2].kinds")
    assert problem.reason == "programmed framework DV has no criteria file criteria/DV.yaml"


def test_it_reports_a_theme_the_framework_does_not_have(pack_dir: Path) -> None:
    # `resources` is a theme of NP, so CA may not use it.
    edit(
        pack_dir,
        "criteria/CA.yaml",
        "    theme: risk\n    text: Risk assessments",
        "    theme: resources\n    text: Risk assessments",
    )

    problem = only_problem(pack_dir)

    line = line_of(pack_dir, "criteria/CA.yaml", "theme: resources")
    assert str(problem) == (
        f"criteria/CA.yaml: criteria[2].theme (line {line}): "
        "unknown theme 'resources' for framework CA (themes: leadership, risk)"
    )


def test_it_reports_significant_on_a_criterion_above_the_lowest_level(pack_dir: Path) -> None:
    edit(pack_dir, "criteria/NP.yaml", "    level: good\n", "    level: good\n    significant: true\n")

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("criteria/NP.yaml", "criteria[2].significant")
    assert problem.line == line_of(pack_dir, "criteria/NP.yaml", "level: good") + 1
    assert problem.reason == "only fair criteria can be significant, NP-G01 is a good criterion"


def test_it_reports_a_level_the_scale_does_not_have(pack_dir: Path) -> None:
    edit(pack_dir, "criteria/DV.yaml", "level: good", "level: excellent")

    problem = only_problem(pack_dir)

    assert (problem.key_path, problem.line) == (
        "criteria[1].level",
        line_of(pack_dir, "criteria/DV.yaml", "level: ex"),
    )
    assert problem.reason == "unknown level 'excellent' (scale levels: fair, good)"


def test_it_reports_a_missing_file(pack_dir: Path) -> None:
    (pack_dir / "glossary.yaml").unlink()

    problem = only_problem(pack_dir)

    assert problem == PackProblem("glossary.yaml", "", None, "missing required file")
    assert str(problem) == "glossary.yaml: missing required file"


def test_it_reports_an_assessment_period_that_ends_before_it_starts(pack_dir: Path) -> None:
    edit(
        pack_dir, "pack.yaml", "{start: 2006-04-01, end: 2007-07-31}", "{start: 2007-08-01, end: 2007-07-31}"
    )

    problem = only_problem(pack_dir)

    assert (problem.file, problem.key_path) == ("pack.yaml", "assessment_period.end")
    assert problem.line == line_of(pack_dir, "pack.yaml", "assessment_period")
    assert problem.reason == "assessment period ends (2007-07-31) before it starts (2007-08-01)"


def test_it_reports_an_impossible_date_where_it_is_written(pack_dir: Path) -> None:
    edit(pack_dir, "pack.yaml", "end: 2007-07-31", "end: 2007-02-30")

    problem = only_problem(pack_dir)

    assert (problem.file, problem.line) == ("pack.yaml", line_of(pack_dir, "pack.yaml", "assessment_period"))
    assert "invalid date '2007-02-30'" in problem.reason


def test_it_reports_duplicate_codes_of_every_kind(pack_dir: Path) -> None:
    edit(pack_dir, "scale.yaml", "  - code: poor\n", "  - code: fair\n")
    edit(pack_dir, "frameworks.yaml", "  - code: VC\n", "  - code: CA\n")
    edit(pack_dir, "frameworks.yaml", "{code: innovation,", "{code: beacon,")
    edit(pack_dir, "frameworks.yaml", "{code: victims,", "{code: risk,")
    edit(pack_dir, "glossary.yaml", "{term: BCU,", "{term: acpo,")

    reasons = {(p.file, p.key_path): p.reason for p in problems_of(pack_dir)}

    assert reasons[("scale.yaml", "grades[3].code")].startswith("duplicate grade code 'fair' (first on line")
    assert reasons[("frameworks.yaml", "frameworks[3].code")].startswith("duplicate framework code 'CA'")
    assert reasons[("frameworks.yaml", "conditions[1].code")].startswith("duplicate condition code 'beacon'")
    assert reasons[("frameworks.yaml", "frameworks[2].themes[0].code")] == (
        "theme 'risk' is already a theme of group PVP"
    )
    assert reasons[("glossary.yaml", "terms[1].term")].startswith("duplicate glossary term 'acpo'")


def test_it_reports_a_key_written_twice_in_one_mapping(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "criteria/NP.yaml",
        "    significant: false\n",
        "    significant: false\n    level: good  # again\n",
    )

    problem = only_problem(pack_dir)

    assert (problem.key_path, problem.line) == (
        "criteria[1].level",
        line_of(pack_dir, "criteria/NP.yaml", "# again"),
    )
    assert problem.reason.startswith("duplicate key 'level' (first on line")


def test_it_reports_an_unknown_group_and_distribution_grade(pack_dir: Path) -> None:
    edit(pack_dir, "frameworks.yaml", "    group: PVP\n    order: 3", "    group: PVV\n    order: 3")
    edit(pack_dir, "frameworks.yaml", "poor: 0}", "terrible: 0}")

    problems = problems_of(pack_dir)

    assert [(p.key_path, p.reason) for p in problems] == [
        (
            "frameworks[0].published_distribution.terrible",
            "unknown grade 'terrible' (grades: excellent, good, fair, poor)",
        ),
        ("frameworks[2].group", "unknown group 'PVV' (groups: PVP)"),
    ]


def test_it_collects_every_problem_sorted_by_file_and_line(pack_dir: Path) -> None:
    (pack_dir / "glossary.yaml").unlink()
    edit(pack_dir, "pack.yaml", "version: 1", "version: 0")
    edit(pack_dir, "criteria/NP.yaml", "theme: accessibility", "theme: nowhere")
    edit(pack_dir, "criteria/CA.yaml", "text: A chief officer", "texts: A chief officer")

    with pytest.raises(PackError) as caught:
        read_pack(pack_dir)

    lines = str(caught.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "criteria/CA.yaml",
        "criteria/CA.yaml",
        "criteria/NP.yaml",
        "glossary.yaml",
        "pack.yaml",
    ]
    assert lines[0].startswith("criteria/CA.yaml: criteria[0]")
    assert "missing key 'text'" in lines[0]
    assert "unknown key 'texts'" in lines[1]
    assert caught.value.problems == sorted(caught.value.problems, key=PackProblem.sort_key)


def test_it_refuses_a_path_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="is not a pack folder"):
        read_pack(tmp_path / "nowhere")


# The 2007 pack shipped with the product

PROGRAMMED = ["NP", "PM", "CA", "DV", "PP", "MP"]
RISK_BASED = [
    "fairness and equality in service delivery",
    "volume crime reduction",
    "volume crime investigation",
    "improving forensic performance",
    "criminal justice processes",
    "reducing anti-social behaviour",
    "contact management",
    "training, development and organisational learning",
]
PLANNED = [
    "serious and organised crime",
    "major crime",
    "neighbourhood policing",
    "strategic resource management",
    "customer service and accessibility",
    "critical incident management",
    "professional standards",
    "public order",
    "civil contingencies",
    "information management",
    "strategic roads policing",
    "leadership",
]


def test_it_reads_the_2007_pack_without_problems() -> None:
    pack = read_pack(REAL_PACK)

    assert pack.code == "hmic-2007"
    assert "reconstructed" in pack.programme.description.lower()
    assert pack.programme.assessment_period.start == date(2006, 4, 1)
    assert pack.programme.assessment_period.end == date(2007, 7, 31)
    assert pack.scale.grade_codes == ("excellent", "good", "fair", "poor")
    assert pack.scale.levels == ("fair", "good")
    assert [f.code for f in pack.frameworks if "programmed" in f.kinds] == PROGRAMMED
    assert sorted(f.name.lower() for f in pack.frameworks if "risk_based" in f.kinds) == sorted(RISK_BASED)
    assert sorted(f.name.lower() for f in pack.frameworks if "planned" in f.kinds) == sorted(PLANNED)
    assert [f.code for f in pack.frameworks if f.group == "PVP"] == ["CA", "DV", "PP", "MP"]
    assert len(pack.group("PVP").themes) == 8


@pytest.mark.parametrize("framework", PROGRAMMED)
def test_it_finds_themed_fair_and_good_criteria_for_each_2007_programmed_framework(framework: str) -> None:
    pack = read_pack(REAL_PACK)
    criteria = pack.criteria_of(framework)
    themed = [c for c in criteria if c.theme is not None]

    assert sum(c.level == "fair" for c in themed) >= 8
    assert sum(c.level == "good" for c in themed) >= 6
    assert any(c.significant for c in criteria)
    assert pack.framework(framework).national_context
    distribution = pack.framework(framework).published_distribution
    assert distribution is not None
    assert sum(distribution.values()) == 43
