"""How long a force report takes to render as HTML and as PDF.

The workload is the West Midlands report of the 2007 programme: the worked demonstration inspection
(inspectorate/inspections/demo/west-midlands-2007.yaml, the project's reconstruction of the published
report) read straight from its data file, with the pack's texts, the six awarded grades, every finding
and the force's context, plus three developing-practice examples. No database is needed. The goals:
HTML in 200 ms or less, PDF in 3 s or less. Next to it, in the same run, a baseline: the same
programme's report with no findings, examples or force text, so the figures can be compared across
machines.

Charts are drawn once per distinct chart and remembered; the first HTML render pays for them and is
shown on its own line. Wall-clock and CPU times are both printed: on a busy machine the CPU time is
the steadier figure.

Run: uv run python bench/reports.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import django
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings_test")
django.setup()
# WeasyPrint reports its progress and every CSS declaration it skips; the figures are what matter here.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from weasyprint import HTML  # noqa: E402

from inspectorate.inspections.demo.data import read as read_demo  # noqa: E402
from inspectorate.methodology.pack import read_pack  # noqa: E402
from inspectorate.reports.builder import (  # noqa: E402
    AwardData,
    ForceData,
    ForceFactData,
    InspectionData,
    NationalGrades,
    PracticeExample,
    Report,
    build_report,
)
from inspectorate.reports.builder.model import report_texts  # noqa: E402
from inspectorate.reports.charts import distribution_svg  # noqa: E402
from inspectorate.reports.data import CONTEXT_HEADINGS  # noqa: E402
from inspectorate.reports.pack_inputs import programme_from_pack  # noqa: E402
from inspectorate.reports.render import render_html, render_pdf  # noqa: E402

GOAL_HTML_MS = 200.0
GOAL_PDF_MS = 3000.0
GENERATED = datetime.date(2007, 10, 1)
# Three examples of the size the published report prints, written for the benchmark.
PRACTICE = tuple(
    PracticeExample(
        area=area,
        title=title,
        problem="The force needed a better way to deal with this problem.\n\n" * 3,
        solution="A new process was agreed with partners and introduced across the force.\n\n" * 3,
        outcomes="- Fewer repeat cases.\n- Better evidence.\n- More confident staff.",
        contact="Detective Inspector, Public Protection Unit",
    )
    for area, title in (
        ("NP", "Local meeting checklists"),
        ("DV", "Emergency call protocol"),
        ("PP", "Panel"),
    )
)


def west_midlands(full: bool) -> tuple[ForceData, InspectionData, tuple[PracticeExample, ...]]:
    facts_file = ROOT / "inspectorate" / "forces" / "reference" / "facts" / "west-midlands-2007.yaml"
    facts = yaml.safe_load(facts_file.read_text())
    force = ForceData(
        "west-midlands",
        "West Midlands Police",
        "West Midlands",
        facts=tuple(
            ForceFactData(f["label"], f"{f['value']:,} {f.get('unit', '')}".strip()) for f in facts["facts"]
        ),
        facts_source=facts["source"],
    )
    demo = read_demo()
    if not full:
        return force, InspectionData(frameworks=tuple(demo.awards)), ()
    inspection = InspectionData(
        frameworks=tuple(demo.awards),
        context=tuple((CONTEXT_HEADINGS[k], demo.context[k]) for k in CONTEXT_HEADINGS if k in demo.context),
        framework_context=demo.framework_context,
        awards=tuple(AwardData(code, award.grade) for code, award in demo.awards.items()),
        findings={
            code: {kind: tuple(texts) for kind, texts in lists.by_kind() if texts}
            for code, lists in demo.findings.items()
        },
        is_demonstration=True,
        demonstration_note=demo.demonstration_note,
    )
    return force, inspection, PRACTICE


def build(full: bool) -> Report:
    programme = programme_from_pack(read_pack(ROOT / "packs" / "hmic-2007"))
    force, inspection, practice = west_midlands(full)
    national = NationalGrades(counts={}, forces_held={}, total_forces=43)
    return build_report(programme, force, inspection, national, practice, draft=True, generated=GENERATED)


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU time of `runs` runs, in ms. On a busy machine the CPU time is the
    steadier figure; the goals are for wall-clock time on an idle one."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return min(walls), min(cpus)


def line(label: str, figures: tuple[float, float], goal: float | None = None) -> str:
    wall, cpu = figures
    text = f"  {label:<34} {wall:9.1f} ms wall {cpu:9.1f} ms CPU"
    if goal is not None:
        text += f"   goal <= {goal:.0f} ms: {'met' if wall <= goal else 'NOT met'}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report, baseline = build(True), build(False)
    words = sum(len(text.split()) for text in report_texts(report, include_glossary=True))
    pages = len(HTML(string=render_html(report)).render().pages)
    distribution_svg.cache_clear()
    cold = best_of(1, lambda: render_html(report))
    html = best_of(args.runs, lambda: render_html(report))
    html_base = best_of(args.runs, lambda: render_html(baseline))
    pdf = best_of(args.runs, lambda: render_pdf(report))
    pdf_base = best_of(args.runs, lambda: render_pdf(baseline))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(
        f"West Midlands report, 2007 programme (demonstration data): {words:,} words, {pages} PDF pages "
        f"(load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    print(line("HTML, first render (draws charts)", cold))
    print(line(f"HTML, best of {args.runs}", html, GOAL_HTML_MS))
    print(line(f"PDF, best of {args.runs}", pdf, GOAL_PDF_MS))
    print("Baseline: the same programme's report with no findings, examples or force text")
    print(line(f"HTML, best of {args.runs}", html_base))
    print(line(f"PDF, best of {args.runs}", pdf_base))
    html_ms, pdf_ms = html[0], pdf[0]
    return 0 if html_ms <= GOAL_HTML_MS and pdf_ms <= GOAL_PDF_MS else 1


if __name__ == "__main__":
    sys.exit(main())
