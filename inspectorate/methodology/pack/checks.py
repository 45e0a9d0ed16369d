"""Checks that span values or files: duplicate codes and references between pack files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inspectorate.datafiles import DataProblem, KeyPath, SourceFile

from .schema import CriteriaFile, Criterion, Framework, FrameworksFile, Glossary, Programme, Scale


@dataclass(frozen=True)
class _Seen:
    file: str
    line: int | None


class Duplicates:
    """Remembers where each code was first defined and reports later definitions of it."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.first: dict[str, _Seen] = {}

    def check(
        self, source: SourceFile, path: KeyPath, code: str, key: str | None = None
    ) -> list[DataProblem]:
        """``key`` is what makes two codes the same, when that is not the code itself."""
        line = source.line_of(path)
        key = code if key is None else key
        seen = self.first.get(key)
        if seen is None:
            self.first[key] = _Seen(source.file, line)
            return []
        if seen.file == source.file:
            where = f"first on line {seen.line}" if seen.line is not None else "defined earlier"
        else:
            where = f"first in {seen.file}" + (f" line {seen.line}" if seen.line is not None else "")
        return [source.problem(path, f"duplicate {self.what} '{code}' ({where})")]


def _each_unique(source: SourceFile, what: str, entries: Iterable[tuple[KeyPath, str]]) -> list[DataProblem]:
    seen = Duplicates(what)
    problems: list[DataProblem] = []
    for path, code in entries:
        problems += seen.check(source, path, code)
    return problems


def check_programme(source: SourceFile, programme: Programme) -> list[DataProblem]:
    period = programme.assessment_period
    if period.end < period.start:
        return [
            source.problem(
                ("assessment_period", "end"),
                f"assessment period ends ({period.end.isoformat()}) before it starts "
                f"({period.start.isoformat()})",
            )
        ]
    return []


def check_scale(source: SourceFile, scale: Scale) -> list[DataProblem]:
    problems = _each_unique(source, "level", ((("levels", i), level) for i, level in enumerate(scale.levels)))
    problems += _each_unique(
        source, "grade code", ((("grades", i, "code"), grade.code) for i, grade in enumerate(scale.grades))
    )
    return problems


def check_frameworks(source: SourceFile, content: FrameworksFile, scale: Scale | None) -> list[DataProblem]:
    problems = _each_unique(
        source,
        "condition code",
        ((("conditions", i, "code"), c.code) for i, c in enumerate(content.conditions)),
    )
    problems += _each_unique(
        source, "group code", ((("groups", i, "code"), g.code) for i, g in enumerate(content.groups))
    )
    problems += _each_unique(
        source,
        "framework code",
        ((("frameworks", i, "code"), f.code) for i, f in enumerate(content.frameworks)),
    )
    group_themes: dict[str, list[str]] = {}
    for g_index, group in enumerate(content.groups):
        group_themes.setdefault(group.code, [t.code for t in group.themes])
        problems += _each_unique(
            source,
            f"theme code in group {group.code}",
            ((("groups", g_index, "themes", i, "code"), t.code) for i, t in enumerate(group.themes)),
        )
    for f_index, framework in enumerate(content.frameworks):
        problems += _check_framework(source, ("frameworks", f_index), framework, group_themes, scale)
    return problems


def _check_framework(
    source: SourceFile,
    at: KeyPath,
    framework: Framework,
    group_themes: dict[str, list[str]],
    scale: Scale | None,
) -> list[DataProblem]:
    problems = _each_unique(
        source, "kind", (((*at, "kinds", i), kind) for i, kind in enumerate(framework.kinds))
    )
    inherited: list[str] = []
    if framework.group is not None:
        if framework.group in group_themes:
            inherited = group_themes[framework.group]
        else:
            known = ", ".join(sorted(group_themes)) or "none defined"
            problems.append(
                source.problem((*at, "group"), f"unknown group '{framework.group}' (groups: {known})")
            )
    # A framework theme with the same code as one of its group's would make a criterion's theme ambiguous.
    themes = Duplicates(f"theme code in framework {framework.code}")
    for i, theme in enumerate(framework.themes):
        path = (*at, "themes", i, "code")
        if theme.code in inherited:
            problems.append(
                source.problem(path, f"theme '{theme.code}' is already a theme of group {framework.group}")
            )
        else:
            problems += themes.check(source, path, theme.code)
    if "programmed" in framework.kinds and framework.national_context is None:
        problems.append(
            source.problem((*at, "national_context"), "missing key 'national_context' (programmed framework)")
        )
    if framework.published_distribution is not None and scale is not None:
        grades = scale.grade_codes
        for key in framework.published_distribution:
            if key not in grades:
                problems.append(
                    source.problem(
                        (*at, "published_distribution", key),
                        f"unknown grade '{key}' (grades: {', '.join(grades)})",
                    )
                )
    return problems


