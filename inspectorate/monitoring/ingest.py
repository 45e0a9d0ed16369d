"""`monitor ingest`: police.uk files in, observations out, in one transaction.

Street-level files are read in batches by one polars lazy scan each (rows are never all in memory);
aggregated CSVs are small and read whole. Every file is checked before anything is written; a
problem anywhere means nothing of the run is written. Re-ingesting a month replaces the
observations that month had for the indicators the new files give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.months import first_day

from . import aggregate
from .catalogue import load_catalogue, read_catalogue
from .sources import IngestError, InputFile, Problem, classify, expand

BATCH_BYTES = 1024 * 1024 * 1024
BATCH_FILES = 256  # a batch is one multi-file scan; the progress bar moves per batch
# Aggregated files that only describe others: lad_home_force names the home districts (read before
# the rest), coverage_force_month lists what exists.
ORDER = {"lad_home_force": 0, "coverage_force_month": 1}

Progress = Callable[[int, int, int], None]  # files done, files in all, rows so far


@dataclass
class IngestSummary:
    files: int = 0
    rows: int = 0
    observations: int = 0
    replaced: int = 0
    units: int = 0
    months: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    run_id: int | None = None

    def __str__(self) -> str:
        text = (
            f"{self.files} files, {self.rows:,} rows: {self.observations:,} observations"
            f" for {self.units} units"
            f" ({self.replaced:,} replaced)"
        )
        if self.months:
            text += f", months {self.months[0]} to {self.months[-1]}"
        for force in sorted(self.skipped):
            text += f"\nskipped the rows of {force!r}: not one of the forces of England and Wales"
        return text


def _batches(files: list[InputFile]) -> list[list[InputFile]]:
    batches: list[list[InputFile]] = [[]]
    size = 0
    for f in files:
        length = f.path.stat().st_size
        if batches[-1] and (size + length > BATCH_BYTES or len(batches[-1]) >= BATCH_FILES):
            batches.append([])
            size = 0
        batches[-1].append(f)
        size += length
    return [b for b in batches if b]


def compute(
    paths: list[Path], unit: str | None = None, progress: Progress | None = None
) -> tuple[pl.DataFrame, aggregate.Context, IngestSummary]:
    """Read and check every file and compute the observations; no database writes."""
    from inspectorate.forces.models import Force

    from .models import Unit, UnitKind

    found = expand(paths)
    classified = [classify(p) for p in found]
    problems = [c for c in classified if isinstance(c, Problem)]
    if problems:
        raise IngestError(problems)
    files = [c for c in classified if isinstance(c, InputFile)]
    if not files:
        raise IngestError([Problem(", ".join(str(p) for p in paths), None, "no CSV files found")])
    ctx = aggregate.Context(
        forces=dict(Force.objects.values_list("code", "name")),
        home_lads={
            u.name: u.force.code for u in Unit.objects.filter(kind=UnitKind.LAD).select_related("force")
        },
        unit=unit,
        problems=[],
        skipped={},
    )
    summary = IngestSummary(files=len(files))
    done = 0
    report = progress or (lambda d, t, r: None)
    report(0, len(files), 0)
    aggregates = sorted((f for f in files if f.kind != "street"), key=lambda f: ORDER.get(f.kind, 2))
    bases: list[pl.DataFrame] = []
    for f in aggregates:
        base = aggregate.read_aggregate(f, ctx)
        if base is not None:
            bases.append(base)
        done += 1
        summary.rows = ctx.rows
        report(done, len(files), summary.rows)
    street = [f for f in files if f.kind == "street"]
    groups: list[pl.DataFrame] = []
    for batch in _batches(street):
        counted = aggregate.collect_street(batch, ctx)
        if counted is not None:
            groups.append(counted)
            summary.rows += int(counted["count"].sum() or 0)
        done += len(batch)
        report(done, len(files), summary.rows)
    if ctx.problems:
        raise IngestError(ctx.problems)
    if groups:
        bases.append(aggregate.street_base(pl.concat(groups), ctx))
    summary.skipped = ctx.skipped
    catalogue = read_catalogue()
    if not bases:
        return pl.DataFrame(), ctx, summary
    values = aggregate.indicator_values(pl.concat(bases), catalogue.indicators)
    return _reconcile(values), ctx, summary


def _reconcile(values: pl.DataFrame) -> pl.DataFrame:
    """One observation per indicator, unit and month. Files that give the same month must agree."""
    keys = ["indicator", "unit_kind", "unit_code", "month"]
    clashes = (
        values.group_by(keys)
        .agg(
            pl.col("value").n_unique().alias("values"),
            pl.col("source").unique().sort().alias("sources"),
            pl.col("value").unique().sort().alias("seen"),
        )
        .filter(pl.col("values") > 1)
        .sort(keys)
    )
    if clashes.height:
        problems = [
            Problem(
                " and ".join(row["sources"]),
                None,
                f"{row['indicator']} for {row['unit_code']} in {row['month']} differs between these files"
                f" ({', '.join(f'{v:g}' for v in row['seen'])})",
            )
            for row in clashes.head(10).iter_rows(named=True)
        ]
        raise IngestError(problems)
    return values.sort([*keys, "source"]).unique(subset=keys, keep="first", maintain_order=True)


def ingest(
    paths: list[Path], unit: str | None = None, actor: Any = None, progress: Progress | None = None
) -> IngestSummary:
    from inspectorate.forces.models import Force

    from .models import Indicator, IngestRun, Observation, Unit

    values, _ctx, summary = compute(paths, unit, progress)
    with transaction.atomic():
        load_catalogue(actor)
        run = IngestRun.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            files=[str(p) for p in paths],
            rows=summary.rows,
        )
        summary.run_id = run.pk
        if values.height:
            forces = dict(Force.objects.values_list("code", "pk"))
            unit_rows = values.unique(subset=["unit_kind", "unit_code"]).select(
                "unit_kind", "unit_code", "unit_name", "force"
            )
            units: dict[tuple[str, str], int] = {(u.kind, u.code): u.pk for u in Unit.objects.all()}
            new = [
                Unit(kind=k, code=c, name=n, force_id=forces[f])
                for k, c, n, f in unit_rows.iter_rows()
                if (k, c) not in units
            ]
            Unit.objects.bulk_create(new, batch_size=1000)
            units = {(u.kind, u.code): u.pk for u in Unit.objects.all()}
            indicators = dict(Indicator.objects.values_list("code", "pk"))
            # Replace: the months and indicators this run gives, per unit.
            by_unit = values.group_by("unit_kind", "unit_code").agg(
                pl.col("month").unique(), pl.col("indicator").unique()
            )
            for kind, code, months, codes in by_unit.iter_rows():
                summary.replaced += Observation.objects.filter(
                    unit_id=units[(kind, code)],
                    period__in=[first_day(m) for m in months],
                    indicator_id__in=[indicators[c] for c in codes],
                ).delete()[0]
            _insert_observations(values, units, indicators, run.pk)
            summary.observations = values.height
            summary.units = by_unit.height
            summary.months = sorted(values["month"].unique().to_list())
        run.observations = summary.observations
        run.replaced = summary.replaced
        run.save(update_fields=["observations", "replaced"])
        audit.record(
            actor,
            "monitoring.ingested",
            run,
            after={
                "files": run.files,
                "rows": summary.rows,
                "observations": summary.observations,
                "replaced": summary.replaced,
                "skipped": summary.skipped,
            },
        )
    return summary


def _insert_observations(
    values: pl.DataFrame, units: dict[tuple[str, str], int], indicators: dict[str, int], run_id: int
) -> None:
    """One parameterised INSERT for all rows: the ORM's per-object work would cost more than reading
    the files (tens of thousands of rows per national month)."""
    from django.db import connection

    from .models import Observation

    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = ("indicator_id", "unit_id", "period", "value", "numerator", "denominator", "source", "run_id")
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    rows = [
        (indicators[ind], units[(kind, code)], first_day(month), value, num, den, source[-300:], run_id)
        for ind, kind, code, month, value, num, den, source in values.select(
            "indicator", "unit_kind", "unit_code", "month", "value", "numerator", "denominator", "source"
        ).iter_rows()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
