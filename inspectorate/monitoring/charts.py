"""XmR charts (NHS "Making Data Count" style) and funnel plots as deterministic, accessible SVG.

Same data, same bytes: the report charts' fixed style (hash salt, no date, text as text) and their
accessible wrapper (title and description for screen readers; the figures are also in a table on
the page).
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from inspectorate.reports.charts import STYLE, accessible_svg, figure_svg

from . import peers

IMPROVEMENT = "#1d70b8"  # blue
CONCERN = "#f47738"  # orange
NEITHER = "#4c2c92"  # purple
COMMON = "#505a5f"  # grey: common-cause variation
STYLE_MONITORING = {**STYLE, "svg.hashsalt": "inspectorate-monitoring-charts"}


def xmr_svg(chart_id: str, title: str, series: dict[str, Any]) -> str:
    """`series` is one item of `descriptions.describe_series`."""
    months = [p["month"] for p in series["series"]]
    values = [p["value"] for p in series["series"]]
    limits = series["limits"]
    share = series["indicator"]["measure"] == "share"
    classes = {p["month"]: p["class"] for p in series["points"]}
    with matplotlib.rc_context(STYLE_MONITORING):  # type: ignore[arg-type]
        fig = Figure(figsize=(7.2, 2.8))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        xs = np.arange(len(months))
        ax.plot(xs, values, color=COMMON, linewidth=1.2, marker="o", markersize=3.5, zorder=2)
        for cls, colour in (("improvement", IMPROVEMENT), ("concern", CONCERN), ("neither", NEITHER)):
            idx = [i for i, m in enumerate(months) if classes.get(m) == cls]
            if idx:
                ax.scatter(xs[idx], [values[i] for i in idx], color=colour, s=30, zorder=3)
        style = (0, (2, 2)) if limits["trial"] else (0, (5, 2))
        if limits["centre"] is not None:
            ax.axhline(limits["centre"], color="#0b0c0c", linewidth=1)
            for key in ("upper", "lower"):
                ax.axhline(limits[key], color="#6f777b", linewidth=1, linestyle=style)
            label = "trial limits" if limits["trial"] else "process limits"
            ax.text(-0.4, limits["upper"], label, fontsize=8, va="bottom", color="#505a5f")
        step = max(1, len(months) // 12)
        ax.set_xticks(xs[::step], [m for m in months[::step]], rotation=0, fontsize=8)
        if share:
            ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlim(-0.5, len(months) - 0.5)
        fig.tight_layout(pad=0.4)
        svg = figure_svg(fig)
    described = _describe_xmr(title, series)
    return accessible_svg(svg, chart_id, title, described)


def _describe_xmr(title: str, series: dict[str, Any]) -> str:
    limits = series["limits"]
    points = series["points"]
    if limits["centre"] is None:
        return f"{title}: no data."
    text = (
        f"{title}, {len(series['series'])} months from {series['series'][0]['month']} to "
        f"{series['series'][-1]['month']}. Mean {limits['centre']:.2f}, limits {limits['lower']:.2f} to "
        f"{limits['upper']:.2f}{' (trial limits)' if limits['trial'] else ''}. "
    )
    if not points:
        return text + "No special-cause variation."
    listed = "; ".join(f"{p['month']} {p['class']} ({', '.join(p['rules'])})" for p in points[:12])
    return text + f"Special-cause points: {listed}."


def funnel_svg(
    chart_id: str,
    title: str,
    rows: list[dict[str, Any]],
    target: float,
    phi: float,
    highlight: str | None = None,
) -> str:
    """Rates against denominators, with 95% and 99.8% limits inflated by the dispersion factor."""
    dens = np.array([r["denominator"] for r in rows], dtype=float)
    rates = np.array([r["rate"] for r in rows], dtype=float)
    with matplotlib.rc_context(STYLE_MONITORING):  # type: ignore[arg-type]
        fig = Figure(figsize=(7.2, 3.2))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        grid = np.linspace(max(dens.min() * 0.8, 1.0), dens.max() * 1.1, 200)
        for z, style in ((peers.Z95, (0, (5, 2))), (peers.Z998, "solid")):
            low, high = peers.limits(target, phi, grid, z)
            ax.plot(grid, low, color="#6f777b", linewidth=1, linestyle=style)
            ax.plot(grid, high, color="#6f777b", linewidth=1, linestyle=style)
        ax.axhline(target, color="#0b0c0c", linewidth=1)
        colours = [
            CONCERN
            if r.get("outside") == "worse"
            else IMPROVEMENT
            if r.get("outside") == "better"
            else COMMON
            for r in rows
        ]
        ax.scatter(dens, rates, color=colours, s=22, zorder=3)
        for r in rows:
            if r["code"] == highlight:
                ax.annotate(
                    r["name"],
                    (r["denominator"], r["rate"]),
                    fontsize=8,
                    xytext=(4, 4),
                    textcoords="offset points",
                )
        ax.set_xscale("log")
        ax.set_xlabel("denominator (records in the window, log scale)", fontsize=8)
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=1))
        fig.tight_layout(pad=0.4)
        svg = figure_svg(fig)
    outside = [r["name"] for r in rows if r.get("outside")]
    description = (
        f"{title}: {len(rows)} forces; weighted rate {target:.2%}; dispersion factor {phi:.1f}. "
        + (
            f"Outside the 95% limits: {', '.join(outside)}."
            if outside
            else "No force outside the 95% limits."
        )
    )
    return accessible_svg(svg, chart_id, title, description)