def framework_themes(content: FrameworksFile) -> dict[str, tuple[str, ...] | None]:
    """Theme codes a criterion of each framework may carry: its group's and its own.

    None when the framework's group is unknown: that is reported once, on the framework, rather
    than again on every criterion that uses one of the group's themes.
    """
    # The first definition of a duplicated code wins, as in the duplicate reports.
    groups: dict[str, tuple[str, ...]] = {}
    for group in content.groups:
        groups.setdefault(group.code, tuple(t.code for t in group.themes))
    result: dict[str, tuple[str, ...] | None] = {}
    for framework in content.frameworks:
        own = tuple(t.code for t in framework.themes)
        if framework.group is None:
            result.setdefault(framework.code, own)
        elif framework.group in groups:
            result.setdefault(framework.code, groups[framework.group] + own)
        else:
            result.setdefault(framework.code, None)
    return result


def check_criteria(
    files: Sequence[tuple[SourceFile, CriteriaFile]],
    frameworks: FrameworksFile | None,
    scale: Scale | None,
) -> list[DataProblem]:
    problems: list[DataProblem] = []
    codes = Duplicates("criterion code")
    themes = framework_themes(frameworks) if frameworks is not None else None
    for source, content in files:
        stem = source.file.removeprefix("criteria/").removesuffix(".yaml")
        framework_ok = True
        if themes is not None and content.framework not in themes:
            framework_ok = False
            problems.append(
                source.problem(
                    ("framework",),
                    f"unknown framework '{content.framework}' (not in frameworks.yaml)",
                )
            )
        elif content.framework != stem:
            framework_ok = False
            problems.append(
                source.problem(
                    ("framework",),
                    f"framework '{content.framework}' does not match the file name "
                    f"(criteria/{content.framework}.yaml expected)",
                )
            )
        for i, criterion in enumerate(content.criteria):
            at: KeyPath = ("criteria", i)
            problems += codes.check(source, (*at, "code"), criterion.code)
            problems += _check_criterion(
                source, at, criterion, content.framework, themes if framework_ok else None, scale
            )
    return problems


def _check_criterion(
    source: SourceFile,
    at: KeyPath,
    criterion: Criterion,
    framework: str,
    themes: dict[str, tuple[str, ...] | None] | None,
    scale: Scale | None,
) -> list[DataProblem]:
    problems: list[DataProblem] = []
    if scale is not None:
        if criterion.level not in scale.levels:
            problems.append(
                source.problem(
                    (*at, "level"),
                    f"unknown level '{criterion.level}' (scale levels: {', '.join(scale.levels)})",
                )
            )
        elif criterion.significant and criterion.level != scale.lowest_level:
            problems.append(
                source.problem(
                    (*at, "significant"),
                    f"only {scale.lowest_level} criteria can be significant, "
                    f"{criterion.code} is a {criterion.level} criterion",
                )
            )
    allowed_themes = themes.get(framework) if themes is not None else None
    if allowed_themes is not None and criterion.theme is not None and criterion.theme not in allowed_themes:
        allowed = ", ".join(allowed_themes) or "none defined"
        problems.append(
            source.problem(
                (*at, "theme"),
                f"unknown theme '{criterion.theme}' for framework {framework} (themes: {allowed})",
            )
        )
    return problems


def check_coverage(
    frameworks_source: SourceFile, frameworks: FrameworksFile, criteria_frameworks: set[str]
) -> list[DataProblem]:
    """A programmed framework is graded, so it needs criteria to grade against."""
    return [
        frameworks_source.problem(
            ("frameworks", i, "kinds"),
            f"programmed framework {framework.code} has no criteria file criteria/{framework.code}.yaml",
        )
        for i, framework in enumerate(frameworks.frameworks)
        if "programmed" in framework.kinds and framework.code not in criteria_frameworks
    ]


def check_glossary(source: SourceFile, glossary: Glossary) -> list[DataProblem]:
    # Case is ignored: "ACPO" and "Acpo" listed twice would be the same abbreviation.
    seen = Duplicates("glossary term")
    problems: list[DataProblem] = []
    for i, entry in enumerate(glossary.terms):
        problems += seen.check(source, ("terms", i, "term"), entry.term, key=entry.term.casefold())
    return problems
