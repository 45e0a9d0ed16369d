"""A plain-text overview of a pack, for people checking what a pack contains."""

from __future__ import annotations

from datetime import date

from .model import Pack
from .schema import FRAMEWORK_KINDS

_KIND_NAMES = {"programmed": "programmed", "risk_based": "risk-based", "planned": "planned"}


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def pack_summary(pack: Pack) -> str:
    programme = pack.programme
    period = programme.assessment_period
    lines = [
        f"{programme.name} ({programme.code}, version {programme.version})",
        programme.inspectorate,
        f"Assessment period: {_day(period.start)} to {_day(period.end)}"
        + (f"; published {programme.published}" if programme.published else ""),
        f"Scale: {pack.scale.name} (grades {', '.join(pack.scale.grade_codes)}; "
        f"criterion levels {', '.join(pack.scale.levels)})",
        f"Rule set: {pack.ruleset.name} ({pack.ruleset.code}), "
        f"evaluated in order {', '.join(pack.ruleset.order)}",
    ]

    kinds = [
        f"{sum(kind in f.kinds for f in pack.frameworks)} {_KIND_NAMES[kind]}"
        for kind in FRAMEWORK_KINDS
        if any(kind in f.kinds for f in pack.frameworks)
    ]
    lines.append(f"Frameworks: {len(pack.frameworks)} ({', '.join(kinds)})")
    for framework in sorted(pack.frameworks, key=lambda f: (f.order, f.code)):
        kind_names = ", ".join(_KIND_NAMES[kind] for kind in framework.kinds)
        group = f", group {framework.group}" if framework.group else ""
        lines.append(f"  {framework.code:<6} {framework.name} ({kind_names}{group})")

    total = sum(len(criteria) for criteria in pack.criteria.values())
    lines.append(f"Criteria: {total} in {_plural(len(pack.criteria), 'framework')}")
    width = max((len(code) for code in pack.criteria), default=0)
    for code, criteria in pack.criteria.items():
        counts = [f"{sum(c.level == level for c in criteria)} {level}" for level in pack.scale.levels]
        counts.append(f"{sum(c.significant for c in criteria)} significant")
        counts.append(f"{sum(c.dominant for c in criteria)} dominant")
        themed = sum(c.theme is not None for c in criteria)
        lines.append(f"  {code:<{width}}  {len(criteria):>3}: {', '.join(counts)}; {themed} with a theme")

    lines.append(f"Conditions: {', '.join(c.code for c in pack.conditions) or 'none'}")
    lines.append(f"Glossary: {_plural(len(pack.glossary), 'term')}")
    return "\n".join(lines)
