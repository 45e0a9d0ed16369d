"""Reading a pack folder into a validated Pack, or a PackError listing everything wrong with it."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel

from inspectorate.datafiles import DataProblem, SourceFile, load_source, parse_key_path, validate

from . import checks
from .errors import PackError
from .model import Pack
from .schema import CriteriaFile, Criterion, FrameworksFile, Glossary, Programme, Scale

PACK_FILE = "pack.yaml"
SCALE_FILE = "scale.yaml"
RULES_FILE = "rules.yaml"
FRAMEWORKS_FILE = "frameworks.yaml"
GLOSSARY_FILE = "glossary.yaml"
CRITERIA_FOLDER = "criteria"
REQUIRED_FILES = (PACK_FILE, SCALE_FILE, RULES_FILE, FRAMEWORKS_FILE, GLOSSARY_FILE)

M = TypeVar("M", bound=BaseModel)


def read_pack(path: Path | str) -> Pack:
    """Read and validate the pack folder at ``path``.

    Raises PackError with every problem found (syntax, shape, duplicate codes, broken references);
    nothing is returned unless the whole pack is sound.
    """
    root = Path(path)
    if not root.is_dir():
        raise PackError([DataProblem(".", "", None, f"{root} is not a pack folder")])
    reading = _Reading(root)

    programme = reading.model(PACK_FILE, Programme)
    scale = reading.model(SCALE_FILE, Scale)
    frameworks = reading.model(FRAMEWORKS_FILE, FrameworksFile)
    glossary = reading.model(GLOSSARY_FILE, Glossary)
    ruleset = reading.ruleset(scale, frameworks)
    holds_criteria = programme is None or programme.criteria_held
    criteria_files = [
        (reading.sources[name], content)
        for name in (reading.criteria_files() if holds_criteria else reading.no_criteria())
        if (content := reading.model(name, CriteriaFile)) is not None
    ]

    problems = reading.problems
    if programme is not None:
        problems += checks.check_programme(reading.sources[PACK_FILE], programme)
    if scale is not None:
        problems += checks.check_scale(reading.sources[SCALE_FILE], scale)
    if frameworks is not None:
        frameworks_source = reading.sources[FRAMEWORKS_FILE]
        problems += checks.check_frameworks(frameworks_source, frameworks, scale)
        if holds_criteria and (root / CRITERIA_FOLDER).is_dir():
            covered = {content.framework for _, content in criteria_files}
            covered |= {path.stem for path in (root / CRITERIA_FOLDER).glob("*.yaml")}
            problems += checks.check_coverage(frameworks_source, frameworks, covered)
    if glossary is not None:
        problems += checks.check_glossary(reading.sources[GLOSSARY_FILE], glossary)
    problems += checks.check_criteria(criteria_files, frameworks, scale)

    if problems:
        raise PackError(problems)
    # Every part validated, otherwise a problem would have been recorded above.
    assert programme and scale and frameworks and glossary and ruleset is not None
    return Pack(
        programme=programme,
        scale=scale,
        ruleset=ruleset,
        conditions=frameworks.conditions,
        groups=frameworks.groups,
        frameworks=frameworks.frameworks,
        criteria=_criteria_by_framework(frameworks, criteria_files),
        glossary=glossary.terms,
    )


def _criteria_by_framework(
    frameworks: FrameworksFile, files: list[tuple[SourceFile, CriteriaFile]]
) -> MappingProxyType[str, tuple[Criterion, ...]]:
    by_code = {content.framework: content.criteria for _, content in files}
    return MappingProxyType({f.code: by_code[f.code] for f in frameworks.frameworks if f.code in by_code})


class _Reading:
    """One read in progress: the sources parsed so far and every problem met on the way."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[DataProblem] = []
        self.sources: dict[str, SourceFile] = {}

    def parse(self, relative: str) -> SourceFile | None:
        if not (self.root / relative).is_file():
            self.problems.append(DataProblem(relative, "", None, "missing required file"))
            return None
        source, problems = load_source(self.root, relative)
        self.problems += problems
        if source is None or not isinstance(source.data, dict):
            return None
        self.sources[relative] = source
        return source

    def model(self, relative: str, model: type[M]) -> M | None:
        source = self.parse(relative)
        if source is None:
            return None
        value, problems = validate(model, source)
        self.problems += problems
        return value

    def ruleset(self, scale: Scale | None, frameworks: FrameworksFile | None) -> Any:
        # The rule set's shape and meaning belong to the grade engine; the pack only locates its problems.
        from inspectorate.methodology.engine.ruleset import RuleSet, ruleset_problems

        ruleset = self.model(RULES_FILE, RuleSet)
        if ruleset is None or scale is None or frameworks is None:
            return ruleset
        source = self.sources[RULES_FILE]
        for key_path, reason in ruleset_problems(
            ruleset,
            list(scale.grade_codes),
            list(scale.levels),
            [condition.code for condition in frameworks.conditions],
        ):
            self.problems.append(
                DataProblem(RULES_FILE, key_path, source.line_of(parse_key_path(key_path)), reason)
            )
        return ruleset

    def no_criteria(self) -> list[str]:
        """A pack that says it holds no criteria must not have any."""
        if (self.root / CRITERIA_FOLDER).exists():
            self.problems.append(
                DataProblem(
                    f"{CRITERIA_FOLDER}/",
                    "",
                    None,
                    "pack.yaml says criteria_held: false, so the pack has no criteria folder",
                )
            )
        return []

    def criteria_files(self) -> list[str]:
        folder = self.root / CRITERIA_FOLDER
        if not folder.is_dir():
            self.problems.append(DataProblem(f"{CRITERIA_FOLDER}/", "", None, "missing required folder"))
            return []
        names: list[str] = []
        for entry in sorted(folder.iterdir()):
            relative = f"{CRITERIA_FOLDER}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if entry.is_file() and entry.suffix == ".yaml":
                names.append(relative)
            else:
                self.problems.append(
                    DataProblem(
                        relative, "", None, "unexpected entry (criteria files are named <framework>.yaml)"
                    )
                )
        return names
