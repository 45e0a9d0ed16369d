"""scripts/audit_report.py, which decides CI's dependency check: a known vulnerability fails; a
vulnerability service that does not answer is reported and does not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.environment import ROOT

SCRIPT = ROOT / "scripts" / "audit_report.py"


def verdict(
    kind: str, report: object | None, tmp_path: Path, log: str = ""
) -> subprocess.CompletedProcess[str]:
    report_file, log_file = tmp_path / "report.json", tmp_path / "log.txt"
    report_file.unlink(missing_ok=True)
    if report is not None:
        report_file.write_text(report if isinstance(report, str) else json.dumps(report))
    log_file.write_text(log)
    return subprocess.run(
        [sys.executable, SCRIPT, kind, report_file, log_file], capture_output=True, text=True, timeout=60
    )


def test_it_fails_on_a_known_python_vulnerability(tmp_path: Path) -> None:
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "rich", "version": "13.7.0", "vulns": []},
        ]
    }
    result = verdict("pip", report, tmp_path)

    assert result.returncode == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in result.stdout


def test_it_passes_python_dependencies_without_known_vulnerabilities(tmp_path: Path) -> None:
    report = {"dependencies": [{"name": "rich", "version": "13.7.0", "vulns": []}]}
    result = verdict("pip", report, tmp_path)

    assert result.returncode == 0
    assert "1 packages checked, no known vulnerability" in result.stdout


def test_it_reports_but_does_not_fail_when_pypi_does_not_answer(tmp_path: Path) -> None:
    skipped = {"dependencies": [{"name": "rich", "version": "13.7.0", "skip_reason": "Dependency not found"}]}
    assert verdict("pip", skipped, tmp_path).returncode == 0
    assert "NOT checked" in verdict("pip", skipped, tmp_path).stdout

    crashed = verdict("pip", None, tmp_path, log="ConnectionError: pypi.org unreachable\n")
    assert crashed.returncode == 0
    assert "did not answer (ConnectionError: pypi.org unreachable)" in crashed.stdout


def test_it_fails_on_a_known_npm_vulnerability(tmp_path: Path) -> None:
    report = {
        "vulnerabilities": {"htmx.org": {"severity": "moderate", "range": "<2.0.5"}},
        "metadata": {"vulnerabilities": {"total": 1}, "dependencies": {"total": 3}},
    }
    result = verdict("npm", report, tmp_path)

    assert result.returncode == 1
    assert "VULNERABLE htmx.org (moderate): affected versions <2.0.5" in result.stdout


def test_it_passes_npm_packages_without_known_vulnerabilities(tmp_path: Path) -> None:
    report = {
        "vulnerabilities": {},
        "metadata": {"vulnerabilities": {"total": 0}, "dependencies": {"total": 3}},
    }
    result = verdict("npm", report, tmp_path)

    assert result.returncode == 0
    assert "3 packages checked" in result.stdout


def test_it_reports_but_does_not_fail_when_the_npm_audit_service_does_not_answer(tmp_path: Path) -> None:
    refused = {
        "message": "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk"
    }
    result = verdict("npm", refused, tmp_path)
    assert result.returncode == 0
    assert "did not answer (405 Method Not Allowed" in result.stdout and "NOT checked" in result.stdout

    silent = verdict("npm", None, tmp_path, log="npm error code ENOTFOUND\n")
    assert silent.returncode == 0
    assert "ENOTFOUND" in silent.stdout
