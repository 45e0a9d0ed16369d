"""Grades published for a force and programme without a report in the system (issue: the 2006
baseline and the 2007 grades read in police authority papers, news and Hansard), from a CSV file with
the columns force, framework, grade, source_url and optionally source_kind.

Every row is checked first (the force by name or alias, the framework in the programme's pack, the
grade in its scale, a source); any problem is reported with its line and nothing is written. Loading
the same file again replaces the grades it loaded before, in one transaction."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.forces.models import Force
from inspectorate.methodology.models import Programme
from inspectorate.months import month_start

from .accounts import import_account
from .models import PublishedGrade

REQUIRED_COLUMNS = ("force", "framework", "grade", "source_url")


class GradesFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class GradesResult:
    programme: Programme
    loaded: int
    replaced: int
    sha256: str
    unchanged: int = 0  # already loaded from the same file: nothing was written


def programme_code_for(path: Path) -> str | None:
    """`published-grades-2006.csv` -> `hmic-2006`."""
    match = re.search(r"(19|20)\d\d", path.stem)
    return f"hmic-{match.group(0)}" if match else None


def _forces() -> dict[str, Force]:
    names: dict[str, Force] = {}
    for force in Force.objects.all():
        for name in (force.name, *force.aliases, force.code):
            names[name.casefold()] = force
    return names


def import_grades(path: Path, programme_code: str | None = None, actor: Any = None) -> GradesResult:
    if not path.is_file():
        raise GradesFileError([f"{path}: no such file"])
    code = programme_code or programme_code_for(path)
    if code is None:
        raise GradesFileError([f"{path}: say which programme the grades belong to (--programme)"])
    programme = Programme.objects.filter(code=code).order_by("-version").first()
    if programme is None:
        raise GradesFileError(
            [f"{path}: unknown programme {code!r}: load its pack first (load-pack packs/{code})"]
        )
    content = path.read_bytes()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GradesFileError([f"{path}: byte {error.start} is not UTF-8"]) from error
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GradesFileError([f"{path}, line 1: missing column(s) {', '.join(missing)}"])
    forces = _forces()
    frameworks = {f.code: f for f in programme.frameworks.all()}
    grades = {g.name.casefold(): g.code for g in programme.grades.all()} | {
        g.code: g.code for g in programme.grades.all()
    }
    published = month_start(programme.published_month) or programme.period_end
    rows: list[PublishedGrade] = []
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        where = f"{path.name}, line {number}"
        force = forces.get((row.get("force") or "").strip().casefold())
        framework = frameworks.get((row.get("framework") or "").strip())
        grade = grades.get((row.get("grade") or "").strip().casefold())
        source = (row.get("source_url") or "").strip()
        if force is None:
            problems.append(f"{where}, force: {row.get('force')!r} is not a force loaded (load-reference)")
        if framework is None:
            problems.append(
                f"{where}, framework: {row.get('framework')!r} is not a framework of {programme.code} "
                f"({', '.join(sorted(frameworks))})"
            )
        if grade is None:
            problems.append(f"{where}, grade: {row.get('grade')!r} is not a grade of {programme.code}")
        if not source:
            problems.append(f"{where}, source_url: every grade needs its source")
        if force and framework and grade and source:
            rows.append(
                PublishedGrade(
                    force=force,
                    programme=programme,
                    framework=framework,
                    grade=grade,
                    published=published,
                    source_kind=(row.get("source_kind") or "").strip()[:120],
                    source_url=source[:500],
                    source_file=path.name[:300],
                    source_sha256=hashlib.sha256(content).hexdigest(),
                )
            )
    if problems:
        raise GradesFileError(problems)
    keys = [(r.force_id, r.framework_id, r.source_url) for r in rows]
    duplicates = sorted({f"{k}" for k in keys if keys.count(k) > 1})
    if duplicates:
        raise GradesFileError([f"{path.name}: the same force, framework and source appear twice"])
    digest = hashlib.sha256(content).hexdigest()
    earlier = PublishedGrade.objects.filter(programme__code=programme.code, source_file=path.name[:300])
    if (
        earlier.exists()
        and not earlier.exclude(source_sha256=digest).exists()
        and earlier.count() == len(rows)
    ):
        return GradesResult(programme, 0, 0, digest, unchanged=len(rows))
    actor = actor or import_account()
    with transaction.atomic():
        replaced = earlier.count()
        for old in earlier.select_related("force", "framework"):
            audit.record(
                actor,
                "grade.published_without_report.replaced",
                old,
                before={"force": old.force.code, "framework": old.framework.code, "grade": old.grade},
                note=f"{path.name} loaded again",
            )
        earlier.delete()
        for grade_row in rows:
            grade_row.imported_by = actor
            grade_row.save()
            audit.record(
                actor,
                "grade.published_without_report",
                grade_row,
                after={
                    "force": grade_row.force.code,
                    "programme": programme.code,
                    "framework": grade_row.framework.code,
                    "grade": grade_row.grade,
                    "source": grade_row.source_url,
                },
                note=f"from {path.name}",
            )
    return GradesResult(programme, len(rows), replaced, hashlib.sha256(content).hexdigest())
