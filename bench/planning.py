"""How long the planner takes to choose a national programme exactly.

43 forces x every framework of the 2007 pack x 4 quarters, scored with the default risk model from
synthetic but plausible inputs (seeded, so every run sees the same data): a last grade per programmed
framework, some open areas for improvement, monitoring flags on some risk-based frameworks, and an
assessment of threat exposure and capacity per force. Strategic resource management (SRM) is
mandatory for every force, as the 2007 report announces. The goal: the exact MILP solve in under 2 s.
Beside it, in the same run, the greedy solution's time and value, so the figures can be compared
across machines and the exact solver's gain is seen.

Run: uv run python bench/planning.py
"""

from __future__ import annotations

import datetime
import random
import time
from pathlib import Path

import yaml

from inspectorate.planning.problem import Candidate, Problem
from inspectorate.planning.riskmodel import load_risk_model
from inspectorate.planning.scoring import AreaObs, AssessmentObs, FlagObs, ForceInputs, GradeObs, score
from inspectorate.planning.solver import solve_greedy, solve_milp

ROOT = Path(__file__).resolve().parent.parent
SEED = 2008
GOAL_S = 2.0
CAPACITY = 700  # inspector-days per quarter
AS_OF = datetime.date(2008, 4, 1)
MANDATORY = {"SRM"}


def frameworks() -> list[tuple[str, list[str]]]:
    data = yaml.safe_load((ROOT / "packs" / "hmic-2007" / "frameworks.yaml").read_text())
    return [(f["code"], f["kinds"]) for f in data["frameworks"]]


def forces() -> list[tuple[str, str]]:
    data = yaml.safe_load((ROOT / "inspectorate" / "forces" / "reference" / "forces.yaml").read_text())
    return [(f["code"], f["name"]) for f in data["forces"]]


def build(rng: random.Random) -> Problem:
    model = load_risk_model()
    fws = frameworks()
    grades = ["excellent", "good", "fair", "poor"]
    candidates = []
    for code, name in forces():
        inputs = ForceInputs(
            force_code=code,
            force_name=name,
            officers=rng.choice([None, rng.randint(900, 32000)]),
            grades=tuple(
                GradeObs(
                    fw,
                    "hmic-2007",
                    rng.choices(grades, [8, 40, 45, 7])[0],
                    datetime.date(2007, 10, 1),
                    "bench",
                )
                for fw, kinds in fws
                if "programmed" in kinds
            ),
            areas=tuple(
                AreaObs(fw, "area", datetime.date(rng.choice([2006, 2007]), 10, 1))
                for fw, kinds in fws
                if "programmed" in kinds
                for _ in range(rng.randint(0, 4))
            ),
            flags=tuple(
                FlagObs(fw, rng.random() < 0.4, rng.choice([None, None, "watch", "dismiss"]), "bench", AS_OF)
                for fw, kinds in fws
                if "risk_based" in kinds and rng.random() < 0.3
            ),
            assessments=(
                AssessmentObs("threat_exposure", rng.choice(["low", "medium", "high"]), AS_OF, "bench"),
                AssessmentObs("capacity_capability", rng.choice(["low", "medium", "high"]), AS_OF, "bench"),
            ),
        )
        for fw, _kinds in fws:
            s = score(model, inputs, fw, AS_OF)
            candidates.append(
                Candidate(code, fw, s.value, model.inspector_days(fw, inputs.officers), fw in MANDATORY)
            )
    return Problem(
        tuple(candidates),
        (CAPACITY,) * model.limits.quarters,
        model.limits.per_force_per_quarter,
        model.thresholds.cut_off,
    )


def main() -> None:
    problem = build(random.Random(SEED))
    started = time.perf_counter()
    exact = solve_milp(problem)
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    greedy = solve_greedy(problem)
    greedy_s = time.perf_counter() - started
    n = len(problem.candidates)
    fws = len(frameworks())
    print(f"{n} candidates ({n // fws} forces x {fws} frameworks) x {problem.quarters} quarters,")
    print(f"capacity {CAPACITY} inspector-days per quarter, SRM mandatory for every force")
    for name, took, found in (("MILP (HiGHS)", exact_s, exact), ("greedy", greedy_s, greedy)):
        shown = f"{name + ':':14} {took:7.3f} s  value {found.value:9.4f}"
        print(f"{shown}  {len(found.chosen)} inspections  {found.message}")
    gain = exact.value - greedy.value
    share = 100 * gain / greedy.value if greedy.value else 0.0
    print(f"MILP gain over greedy: {gain:.4f} ({share:.2f} %)")
    verdict = "within" if exact_s < GOAL_S else "OVER"
    print(f"goal: MILP under {GOAL_S:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
