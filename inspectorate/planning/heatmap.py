"""The register's force x framework heat map as deterministic, accessible SVG (the same scores always
give the same bytes; the numbers are in the table printed beside it)."""

from __future__ import annotations

import re
from html import escape

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from inspectorate.reports.charts import STYLE, figure_svg, inline_svg

PLANNING_STYLE = {**STYLE, "svg.hashsalt": "inspectorate-risk-register"}


def heatmap_svg(forces: list[str], frameworks: list[str], values: list[list[float]], title: str) -> str:
    with matplotlib.rc_context(PLANNING_STYLE):  # type: ignore[arg-type]
        height = max(2.0, 0.22 * len(forces) + 1.0)
        fig = Figure(figsize=(max(4.0, 0.34 * len(frameworks) + 2.6), height))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        # Vector cells (not an embedded bitmap), so the drawing is text and rectangles only.
        image = ax.pcolormesh(
            values or [[0.0]], cmap="YlOrRd", vmin=0, vmax=1, edgecolors="white", linewidth=0.4
        )
        ax.invert_yaxis()
        ax.set_xticks([i + 0.5 for i in range(len(frameworks))], frameworks, fontsize=7, rotation=90)
        ax.set_yticks([i + 0.5 for i in range(len(forces))], forces, fontsize=7)
        fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="risk score")
        fig.tight_layout(pad=0.4)
        svg = inline_svg(figure_svg(fig), "risk")
    end = svg.index(">") + 1
    # Scaled to the column it sits in (the viewBox keeps its proportions).
    opening = re.sub(r'\s(width|height)="[^"]*"', "", svg[:end])
    opening = opening.replace("<svg ", '<svg role="img" aria-labelledby="risk-title" width="100%" ', 1)
    return opening + f'\n <title id="risk-title">{escape(title)}</title>' + svg[end:]
