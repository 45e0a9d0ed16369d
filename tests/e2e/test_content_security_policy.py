"""The pages work in chromium under the Content-Security-Policy: GOV.UK Frontend starts, htmx swaps,
charts and the QR code draw, report documents keep their own styles, and the browser reports no
violation on any of them. The one-time password step is taken in the browser too."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from inspectorate.inspections.models import Inspection
from tests.browser import PASSWORD
from tests.publication.conftest import (  # noqa: F401  (fixtures, reused)
    inspector,
    lead,
    publish_now,
    quick_pdf,
    signed_off,
    with_practice,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("quick_pdf"),
]

# Installed before any of the page's own scripts run; Playwright's init scripts are not subject to the
# page's policy, so they can listen for what the policy blocks.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${where}`);
});
"""


class Watched:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> Any:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        assert "content-security-policy" in response.headers, url
        self.page.wait_for_load_state("load")
        return response

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []")) + self.console

    def assert_govuk_frontend_started(self) -> None:
        # The inline "js-enabled" switch ran (it carries the nonce) and initAll() started components.
        classes = self.page.evaluate("document.body.className")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes
        self.page.wait_for_selector("[data-govuk-header-init], [data-govuk-button-init]", state="attached")


@pytest.fixture
def published(signed_off, with_practice, publish_now, lead) -> Any:  # type: ignore[no-untyped-def]  # noqa: F811
    inspection = signed_off("west-midlands", {"NP": "excellent", "CA": "fair"})
    with_practice(inspection)
    return publish_now(lead, inspection)


def test_it_shows_public_pages_without_a_violation(open_page: Any, published: Any) -> None:
    watched = Watched(open_page())

    for url in ["/", "/forces/", "/forces/west-midlands/", "/methodology/", "/sign-in/", "/published/"]:
        watched.visit(url)
        watched.assert_govuk_frontend_started()
        assert watched.violations() == [], url

    # The national summary draws its charts inline.
    watched.visit("/published/hmic-2007/")
    watched.assert_govuk_frontend_started()
    assert watched.page.locator("svg").count() > 0
    assert watched.violations() == []


def test_it_shows_a_published_report_with_its_own_styles_and_no_script(
    open_page: Any, published: Any
) -> None:
    watched = Watched(open_page())

    response = watched.visit("/published/hmic-2007/west-midlands/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'none'" in policy and "'sha256-" in policy
    assert watched.violations() == []
    # The report's stylesheet and the version notice's both applied.
    notice = watched.page.locator("[data-testid=version-notice]")
    assert notice.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    title_font = watched.page.locator("h1").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert "Liberation Sans" in title_font or "Arial" in title_font


def _code(secret: str) -> str:
    raw = secret.replace(" ", "")
    return f"{TOTP(base64.b32decode(raw + '=' * (-len(raw) % 8))).token():06d}"


def test_it_signs_staff_in_with_a_code_and_htmx_swaps_under_the_policy(
    open_page: Any, inspection: Inspection, settings: Any
) -> None:
    settings.INSPECTORATE_OTP_REQUIRED = True
    watched = Watched(open_page())
    page = watched.page

    # Password, then the set-up page with its QR code drawn as SVG.
    watched.visit("/sign-in/")
    page.get_by_label("Username").fill("isla.inspector")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("[data-testid=otp-qr-code] svg")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    box = page.locator("[data-testid=otp-qr-code] svg").bounding_box()
    assert box is not None and box["width"] > 50
    secret = page.locator("[data-testid=otp-secret]").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("[data-testid=signed-in-as]")
    assert watched.violations() == []

    # The judgement grid: picking a judgement posts through htmx and swaps the row back in, and the
    # proposal panel with it (an out-of-band swap).
    watched.visit(reverse("inspections:judgements", args=[inspection.pk, "CA"]))
    watched.assert_govuk_frontend_started()

    def not_yet_judged() -> int:
        text = page.locator("[data-testid=proposed-grade]").inner_text()
        return int(re.search(r"(\d+) not yet judged", text).group(1))  # type: ignore[union-attr]

    before = not_yet_judged()
    for code, value in [("CA-F01", "met"), ("CA-F02", "not_met"), ("CA-F04", "met")]:
        with page.expect_response(
            lambda r, code=code: f"/judgements/{code}/" in r.url and r.request.method == "POST"
        ):
            page.locator(f"#j-{code}-{value}").check()
        page.wait_for_selector(f"#criterion-{code} #j-{code}-{value}:checked")
    # The proposal panel came back out of band with the new count (judging can also settle whether
    # other criteria apply, so only the change is asserted).
    page.wait_for_function(
        "(n) => !document.querySelector('[data-testid=proposed-grade]')"
        ".innerText.includes(`${n} not yet judged`)",
        arg=before,
    )
    assert not_yet_judged() < before
    # The page was never reloaded: htmx did the work.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert watched.violations() == []

    # The evidence register filters through htmx.
    watched.visit(reverse("inspections:evidence", args=[inspection.pk]))
    watched.assert_govuk_frontend_started()
    assert watched.violations() == []

    # The draft report: a document with its own styles and charts, and no script.
    response = watched.visit(reverse("reports:draft", args=[inspection.pk]))
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert watched.violations() == []


def test_it_shows_the_admin_without_a_violation(open_page: Any, make_persona: Any) -> None:
    from tests.browser import sign_in

    someone = make_persona("inspector")
    make_persona("admin")
    watched = Watched(open_page())
    sign_in(watched.page, "ada.admin")

    for url in ["/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{someone.pk}/change/"]:
        watched.visit(url)
        assert watched.violations() == [], url
    # The admin's own scripts ran: its theme script marks the page.
    assert watched.page.evaluate("() => document.documentElement.dataset.theme") == "auto"
