"""A loaded programme as data (for `inspectorate pack show --json`) and as a short text summary."""

from __future__ import annotations

from typing import Any

from .models import Criterion, FrameworkKind, Programme


def programme_to_dict(programme: Programme) -> dict[str, Any]:
    criteria_by_framework: dict[int, list[dict[str, Any]]] = {}
    for c in Criterion.objects.filter(framework__programme=programme).order_by("framework", "position"):
        criteria_by_framework.setdefault(c.framework_id, []).append(
            {
                "code": c.code,
                "level": c.level,
                "theme": c.theme or None,
                "theme_name": c.theme_name or None,
                "significant": c.significant,
                "dominant": c.dominant,
                "text": c.text,
                "guidance": c.guidance or None,
            }
        )
    return {
        "code": programme.code,
        "version": programme.version,
        "name": programme.name,
        "inspectorate": programme.inspectorate,
        "description": programme.description,
        "assessment_period": {
            "start": programme.period_start.isoformat(),
            "end": programme.period_end.isoformat(),
        },
        "published": programme.published_month or None,
        "content_hash": programme.content_hash,
        "texts": programme.texts,
        "scale": {
            "code": programme.scale_code,
            "name": programme.scale_name,
            "levels": programme.levels,
            "grades": [
                {"code": g.code, "name": g.name, "definition": g.definition} for g in programme.grades.all()
            ],
        },
        "rules": programme.ruleset,
        "conditions": [
            {"code": c.code, "name": c.name, "description": c.description} for c in programme.conditions.all()
        ],
        "groups": [
            {"code": g.code, "name": g.name, "overview": g.overview or None, "themes": g.themes}
            for g in programme.groups.all()
        ],
        "frameworks": [
            {
                "code": fw.code,
                "name": fw.name,
                "kinds": fw.kinds,
                "group": fw.group.code if fw.group else None,
                "order": fw.position,
                "summary": fw.summary,
                "themes": fw.themes,
                "national_context": fw.national_context or None,
                "published_distribution": fw.published_distribution,
                "criteria": criteria_by_framework.get(fw.pk, []),
            }
            for fw in programme.frameworks.select_related("group")
        ],
        "glossary": [{"term": t.term, "meaning": t.meaning} for t in programme.glossary.order_by("position")],
    }


def programme_summary(programme: Programme) -> str:
    frameworks = list(programme.frameworks.select_related("group"))
    lines = [
        f"{programme.name} ({programme.code} version {programme.version})",
        f"Assessment period: {programme.period_start:%-d %B %Y} to {programme.period_end:%-d %B %Y}",
        f"Grade scale: {programme.scale_name}: " + ", ".join(g.name for g in programme.grades.all()),
    ]
    for kind in FrameworkKind:
        names = [f"{fw.code}" for fw in frameworks if kind.value in fw.kinds]
        lines.append(f"{kind.label} frameworks ({len(names)}): {', '.join(names)}")
    lines.append("Criteria:")
    for fw in frameworks:
        criteria = list(fw.criteria.all())
        if not criteria:
            continue
        counts = ", ".join(f"{sum(c.level == level for c in criteria)} {level}" for level in programme.levels)
        significant = sum(c.significant for c in criteria)
        dominant = sum(c.dominant for c in criteria)
        lines.append(f"  {fw.code:<4} {fw.name}: {counts}; {significant} significant, {dominant} dominant")
    lines.append(f"Glossary: {programme.glossary.count()} terms")
    lines.append(f"Content hash: {programme.content_hash}")
    return "\n".join(lines)
