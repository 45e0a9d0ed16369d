"""The Content-Security-Policy of a report served as a document of its own (a draft, or a published
version as it was published).

A report carries its stylesheet inside it, so that the same file reads the same in a browser, in
WeasyPrint and years later from the archive; a published file cannot be changed to point elsewhere
or to carry a nonce, because its hash is published. So instead of the site's policy (no inline styles
at all), such a response allows exactly the style elements it contains, by their SHA-256 hashes, and
nothing else: no scripts, no forms, no frames, nothing fetched but its own images.
"""

from __future__ import annotations

import base64
import hashlib
import re

from csp.constants import HEADER
from django.http import HttpResponse

_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)


def style_hashes(html: str) -> list[str]:
    # Browsers hash the element's text exactly as it stands, after turning CR LF into LF.
    found = []
    for body in _STYLE.findall(html):
        digest = hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in found:
            found.append(source)
    return found


def document_policy(html: str) -> str:
    styles = " ".join(style_hashes(html)) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "script-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def as_document(response: HttpResponse) -> HttpResponse:
    """Give an HTML report response the document policy (the site's middleware then leaves it)."""
    response[HEADER] = document_policy(response.content.decode(response.charset or "utf-8"))
    return response
