"""The risk model: a versioned YAML file of factors, weights, grade values, thresholds and effort.

Pure: no Django. A model is validated on load like a methodology pack, every problem located by file,
key path and line (`DataFileError`), and nothing is used when any problem is found. The default model
is `riskmodels/default.yaml` beside this module; docs/planning.md describes every key.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from inspectorate.datafiles import DataFileError, DataProblem, SourceFile, load_source, validate

DEFAULT_MODEL = Path(__file__).resolve().parent / "riskmodels" / "default.yaml"

FACTORS = (
    "grade",
    "grade_age",
    "areas_for_improvement",
    "monitoring",
    "threat_exposure",
    "capacity_capability",
)
FACTOR_NAMES = {
    "grade": "Last published grade",
    "grade_age": "Age of that grade",
    "areas_for_improvement": "Open areas for improvement",
    "monitoring": "Monitoring flags",
    "threat_exposure": "Threat exposure",
    "capacity_capability": "Capacity and capability",
}
LEVELS = ("low", "medium", "high")

Unit = Annotated[float, Field(ge=0, le=1, strict=False)]
Positive = Annotated[float, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(_Strict):
    grade: Unit
    grade_age: Unit
    areas_for_improvement: Unit
    monitoring: Unit
    threat_exposure: Unit
    capacity_capability: Unit


class GradeValues(_Strict):
    values: dict[StrictStr, Unit] = Field(min_length=1)
    no_grade: Unit


class GradeAge(_Strict):
    full_after_years: Positive


class Areas(_Strict):
    base: Annotated[float, Field(ge=0)]
    per_full_year_open: Annotated[float, Field(ge=0)]
    saturation: Positive


class Monitoring(_Strict):
    persisted: Unit
    recent: Unit
    watch_factor: Unit


class Assessment(_Strict):
    levels: dict[Literal["low", "medium", "high"], Unit]
    missing: Unit


class Thresholds(_Strict):
    cut_off: Unit
    scan: Unit


class Effort(_Strict):
    officers_per_step: Positive
    officers_when_unknown: Annotated[int, Field(ge=0)]
    default_base_days: Annotated[int, Field(ge=1)]
    base_days: dict[StrictStr, Annotated[int, Field(ge=1)]] = {}


class Limits(_Strict):
    per_force_per_quarter: Annotated[int, Field(ge=1)]
    quarters: Annotated[int, Field(ge=1, le=12)]


class RiskModel(_Strict):
    code: StrictStr
    version: StrictInt
    name: StrictStr
    description: StrictStr = ""
    weights: Weights
    grade: GradeValues
    grade_age: GradeAge
    areas_for_improvement: Areas
    monitoring: Monitoring
    assessment: Assessment
    thresholds: Thresholds
    effort: Effort
    limits: Limits
    content_hash: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"

    def weight(self, factor: str) -> float:
        value: float = getattr(self.weights, factor)
        return value

    def base_days(self, framework_code: str) -> int:
        return self.effort.base_days.get(framework_code, self.effort.default_base_days)

    def inspector_days(self, framework_code: str, officers: int | None) -> int:
        """Base days x (1 + officers / officers_per_step), rounded up (METHODOLOGY §10)."""
        held = self.effort.officers_when_unknown if officers is None else officers
        # Round before ceil so that 20 x 1.5 is 30, not 31 from a floating-point 30.000000000000004.
        return math.ceil(
            round(self.base_days(framework_code) * (1 + held / self.effort.officers_per_step), 9)
        )


def _semantic_problems(model: RiskModel, source: SourceFile) -> list[DataProblem]:
    problems = []
    total = sum(model.weight(factor) for factor in FACTORS)
    if abs(total - 1) > 1e-9:
        problems.append(
            source.problem(("weights",), f"the weights must add up to 1, they add up to {total:g}")
        )
    missing = [level for level in LEVELS if level not in model.assessment.levels]
    if missing:
        problems.append(source.problem(("assessment", "levels"), f"missing level(s): {', '.join(missing)}"))
    return problems


def load_risk_model(path: Path = DEFAULT_MODEL) -> RiskModel:
    """Read and validate a risk-model file; raise DataFileError listing every problem, located."""
    path = Path(path)
    source, problems = load_source(path.parent, path.name)
    if source is None or problems:
        raise DataFileError(problems, root=path.parent)
    model, problems = validate(RiskModel, source)
    if model is None:
        raise DataFileError(problems, root=path.parent)
    problems = _semantic_problems(model, source)
    if problems:
        raise DataFileError(problems, root=path.parent)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return model.model_copy(update={"content_hash": digest})


def model_from_text(text: str, name: str = "risk-model.yaml", folder: Path | None = None) -> RiskModel:
    """Validate a model given as text (uploads, tests), by writing it to a temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(folder or tmp) / name
        target.write_text(text, encoding="utf-8")
        return load_risk_model(target)
