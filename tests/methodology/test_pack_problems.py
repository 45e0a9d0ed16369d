"""The pack reader on broken packs: every problem located by file, key path and line, and all of them
reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.datafiles import DataProblem
from inspectorate.methodology.pack import PackError, read_pack

from .packs_support import edit, line_of, only_problem, problems_of


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

    assert problem == DataProblem("glossary.yaml", "", None, "missing required file")
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
    assert caught.value.problems == sorted(caught.value.problems, key=DataProblem.sort_key)


def test_it_refuses_a_path_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="is not a pack folder"):
        read_pack(tmp_path / "nowhere")


# The 2007 pack shipped with the product


def test_it_reports_a_control_character_spelt_as_an_escape(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "criteria/CA.yaml",
        "text: Referrals are assessed for risk without delay.",
        'text: "Referrals\\x0c are assessed for risk without delay."',
    )

    problem = only_problem(pack_dir)

    assert problem.file == "criteria/CA.yaml"
    assert problem.key_path == "criteria[1].text"
    assert problem.line == line_of(pack_dir, "criteria/CA.yaml", "Referrals\\x0c")
    assert problem.reason == (
        "the text contains a control character, U+000C (form feed), at character 10; "
        "remove it (only tabs and line breaks are allowed)"
    )
