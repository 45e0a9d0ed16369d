"""API authentication: a bearer token for scripts, the session for the browser, or nobody.

Read endpoints serve the public too, so a request without credentials is let through as the
anonymous user and `restrict()` decides what it sees. Credentials that are present but wrong are
refused rather than silently downgraded to anonymous, so a script with a revoked token fails loudly.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from ninja.security.base import AuthBase

from inspectorate.accounts.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def user_for_token(raw: str) -> Any | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def _csrf_failed(request: HttpRequest) -> bool:
    # Session cookies are sent by browsers automatically, so unsafe methods need Django's CSRF check.
    check = CsrfViewMiddleware(_no_response)
    check.process_request(request)
    return check.process_view(request, _no_response, (), {}) is not None


def _no_response(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the CSRF check never calls the view")


def caller(request: HttpRequest) -> Any:
    """The user an API request acts as (anonymous for the public), as set by ApiAuth."""
    return getattr(request, "auth", None)


class ApiAuth(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, allow_anonymous: bool = True) -> None:
        self.allow_anonymous = allow_anonymous
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                return None
            user = user_for_token(raw.strip())
            if user is not None:
                request.user = user
            return user
        session_user = getattr(request, "user", None)
        if session_user is not None and session_user.is_authenticated:
            if request.method not in SAFE_METHODS and _csrf_failed(request):
                return None
            return session_user
        return AnonymousUser() if self.allow_anonymous else None


public_or_signed_in = ApiAuth(allow_anonymous=True)
signed_in = ApiAuth(allow_anonymous=False)
