"""Gives every request an id of the server's own, so audit events written during it can be grouped and
traced, and no client can make its events share an id with someone else's."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

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
