"""Security headers over HTTP: the Content-Security-Policy every page is served with, the stricter one
of report documents, and `Cache-Control: private, no-store` on whatever a signed-in person sees."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from inspectorate.accounts.models import ApiToken, User
from inspectorate.reports.documents import document_policy, style_hashes

from .dom import parse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "inspectorate").rglob("templates/**/*.html"))
# Report documents carry their own style elements, allowed by hash (inspectorate/reports/documents.py).
DOCUMENTS = {"reports/report.html", "reports/published/version_notice.html"}


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def test_it_serves_pages_with_a_policy_that_allows_only_the_services_own_scripts(forces: None) -> None:
    response = Client().get("/forces/")

    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    scripts = csp["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    nonce = next(s for s in scripts if s.startswith("'nonce-"))[len("'nonce-") : -1]
    inline = [s for s in parse(response.content).find_all("script") if not s.get("src")]
    assert inline and all(s.get("nonce") == nonce for s in inline)


def test_it_gives_every_response_a_fresh_nonce(forces: None) -> None:
    first, second = Client().get("/forces/"), Client().get("/forces/")

    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "inspectorate")))
def test_it_keeps_scripts_styles_and_handlers_out_of_the_templates(template: Path) -> None:
    name = str(template).split("/templates/", 1)[1]
    text = template.read_text(encoding="utf-8")

    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "inline event handler"
    assert "hx-on" not in text, "hx-on runs inline script"
    scripts = re.findall(r"<script\b([^>]*)>", text, re.I)
    assert all("src=" in attrs or "nonce=" in attrs for attrs in scripts), "inline script without a nonce"
    if name not in DOCUMENTS:
        assert not re.search(r"\sstyle\s*=", text, re.I), "style attribute"
        assert "<style" not in text, "style element"


def test_it_allows_a_report_document_exactly_its_own_styles() -> None:
    html = (
        "<html><head><style>p { color: red }</style></head>"
        "<body><style>.n { margin: 0 }</style></body></html>"
    )

    csp = document_policy(html)

    assert "script-src 'none'" in csp
    assert "default-src 'none'" in csp
    # The hashes a browser computes for the two style elements (sha256 of their text, base64).
    assert style_hashes(html) == [
        "'sha256-ngewhhP73WDIbgwseeu52VAAJgKdGUsu1IUQQsAm8m4='",
        "'sha256-5B7zEBKgECcEjZcmRtwBiqiiyKz6OoMp86aIq+bvoUU='",
    ]
    assert f"style-src {' '.join(style_hashes(html))};" in csp


def test_it_leaves_public_pages_to_ordinary_caching(forces: None) -> None:
    response = Client().get("/forces/")

    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/forces/", "/inspections/", "/sign-in/set-up-authenticator-app/"])
def test_it_keeps_signed_in_pages_out_of_every_cache(
    make_persona: Callable[[str], User | None], url: str
) -> None:
    client = Client()
    client.force_login(make_persona("inspector"))  # type: ignore[arg-type]

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_it_keeps_api_answers_to_a_token_out_of_every_cache(
    make_persona: Callable[[str], User | None],
) -> None:
    _token, raw = ApiToken.issue(make_persona("inspector"), "script")  # type: ignore[arg-type]

    with_token = Client().get("/api/inspections/", headers={"Authorization": f"Bearer {raw}"})
    public = Client().get("/api/forces/")

    assert with_token.status_code == 200
    assert with_token["Cache-Control"] == "private, no-store"
    assert "no-store" not in public.get("Cache-Control", "")


def test_it_draws_the_risk_heat_map_without_inline_styles() -> None:
    # Under the site's policy a style attribute is ignored, and the heat map's cells then fill black.
    from inspectorate.planning.heatmap import heatmap_svg

    svg = heatmap_svg(["Force A", "Force B"], ["CA", "DV"], [[0.2, 0.7], [0.5, 0.9]], "Risk by force")
    assert "<rect" in svg or "<path" in svg
    assert 'style="' not in svg
    assert "<style" not in svg
