"""How long the grade engine takes to recompute every proposal of a national programme.

43 forces x 6 frameworks x 40 criteria, judged at random (seeded, so every run sees the same
data), under the default HMIC rules. The goal: all 258 proposals, traces included, in 50 ms or
less. Next to it, in the same run, a baseline: one naive pass that only counts the judgements of
each framework, the least any grading could cost, so the figure can be compared across machines.

Run: uv run python bench/grading.py
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from inspectorate.methodology.engine import Criterion, GradeScale, Judgement, RuleSet, propose

FORCES, FRAMEWORKS, CRITERIA = 43, 6, 40
FAIR, SIGNIFICANT = 24, 8  # per framework: 24 Fair criteria (8 significant), 16 Good
RUNS = 11
GOAL_MS = 50.0
SEED = 2007

# The rule set the 2007 pack ships, so the benchmark measures the rules in use.
RULES_FILE = Path(__file__).resolve().parent.parent / "packs" / "hmic-2007" / "rules.yaml"

Workload = list[tuple[list[Criterion], dict[str, Judgement], dict[str, bool]]]


def build_workload(rng: random.Random) -> Workload:
    states = [Judgement.MET, Judgement.PARTLY, Judgement.NOT_MET, Judgement.NA]
    # Chances of met, partly met, not met, not applicable for a strong, typical and weak framework.
    profiles = [[97, 2, 0.3, 1], [90, 6, 1.5, 2.5], [75, 12, 10, 3]]
    workload = []
    for _force in range(FORCES):
        for framework in range(FRAMEWORKS):
            weights = rng.choice(profiles)
            criteria = [
                Criterion(
                    code=f"FW{framework}-{number:02d}",
                    level="fair" if number < FAIR else "good",
                    significant=number < SIGNIFICANT,
                    dominant=number == SIGNIFICANT,
                    theme=None,
                )
                for number in range(CRITERIA)
            ]
            judgements = {c.code: rng.choices(states, weights)[0] for c in criteria}
            conditions = {"beacon": rng.random() < 0.3, "innovation": rng.random() < 0.3}
            workload.append((criteria, judgements, conditions))
    return workload


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` timings, in seconds: the least disturbed by the rest of the machine."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    rules = RuleSet.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
    scale = GradeScale(
        [("excellent", "Excellent"), ("good", "Good"), ("fair", "Fair"), ("poor", "Poor")], ["fair", "good"]
    )
    workload = build_workload(random.Random(SEED))
    calls = len(workload)

    def engine() -> list[str | None]:
        return [propose(c, j, k, rules, scale).grade for c, j, k in workload]

    def baseline() -> list[Counter[Judgement]]:
        return [Counter(j.values()) for _c, j, _k in workload]

    spread = Counter(engine())
    engine_s, baseline_s = best_of(RUNS, engine), best_of(RUNS, baseline)
    total_ms, per_call_us = engine_s * 1000, engine_s / calls * 1e6
    print(f"{FORCES} forces x {FRAMEWORKS} frameworks x {CRITERIA} criteria: {calls} proposals")
    print(f"timings are the best of {RUNS} runs")
    print(f"grade engine      {total_ms:8.2f} ms total  {per_call_us:8.1f} µs per proposal (with trace)")
    print(
        f"baseline          {baseline_s * 1000:8.2f} ms total  {baseline_s / calls * 1e6:8.1f} µs per"
        " framework (one pass counting judgements)"
    )
    print(f"engine/baseline   {engine_s / baseline_s:8.1f} x")
    verdict = "met" if total_ms <= GOAL_MS else "NOT met"
    print(f"goal              {GOAL_MS:8.2f} ms total: {verdict}")
    print(
        "proposals         "
        + ", ".join(
            f"{grade or 'judgement required'}: {count}" for grade, count in sorted(spread.items(), key=str)
        )
    )


if __name__ == "__main__":
    main()
