"""Grades published without a report, as the public pages show them: never where a published report
of the same force and programme holds a grade for the framework (the report is the primary source)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import PublishedGrade

WITHOUT_REPORT = "published without a report"
IN_REPORTS = "in published reports"


def grades_without_report(
    held: Iterable[tuple[str, str, str]], programme_code: str | None = None, force: Any = None
) -> list[PublishedGrade]:
    """`held`: (force code, programme code, framework code) already graded by a published report."""
    covered = set(held)
    rows = PublishedGrade.objects.restrict(None, "view").select_related("force", "programme", "framework")
    if programme_code is not None:
        rows = rows.filter(programme__code=programme_code)
    if force is not None:
        rows = rows.filter(force=force)
    out: list[PublishedGrade] = []
    seen: set[tuple[str, str, str]] = set()
    for row in rows.order_by("programme__code", "force__name", "framework__position", "pk"):
        key = (row.force.code, row.programme.code, row.framework.code)
        if key in covered or key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out
