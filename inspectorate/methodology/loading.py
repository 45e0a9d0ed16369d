"""Putting a validated pack into the database, all of it in one transaction or none of it.

A pack version is immutable once loaded: loading the same content again is a no-op, and loading
different content under a version that is already there is refused (a changed pack is a new version).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.datafiles import DataProblem

from .models import Condition, Criterion, Framework, FrameworkGroup, GlossaryTerm, Grade, Programme
from .pack import Pack, PackError, read_pack


@dataclass(frozen=True)
class LoadResult:
    programme: Programme
    created: bool

    def __str__(self) -> str:
        p = self.programme
        if not self.created:
            return f"{p.code} version {p.version} is already loaded with the same content; nothing changed"
        return (
            f"loaded {p.code} version {p.version}: {p.frameworks.count()} frameworks, "
            f"{Criterion.objects.filter(framework__programme=p).count()} criteria, "
            f"{p.glossary.count()} glossary terms"
        )


def load_pack(path: Path | str, actor: Any = None) -> LoadResult:
    pack = read_pack(Path(path))
    return load_read_pack(pack, actor=actor, source_path=str(path))


def load_read_pack(pack: Pack, actor: Any = None, source_path: str = "") -> LoadResult:
    digest = pack.content_hash()
    with transaction.atomic():
        existing = Programme.objects.select_for_update().filter(code=pack.code, version=pack.version).first()
        if existing is not None:
            if existing.content_hash == digest:
                return LoadResult(existing, created=False)
            raise PackError(
                [
                    DataProblem(
                        "pack.yaml",
                        "version",
                        None,
                        f"{pack.code} version {pack.version} is already loaded with different content "
                        f"(loaded hash {existing.content_hash[:12]}…, this pack {digest[:12]}…); "
                        "a changed pack must be given a new version",
                    )
                ]
            )
        programme = _write(pack, digest, source_path)
        audit.record(
            actor,
            "pack.loaded",
            programme,
            after={"code": pack.code, "version": pack.version, "content_hash": digest, "path": source_path},
        )
    return LoadResult(programme, created=True)


def _write(pack: Pack, digest: str, source_path: str) -> Programme:
    meta = pack.programme
    programme = Programme.objects.create(
        code=meta.code,
        version=meta.version,
        name=meta.name,
        inspectorate=meta.inspectorate,
        description=meta.description,
        period_start=meta.assessment_period.start,
        period_end=meta.assessment_period.end,
        published_month=meta.published or "",
        texts=meta.texts.model_dump(mode="json"),
        scale_code=pack.scale.code,
        scale_name=pack.scale.name,
        levels=list(pack.scale.levels),
        ruleset=pack.ruleset.model_dump(mode="json", by_alias=True),
        content_hash=digest,
        source_path=source_path,
    )
    Grade.objects.bulk_create(
        Grade(programme=programme, code=g.code, name=g.name, definition=g.definition, position=i)
        for i, g in enumerate(pack.scale.grades)
    )
    Condition.objects.bulk_create(
        Condition(programme=programme, code=c.code, name=c.name, description=c.description)
        for c in pack.conditions
    )
    groups = {
        g.code: FrameworkGroup.objects.create(
            programme=programme,
            code=g.code,
            name=g.name,
            overview=g.overview or "",
            themes=[t.model_dump(mode="json") for t in g.themes],
        )
        for g in pack.groups
    }
    for fw in pack.frameworks:
        framework = Framework.objects.create(
            programme=programme,
            code=fw.code,
            name=fw.name,
            kinds=list(fw.kinds),
            group=groups[fw.group] if fw.group else None,
            position=fw.order,
            summary=fw.summary,
            themes=[t.model_dump(mode="json") for t in fw.themes],
            national_context=fw.national_context or "",
            published_distribution=dict(fw.published_distribution) if fw.published_distribution else None,
        )
        theme_names = framework.all_themes()
        Criterion.objects.bulk_create(
            Criterion(
                framework=framework,
                code=c.code,
                level=c.level,
                theme=c.theme or "",
                theme_name=theme_names.get(c.theme or "", ""),
                significant=c.significant,
                dominant=c.dominant,
                text=c.text,
                guidance=c.guidance or "",
                position=i,
            )
            for i, c in enumerate(pack.criteria_of(fw.code))
        )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(programme=programme, term=t.term, meaning=t.meaning, position=i)
        for i, t in enumerate(pack.glossary)
    )
    return programme
