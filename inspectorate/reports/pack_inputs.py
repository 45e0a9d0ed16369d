"""A methodology pack as read from its folder, as the report builder's programme input (no database
needed: used to preview and benchmark reports)."""

from __future__ import annotations

from inspectorate.methodology.pack import Pack

from .builder.inputs import FrameworkDef, GradeDef, GroupDef, ProgrammeData
from .builder.model import GlossaryEntry


def programme_from_pack(pack: Pack) -> ProgrammeData:
    programme = pack.programme
    return ProgrammeData(
        code=programme.code,
        version=programme.version,
        name=programme.name,
        inspectorate=programme.inspectorate,
        published_month=programme.published or "",
        period_start=programme.assessment_period.start,
        period_end=programme.assessment_period.end,
        texts=programme.texts.model_dump(),
        grades=tuple(GradeDef(g.code, g.name, g.definition) for g in pack.scale.grades),
        frameworks=tuple(
            FrameworkDef(
                code=f.code,
                name=f.name,
                kinds=tuple(str(k) for k in f.kinds),
                order=f.order,
                group=f.group or "",
                national_context=f.national_context or "",
                published_distribution=dict(f.published_distribution) if f.published_distribution else None,
            )
            for f in sorted(pack.frameworks, key=lambda f: f.order)
        ),
        groups=tuple(GroupDef(g.code, g.name, g.overview or "") for g in pack.groups),
        glossary=tuple(GlossaryEntry(t.term, t.meaning) for t in sorted(pack.glossary, key=lambda t: t.term)),
    )
