"""Reads pip-audit's and npm audit's JSON reports for scripts/audit-dependencies: a known
vulnerability fails; a vulnerability service that did not answer is said plainly and does not.

    python scripts/audit_report.py pip REPORT.json LOG
    python scripts/audit_report.py npm REPORT.json LOG
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no answer"


def pip_verdict(report: dict[str, Any] | None, log: str) -> tuple[bool, list[str]]:
    """(failed, lines to print) for pip-audit's `--format json` report (None: it wrote none)."""
    if report is None:
        return False, [
            f"pip-audit: the vulnerability service did not answer ({_last_line(log)}); "
            "Python dependencies NOT checked"
        ]
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    lines = []
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
    if vulnerable:
        return True, lines
    checked = len(dependencies) - len(skipped)
    if checked == 0:
        return False, [
            f"pip-audit: PyPI's vulnerability data did not answer for any of the "
            f"{len(dependencies)} packages; Python dependencies NOT checked"
        ]
    note = f" ({len(skipped)} could not be checked)" if skipped else ""
    return False, [f"pip-audit: {checked} packages checked, no known vulnerability{note}"]


def npm_verdict(report: dict[str, Any] | None, log: str) -> tuple[bool, list[str]]:
    """(failed, lines to print) for `npm audit --json` (None: it printed no JSON)."""
    if report is None or "metadata" not in report:
        reason = _last_line(log)
        if report is not None:
            error = report.get("error") or {}
            reason = report.get("message") or error.get("summary") or error.get("code") or reason
        return False, [
            f"npm audit: the registry's audit service did not answer ({reason}); npm packages NOT checked"
        ]
    metadata = report["metadata"]
    found = report.get("vulnerabilities", {})
    lines = [
        f"VULNERABLE {name} ({v.get('severity')}): affected versions {v.get('range')}"
        for name, v in sorted(found.items())
    ]
    if metadata.get("vulnerabilities", {}).get("total", len(found)):
        return True, lines
    total = metadata.get("dependencies", {}).get("total", "?")
    return False, [f"npm audit: {total} packages checked, no known vulnerability"]


def _read(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def main(argv: list[str]) -> int:
    kind, report, log = argv
    verdict = pip_verdict if kind == "pip" else npm_verdict
    log_text = Path(log).read_text(encoding="utf-8") if Path(log).is_file() else ""
    failed, lines = verdict(_read(Path(report)), log_text)
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
