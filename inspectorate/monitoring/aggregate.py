"""From input files to base counts, with polars lazy scans (no Django here).

Every source becomes rows of one shape, the *base counts*:
unit_kind, unit_code, unit_name, force, month ("YYYY-MM"), crime_type, outcome (null when none is
recorded), has_outcome (whether the source carries outcomes at all), count, source.
`indicator_values` turns base counts into observations for each indicator of the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from .catalogue import CRIME_TYPES, IndicatorEntry
from .sources import MONTH, STREET_COLUMNS, InputFile, Problem, check_ending, header_of, locate_bad_row

LAD_PATTERN = r"^(.*) \d{3}[A-Z]$"
BASE_SCHEMA = {
    "unit_kind": pl.Utf8,
    "unit_code": pl.Utf8,
    "unit_name": pl.Utf8,
    "force": pl.Utf8,
    "month": pl.Utf8,
    "crime_type": pl.Utf8,
    "outcome": pl.Utf8,
    "has_outcome": pl.Boolean,
    "count": pl.Int64,
    "source": pl.Utf8,
}
# Home districts (README of the police.uk data): one force reports at least 90% of the district's
# rows, and at least 1000 rows.
HOME_SHARE = 0.9
HOME_ROWS = 1000


def lad_code(force: str, lad_name: str) -> str:
    return f"{force}/{re.sub(r'[^a-z0-9]+', '-', lad_name.lower()).strip('-')}"


@dataclass
class Context:
    forces: dict[str, str]  # code -> name of the known forces
    home_lads: dict[str, str]  # lad name -> force code
    unit: str | None  # --unit, for files without a force column
    problems: list[Problem]
    skipped: dict[str, int]  # unknown force code -> rows skipped
    rows: int = 0  # rows of aggregated files read


def _scan(path: str, columns: Iterable[str]) -> pl.LazyFrame:
    return pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy").select(list(columns))


# --- street-level files -------------------------------------------------------------------------


def street_groups(files: list[InputFile]) -> pl.LazyFrame:
    """One lazy scan over a batch of street files: counts by file, month, crime type, outcome and
    district. This is the only pass over the rows. Files with the same header share one multi-file
    scan (polars reads them in parallel and never holds the rows)."""
    by_header: dict[tuple[str, ...], list[int]] = {}
    for index, f in enumerate(files):
        header = header_of(f.path)
        by_header.setdefault(tuple(header) if isinstance(header, list) else (), []).append(index)
    scans = []
    for indices in by_header.values():
        paths = [str(files[i].path) for i in indices]
        numbers = pl.LazyFrame({"path": paths, "file": indices}, schema={"path": pl.Utf8, "file": pl.Int32})
        scans.append(
            pl.scan_csv(paths, infer_schema=False, encoding="utf8-lossy", include_file_paths="path")
            .select("path", "Month", "Crime type", "Last outcome category", "LSOA name")
            .group_by(
                "path",
                pl.col("Month").alias("month"),
                pl.col("Crime type").alias("crime_type"),
                pl.col("Last outcome category").alias("outcome"),
                pl.col("LSOA name").str.extract(LAD_PATTERN, 1).alias("lad"),
            )
            .agg(pl.len().cast(pl.Int64).alias("count"))
            .join(numbers, on="path")
            .drop("path")
        )
    return pl.concat(scans, how="vertical")


def first_line(f: InputFile, condition: pl.Expr) -> int | None:
    """Line number (header = 1) of the first row of `f` matching `condition`; only used to report."""
    found = (
        _scan(str(f.path), STREET_COLUMNS)
        .with_row_index("index")
        .filter(condition)
        .select("index")
        .head(1)
        .collect()
    )
    return int(found["index"][0]) + 2 if found.height else None


def collect_street(files: list[InputFile], ctx: Context) -> pl.DataFrame | None:
    for f in files:
        problem = check_ending(f.path)
        if problem:
            ctx.problems.append(problem)
    if ctx.problems:
        return None
    try:
        groups = street_groups(files).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        for f in files:
            try:
                _scan(str(f.path), STREET_COLUMNS).select(pl.len()).collect()
            except pl.exceptions.PolarsError:
                ctx.problems.append(locate_bad_row(f.path))
        if not ctx.problems:
            raise
        return None
    expected = pl.DataFrame(
        {"file": list(range(len(files))), "expected": [f.month for f in files]},
        schema={"file": pl.Int32, "expected": pl.Utf8},
    )
    # Checked on the groups, all files at once; the rows are only read again to name a bad line.
    suspect = groups.join(expected, on="file").filter(
        pl.col("crime_type").is_null()
        | pl.col("month").is_null()
        | (pl.col("month") != pl.col("expected"))
        | ~pl.col("crime_type").is_in(list(CRIME_TYPES))
    )
    for f_index in sorted(set(suspect["file"].to_list())):
        f = files[f_index]
        bad = suspect.filter(pl.col("file") == f_index)
        if bad.filter(pl.col("crime_type").is_null()).height:
            line = first_line(f, pl.col("Crime type").is_null())
            ctx.problems.append(
                Problem(f.label, line, "a row has no crime type (a short row: is the file truncated?)")
            )
        for month in bad["month"].unique().to_list():
            if month == f.month:
                continue
            if month is None or not MONTH.match(month):
                line = first_line(f, pl.col("Month").is_null() if month is None else pl.col("Month") == month)
                ctx.problems.append(
                    Problem(f.label, line, f"bad month {month!r} in column 'Month' (want YYYY-MM)")
                )
            else:
                line = first_line(f, pl.col("Month") == month)
                ctx.problems.append(
                    Problem(
                        f.label, line, f"month {month} disagrees with the file name, which says {f.month}"
                    )
                )
        for crime_type in bad["crime_type"].drop_nulls().unique().to_list():
            if crime_type not in CRIME_TYPES:
                line = first_line(f, pl.col("Crime type") == crime_type)
                ctx.problems.append(Problem(f.label, line, f"unknown crime type {crime_type!r}"))
    if ctx.problems:
        return None
    forces = pl.DataFrame(
        {
            "file": list(range(len(files))),
            "force": [f.force for f in files],
            "source": [f.label for f in files],
        },
        schema={"file": pl.Int32, "force": pl.Utf8, "source": pl.Utf8},
    )
    return groups.join(forces, on="file").drop("file")


def street_base(groups: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Force and home-district base counts from the street groups of a whole run."""
    unknown = groups.filter(~pl.col("force").is_in(list(ctx.forces)))
    for force, n in unknown.group_by("force").agg(pl.col("count").sum()).iter_rows():
        ctx.skipped[force] = ctx.skipped.get(force, 0) + int(n)
    groups = groups.filter(pl.col("force").is_in(list(ctx.forces)))
    names = pl.DataFrame({"force": list(ctx.forces), "unit_name": list(ctx.forces.values())})
    force_rows = (
        groups.group_by("force", "month", "crime_type", "outcome", "source")
        .agg(pl.col("count").sum())
        .join(names, on="force")
        .with_columns(
            pl.lit("force").alias("unit_kind"),
            pl.col("force").alias("unit_code"),
            pl.lit(True).alias("has_outcome"),
        )
    )
    # Districts: those already known as home districts, and those this run's rows show to be one
    # force's home by the README's rule.
    by_lad = groups.filter(pl.col("lad").is_not_null()).group_by("lad", "force").agg(pl.col("count").sum())
    totals = by_lad.group_by("lad").agg(pl.col("count").sum().alias("all"))
    derived = (
        by_lad.join(totals, on="lad")
        .filter((pl.col("count") >= HOME_SHARE * pl.col("all")) & (pl.col("count") >= HOME_ROWS))
        .select("lad", "force")
    )
    home = dict(ctx.home_lads)
    for lad, force in derived.iter_rows():
        home.setdefault(lad, force)
    home_frame = pl.DataFrame(
        {"lad": list(home), "home": list(home.values())}, schema={"lad": pl.Utf8, "home": pl.Utf8}
    )
    lad_rows = (
        groups.join(home_frame, on="lad")
        .filter(pl.col("force") == pl.col("home"))
        .group_by("force", "lad", "month", "crime_type", "outcome", "source")
        .agg(pl.col("count").sum())
        .with_columns(
            pl.lit("lad").alias("unit_kind"),
            pl.struct("force", "lad")
            .map_elements(lambda s: lad_code(s["force"], s["lad"]), return_dtype=pl.Utf8)
            .alias("unit_code"),
            pl.col("lad").alias("unit_name"),
            pl.lit(True).alias("has_outcome"),
        )
    )
    return pl.concat([_base(force_rows), _base(lad_rows)])


