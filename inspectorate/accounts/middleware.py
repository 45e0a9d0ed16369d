"""Gives every request an id of the server's own, so audit events written during it can be grouped and
traced, and no client can make its events share an id with someone else's."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
# The id a client or proxy sent in `X-Request-ID`, kept beside the server's for correlation with the
# proxy's logs. It is the client's word only, so it never becomes the audit request id.
current_client_request_id: ContextVar[str] = ContextVar("current_client_request_id", default="")

# A client's id is kept only when it looks like an id, so it cannot smuggle text into logs.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        client_id = incoming if _SAFE_ID.match(incoming) else ""
        request_id = uuid.uuid4().hex
        token = current_request_id.set(request_id)
        client_token = current_client_request_id.set(client_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_client_request_id.reset(client_token)
        response["X-Request-ID"] = request_id
        if client_id:
            response["X-Client-Request-ID"] = client_id
        return response


class RefuseNulInAddressMiddleware:
    """Answers 400 to an address whose path or query string holds a NUL character (`%00`). No page or
    endpoint has a use for one, and PostgreSQL cannot hold or even compare text containing it, so a
    lookup or filter built from such an address would fail there as a server error. Refusing it here,
    once, covers every route, every filter and every query parameter, on every database alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = _nul_in_address(request)
        if where is None:
            return self.get_response(request)
        message = (
            f"The address's {where} contains a NUL character (%00), which no page or endpoint accepts; "
            "remove it and try again."
        )
        if request.path_info.startswith("/api/"):
            # The API's one error shape (inspectorate/api/errors.py), naming the part of the address.
            field = "path" if where == "path" else "query"
            return JsonResponse({"detail": message, "errors": {field: message}}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _nul_in_address(request: HttpRequest) -> str | None:
    """'path' or 'query string' when that part of the address holds a NUL, else None."""
    # The path arrives already percent-decoded; the query string is decoded as Django will decode it.
    if "\x00" in request.path_info or "\x00" in request.path:
        return "path"
    if "\x00" in unquote(request.META.get("QUERY_STRING", ""), errors="replace"):
        return "query string"
    return None


class PrivatePagesMiddleware:
    """Tells browsers and proxies never to keep what a signed-in person (or an API token) was shown:
    working, evidence and evidence files stay off shared caches and out of the browser's history
    cache. What the public sees keeps ordinary caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read after the view: the API sets the token's user on the request, and signing in or out
        # changes who it is.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            del response["Expires"]
        return response
