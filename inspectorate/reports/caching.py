"""Validators and cache lifetimes for published material, which never changes once published.

A published version's files are frozen (their SHA-256 is published), so their hash is their ETag and
their publication time their Last-Modified. A version's page adds a notice that changes when a newer
version appears, so its validator covers the latest version too; the national summary changes only
when what it counts changes, so its validator is a hash of the figures it shows. A client or proxy
that already holds the answer gets 304 Not Modified without the page being rendered again.

These answers are `public` for the public. For anyone signed in, PrivatePagesMiddleware (accounts)
replaces the Cache-Control with `private, no-store` after the view, so nothing they see is kept.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# A published version's files: a day (a version can be superseded, but never changes).
VERSION_FILE_MAX_AGE = 24 * 60 * 60
# A version's page and the national summary: five minutes, then revalidated by their ETag.
PAGE_MAX_AGE = 5 * 60


def _release() -> str:
    # A new release may render the same data differently, so it must not match an old validator.
    try:
        return version("inspectorate")
    except PackageNotFoundError:
        return "unreleased"


def etag_of(*parts: Any, weak: bool = False) -> str:
    """A validator over `parts` (JSON-ready). Weak when the bytes may differ for the same content
    (a page carries a fresh Content-Security-Policy nonce each time)."""
    text = json.dumps([_release(), *parts], sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f'W/"{digest}"' if weak else f'"{digest}"'


def cached_publicly(
    request: HttpRequest,
    *,
    etag: str,
    max_age: int,
    build: Callable[[], HttpResponse],
    last_modified: datetime.datetime | None = None,
) -> HttpResponse:
    """`build()`'s response with the validators and `public, max-age`, or 304 when the client's copy
    (If-None-Match, else If-Modified-Since) is still this one. Someone signed in always gets the
    whole answer: what they hold may be the public's copy of a page that shows them more."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = None
    if not request.user.is_authenticated:
        not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    response = not_modified if isinstance(not_modified, HttpResponse) else build()
    if response is not_modified:
        # The client keeps the body it has, with that body's own Content-Security-Policy: a new
        # policy (with a new nonce) on the 304 would replace the kept one and block the kept page.
        response._csp_exempt = True  # type: ignore[attr-defined]
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=max_age)
    return response
