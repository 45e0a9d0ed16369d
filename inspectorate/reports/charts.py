"""National grade distribution charts as deterministic, accessible SVG.

The same chart always gives the same bytes: fixed style settings, a fixed hash salt for the ids
matplotlib generates, no date in the metadata, and text kept as text in the system font. Ids are
prefixed with the chart's id so that several charts can sit inline in one page. The SVG carries a
<title> and <desc>; the figures are also in the table printed next to the chart.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from html import escape
from typing import Any

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from .builder.model import Chart

FONT_STACK = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]
# GOV.UK colours: dark blue for the figures as published, turquoise for the system's own count.
COLOURS = ["#1d70b8", "#28a197", "#6f72af", "#f47738"]
TEXT = "#0b0c0c"

STYLE: dict[str, Any] = {
    "svg.hashsalt": "inspectorate-report-charts",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": FONT_STACK,
    "font.size": 10,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": "#505a5f",
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 72,
    "savefig.dpi": 72,
    "path.simplify": False,
}


def _figure(chart: Chart) -> str:
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        fig = Figure(figsize=(5.6, 2.4))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        count = max(len(chart.series), 1)
        width = 0.8 / count
        positions = range(len(chart.categories))
        top = max((v for s in chart.series for v in s.values), default=0)
        for index, series in enumerate(chart.series):
            offset = (index - (count - 1) / 2) * width
            xs = [p + offset for p in positions]
            bars = ax.bar(xs, series.values, width=width * 0.92, label=series.label, color=COLOURS[index % 4])
            ax.bar_label(bars, padding=2, fontsize=9)
        ax.set_xticks(list(positions), list(chart.categories))
        ax.tick_params(axis="x", length=0)
        # Each bar carries its figure, so the value axis would only repeat them.
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(0, max(top * 1.15, 1))
        if len(chart.series) > 1:
            # Above the plot, so that it never hides a bar or its figure.
            ax.legend(
                frameon=False, fontsize=9, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(chart.series)
            )
        fig.tight_layout(pad=0.4)
        return figure_svg(fig)


def figure_svg(fig: Figure) -> str:
    """A figure as SVG text with no date or creator in its metadata (the same figure, the same bytes)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _attributes(match: re.Match[str]) -> str:
    declarations = (d.split(":", 1) for d in match.group(1).split(";") if ":" in d)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def inline_svg(svg: str, prefix: str) -> str:
    """Matplotlib's SVG made fit to sit inline in a page: from its root element on, without metadata,
    with presentation attributes instead of style attributes and without its one style element (a page
    whose Content-Security-Policy forbids inline styles ignores them, and shapes fall back to black
    fills), and every id (and every reference to one) prefixed so that several drawings share a page."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # HTML style sheets (and WeasyPrint's) are not asked to make sense of SVG-only properties either.
    svg = re.sub(r'style="([^"]*)"', _attributes, svg)
    # The style element only sets how lines join and end; the renderers' defaults match it closely.
    svg = re.sub(r'<style type="text/css">\*\{([^}]*)\}</style>\s*', "", svg)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}-\1"', svg)


def accessible_svg(svg: str, chart_id: str, title: str, description: str) -> str:
    """An inline SVG (`inline_svg`, ids prefixed with `chart_id`) with a <title> and <desc> that name it
    for assistive technology."""
    prefix = chart_id
    svg = inline_svg(svg, prefix)
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end].replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" class="report-chart" '
        'stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    labels = (
        f'\n <title id="{title_id}">{escape(title)}</title>'
        f'\n <desc id="{desc_id}">{escape(description)}</desc>'
    )
    return opening + labels + svg[opening_end:]


def render_svg(chart: Chart) -> str:
    """The chart as inline SVG (no XML declaration), rendered afresh."""
    return accessible_svg(_figure(chart), chart.id, chart.title, chart.description)


@lru_cache(maxsize=256)
def distribution_svg(chart: Chart) -> str:
    """`render_svg`, remembered: the output depends on nothing but the chart's data."""
    return render_svg(chart)
