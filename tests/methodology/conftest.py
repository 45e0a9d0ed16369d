"""Shared inputs for the grade engine tests: the default HMIC rule set (as written in the 2007
pack's rules.yaml), the four-point scale, and a builder for a framework's criteria."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import yaml

from inspectorate.methodology.engine import Criterion, GradeScale, RuleSet

DEFAULT_RULES_YAML = """
code: hmic-2007-default
name: HMIC 2007 default grading rules
partly_met_weight: 0.5
order: [poor, excellent, good, fair]
rules:
  poor:
    any:
      - {test: dominant_not_met}
      - {test: significant_not_met, at_least_count: 2, at_least_share: 0.25}
  excellent:
    all:
      - {test: all_met, level: fair}
      - {test: met_share, level: good, at_least: 0.80}
      - {test: condition, condition: beacon}
      - {test: condition, condition: innovation}
  good:
    all:
      - {test: all_met, level: fair}
      - {test: met_share, level: good, above: 0.50}
  fair:
    all:
      - {test: all_met, level: fair, significant_only: true}
when_none_holds:
  reason: judgement_required
  between: [poor, fair]
group_rollup: {method: modal_lower, poor_caps_at: fair}
"""

HMIC_GRADES = [("excellent", "Excellent"), ("good", "Good"), ("fair", "Fair"), ("poor", "Poor")]

FrameworkBuilder = Callable[..., list[Criterion]]


@pytest.fixture(scope="session")
def default_rules() -> RuleSet:
    return RuleSet.model_validate(yaml.safe_load(DEFAULT_RULES_YAML))


@pytest.fixture(scope="session")
def default_rules_data() -> dict[str, object]:
    """The default rules as plain data, for tests that alter one key."""
    data: dict[str, object] = yaml.safe_load(DEFAULT_RULES_YAML)
    return data


@pytest.fixture(scope="session")
def hmic_scale() -> GradeScale:
    return GradeScale(HMIC_GRADES, ["fair", "good"])


def build_framework(
    fair: int, good: int, significant: int = 0, dominant: Iterable[str] = (), prefix: str = ""
) -> list[Criterion]:
    """Fair criteria F01.. (the first `significant` of them significant) then Good criteria G01..;
    the codes in `dominant` are dominant."""
    dominant_codes = set(dominant)
    criteria = []
    for level, letter, count in (("fair", "F", fair), ("good", "G", good)):
        for number in range(1, count + 1):
            code = f"{prefix}{letter}{number:02d}"
            criteria.append(
                Criterion(
                    code=code,
                    level=level,
                    significant=level == "fair" and number <= significant,
                    dominant=code in dominant_codes,
                    theme=None,
                )
            )
    return criteria


@pytest.fixture(scope="session")
def make_criteria() -> FrameworkBuilder:
    return build_framework


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    """A copy of the small fixture pack, to read or to break."""
    from .packs_support import FIXTURE

    target = tmp_path / "mini-pack"
    shutil.copytree(FIXTURE, target)
    return target
