"""The public pages: only published material reaches them, each version at a stable URL in each
format, byte for byte as frozen; the national summary counts published grades only; the force
summary and the home page list what is published."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]


@pytest.fixture
def two_forces(signed_off, with_practice, publish_now, lead) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """West Midlands and Durham published; a Durham-free draft of nobody else's is not."""
    west = signed_off("west-midlands", {"NP": "excellent", "CA": "fair"})
    with_practice(west)
    durham = signed_off("durham", {"NP": "good", "CA": "fair"})
    with_practice(durham)
    return {"west": publish_now(lead, west), "durham": publish_now(lead, durham)}


def test_it_shows_the_public_published_reports_only(
    signed_off, with_practice, publish_now, lead, client_for
) -> None:
    draft = signed_off("west-midlands")
    with_practice(draft)
    # At the factual accuracy check the draft exists, but no published page does, for anyone.
    for persona in ("public", "force_a", "force_b", "inspector", "admin"):
        client = client_for(persona)
        assert client.get("/published/hmic-2007/west-midlands/").status_code == 404, persona
        assert client.get("/published/hmic-2007/west-midlands/v1.pdf").status_code == 404, persona
        assert client.get("/api/reports/hmic-2007/west-midlands").status_code == 404, persona
    public = client_for("public")
    assert "West Midlands" not in public.get("/published/").content.decode()
    assert public.get("/published/open-data/grades.csv").content.decode().count("\n") == 1
    assert public.get("/api/reports/").json() == []

    publish_now(lead, draft)
    for persona in ("public", "force_a", "force_b", "analyst"):
        client = client_for(persona)
        assert client.get("/published/hmic-2007/west-midlands/").status_code == 200, persona
    assert "West Midlands" in public.get("/published/").content.decode()


def test_it_serves_each_version_as_frozen(two_forces, client) -> None:
    report = two_forces["west"]
    base = "/published/hmic-2007/west-midlands/v1"
    for extension, media_type in (
        ("pdf", "application/pdf"),
        ("json", "application/json"),
        ("html", "text/html"),
    ):
        response = client.get(f"{base}.{extension}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(media_type)
        body = response.content
        assert hashlib.sha256(body).hexdigest() == report.sha256(extension)
        assert body == report.path(extension).read_bytes()
    assert json.loads(client.get(f"{base}.json").content) == json.loads(report.report_json)
    page = client.get(f"{base}/")
    assert page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    # The report as published, with a notice of which version it is added as it is served.
    assert 'data-testid="version-notice"' in text and "Version 1, published" in text
    assert "superseded" not in text
    assert client.get("/published/hmic-2007/west-midlands/v2/").status_code == 404
    assert client.get("/published/hmic-2007/north-yorkshire/").status_code == 404


def test_it_lists_versions_with_their_hashes(two_forces, correct_now, lead, client) -> None:
    first = two_forces["west"]
    second = correct_now(lead, first, "Corrected a force fact")
    page = client.get("/published/hmic-2007/west-midlands/versions/").content.decode()
    for report in (first, second):
        for extension in ("pdf", "html", "json"):
            assert report.sha256(extension) in page
    assert "Corrected a force fact" in page and "First publication" in page
    api = client.get("/api/reports/hmic-2007/west-midlands").json()
    assert api["latest_version"] == 2
    assert [(v["version"], v["superseded"]) for v in api["versions"]] == [(2, False), (1, True)]
    version = client.get("/api/reports/hmic-2007/west-midlands/versions/1")
    assert hashlib.sha256(version.content).hexdigest() == first.json_sha256


def _cells(html: str, testid: str) -> list[str]:
    return re.findall(rf'data-testid="{testid}">(\d+)<', html)


def test_it_counts_the_national_summary_from_published_grades_only(
    two_forces, signed_off, with_practice, client
) -> None:
    # Neither a draft nor a demonstration counts.
    signed_off("north-yorkshire", {"NP": "poor", "CA": "poor"})
    signed_off("dyfed-powys", {"NP": "poor", "CA": "poor"}, is_demonstration=True)

    html = client.get("/published/hmic-2007/").content.decode()
    # Excellent, Good, Fair, Poor
    assert _cells(html, "count-NP") == ["1", "1", "0", "0"]
    assert _cells(html, "count-CA") == ["0", "0", "2", "0"]
    assert _cells(html, "count-PM") == ["0", "0", "0", "0"]
    # The system holds 2 of 43 forces, so the distributions as published are shown beside its count.
    assert _cells(html, "published-NP") == ["6", "14", "21", "2"]
    assert _cells(html, "published-CA") == ["3", "17", "21", "2"]
    assert "2 of 43" in html
    # Grouped as in the report: the PVP components under the group's name.
    assert "Protecting vulnerable people" in html
    assert html.index("Protecting vulnerable people") < html.index('data-testid="summary-CA"')
    assert 'data-testid="chart-NP"' in html and "<svg" in html

    summary = client.get("/api/reports/national/hmic-2007").json()
    assert summary["total_forces"] == 43 and summary["complete"] is False
    frameworks = {f["code"]: f for group in summary["groups"] for f in group["frameworks"]}
    assert frameworks["NP"]["counts"] == {"excellent": 1, "good": 1, "fair": 0, "poor": 0}
    assert frameworks["CA"]["forces_held"] == 2
    assert frameworks["DV"]["published_distribution"] == {"excellent": 1, "good": 13, "fair": 27, "poor": 2}
    pvp = next(g for g in summary["groups"] if g["group"] == "PVP")
    assert [f["code"] for f in pvp["frameworks"]] == ["CA", "DV", "PP", "MP"]


def test_it_summarises_a_force_across_programmes(two_forces, client) -> None:
    html = client.get("/published/forces/durham/").content.decode()
    assert "Durham" in html and 'data-testid="force-grades-hmic-2007"' in html
    table = html.split('data-testid="force-grades-hmic-2007"')[1].split("</table>")[0]
    assert re.search(r"Neighbourhood Policing</th><td[^>]*>Good<", table)
    assert re.search(r"Child abuse</th><td[^>]*>Fair<", table)
    assert "Excellent" not in table
    empty = client.get("/published/forces/north-yorkshire/").content.decode()
    assert 'data-testid="no-published-reports"' in empty
    assert client.get("/published/forces/no-such-force/").status_code == 404


def test_it_lists_the_latest_reports_on_the_home_page(two_forces, client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/published/hmic-2007/west-midlands/"' in html
    assert 'href="/published/hmic-2007/durham/"' in html
    assert two_forces["west"].title in html
    assert 'data-testid="no-published-reports"' not in html