def _base(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select([pl.col(name).cast(dtype) for name, dtype in BASE_SCHEMA.items()])


# --- aggregated files ---------------------------------------------------------------------------


def _bad_rows(frame: pl.DataFrame, condition: pl.Expr) -> pl.DataFrame:
    return frame.with_row_index("index").filter(condition)


def read_aggregate(f: InputFile, ctx: Context) -> pl.DataFrame | None:
    """Base counts from one aggregated CSV (validated row by row; these files are small)."""
    from .sources import AGGREGATE_FORMATS

    ending = check_ending(f.path)
    if ending:
        ctx.problems.append(ending)
        return None
    try:
        frame = _scan(str(f.path), AGGREGATE_FORMATS[f.kind]).collect()
    except pl.exceptions.PolarsError:
        ctx.problems.append(locate_bad_row(f.path))
        return None
    start = len(ctx.problems)
    ctx.rows += frame.height

    def complain(condition: pl.Expr, reason: Callable[[dict], str]) -> None:
        for row in _bad_rows(frame, condition).head(5).iter_rows(named=True):
            ctx.problems.append(Problem(f.label, int(row["index"]) + 2, reason(row)))

    if f.kind == "lad_home_force":
        complain(
            ~pl.col("is_home").is_in(["true", "false"]),
            lambda r: f"is_home must be true or false, not {r['is_home']!r}",
        )
        if len(ctx.problems) > start:
            return None
        for lad, force, is_home in frame.select("lad_name", "top_force_id", "is_home").iter_rows():
            if is_home == "true" and force in ctx.forces:
                ctx.home_lads[lad] = force
        return None
    if f.kind == "coverage_force_month":
        complain(
            ~pl.col("month").str.contains(MONTH.pattern), lambda r: f"bad month {r['month']!r} (want YYYY-MM)"
        )
        return None

    month_pattern = r"^\d{4}-(0[1-9]|1[0-2])-01$" if f.kind == "monthly_by_crime" else MONTH.pattern
    want = "YYYY-MM-01" if f.kind == "monthly_by_crime" else "YYYY-MM"
    complain(
        pl.col("month").is_null() | ~pl.col("month").str.contains(month_pattern),
        lambda r: f"bad month {r['month']!r} in column 'month' (want {want})",
    )
    complain(
        ~pl.col("crime_type").is_in(list(CRIME_TYPES)) | pl.col("crime_type").is_null(),
        lambda r: f"unknown crime type {r['crime_type']!r}",
    )
    complain(
        pl.col("count").is_null() | ~pl.col("count").str.contains(r"^\d+$"),
        lambda r: f"count must be a whole number, not {r['count']!r}",
    )
    if f.kind == "monthly_by_crime":
        if not ctx.unit:
            ctx.problems.append(
                Problem(f.label, None, "this file has no force column: give the force with --unit CODE")
            )
        elif ctx.unit not in ctx.forces:
            ctx.problems.append(Problem(f.label, None, f"--unit {ctx.unit!r} is not a known force code"))
    if len(ctx.problems) > start:
        return None

    frame = frame.with_columns(pl.col("count").cast(pl.Int64), pl.col("month").str.slice(0, 7))
    if f.kind == "monthly_by_crime":
        frame = frame.with_columns(pl.lit(ctx.unit).alias("force_id"))
    unknown = frame.filter(~pl.col("force_id").is_in(list(ctx.forces)))
    for force, n in unknown.group_by("force_id").agg(pl.col("count").sum()).iter_rows():
        ctx.skipped[force] = ctx.skipped.get(force, 0) + int(n)
    frame = frame.filter(pl.col("force_id").is_in(list(ctx.forces)))
    names = pl.DataFrame({"force_id": list(ctx.forces), "force_label": list(ctx.forces.values())})
    frame = frame.join(names, on="force_id").with_columns(pl.lit(f.label).alias("source"))
    if f.kind == "force_lad_month_crimetype":
        home = pl.DataFrame(
            {"lad_name": list(ctx.home_lads), "home": list(ctx.home_lads.values())},
            schema={"lad_name": pl.Utf8, "home": pl.Utf8},
        )
        frame = frame.join(home, on="lad_name").filter(pl.col("force_id") == pl.col("home"))
        out = frame.with_columns(
            pl.lit("lad").alias("unit_kind"),
            pl.struct("force_id", "lad_name")
            .map_elements(lambda s: lad_code(s["force_id"], s["lad_name"]), return_dtype=pl.Utf8)
            .alias("unit_code"),
            pl.col("lad_name").alias("unit_name"),
            pl.col("force_id").alias("force"),
            pl.lit(None, dtype=pl.Utf8).alias("outcome"),
            pl.lit(False).alias("has_outcome"),
        )
        return _base(out)
    with_outcome = f.kind == "force_month_crimetype_outcome"
    out = frame.with_columns(
        pl.lit("force").alias("unit_kind"),
        pl.col("force_id").alias("unit_code"),
        pl.col("force_label").alias("unit_name"),
        pl.col("force_id").alias("force"),
        (pl.col("last_outcome_category") if with_outcome else pl.lit(None, dtype=pl.Utf8)).alias("outcome"),
        pl.lit(with_outcome).alias("has_outcome"),
    )
    return _base(out)


# --- indicators ---------------------------------------------------------------------------------


def indicator_values(base: pl.DataFrame, indicators: list[IndicatorEntry]) -> pl.DataFrame:
    """Observations (indicator, unit, month, value, numerator, denominator, source) from base counts.

    A month a source reports is a real month: a crime type with no rows in it counts 0. A month no
    source reports gives no row at all (missing). A share needs outcomes: sources without them give
    no share, and a month whose crimes all lack an outcome gives none either.
    """
    # Per source, so that two files giving the same month can be compared rather than added up.
    keys = ["unit_kind", "unit_code", "month", "source"]
    months = base.group_by(keys).agg(pl.col("unit_name").first(), pl.col("force").first())
    out = []
    for entry in indicators:
        if entry.crime_types is not None:
            chosen = pl.col("crime_type").is_in(entry.crime_types)
        elif entry.exclude_crime_types:
            chosen = ~pl.col("crime_type").is_in(entry.exclude_crime_types)
        else:
            chosen = pl.lit(True)
        if entry.measure == "count":
            sums = base.filter(chosen).group_by(keys).agg(pl.col("count").sum().alias("numerator"))
            frame = (
                months.join(sums, on=keys, how="left")
                .with_columns(
                    pl.col("numerator").fill_null(0), pl.lit(None, dtype=pl.Int64).alias("denominator")
                )
                .with_columns(pl.col("numerator").cast(pl.Float64).alias("value"))
            )
        else:
            rows = base.filter(chosen & pl.col("has_outcome"))
            sums = rows.group_by(keys).agg(
                pl.col("count")
                .filter(pl.col("outcome").is_in(entry.numerator_outcomes))
                .sum()
                .alias("numerator"),
                pl.col("count").filter(pl.col("outcome").is_not_null()).sum().alias("denominator"),
            )
            frame = (
                months.join(sums, on=keys, how="inner")
                .filter(pl.col("denominator") > 0)
                .with_columns((pl.col("numerator") / pl.col("denominator")).alias("value"))
            )
        out.append(
            frame.select(
                pl.lit(entry.code).alias("indicator"),
                *keys,
                "unit_name",
                "force",
                "value",
                pl.col("numerator").cast(pl.Int64),
                pl.col("denominator").cast(pl.Int64),
            )
        )
    return pl.concat(out) if out else pl.DataFrame()
