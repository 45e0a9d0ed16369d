"""A URL configuration for the token tests: the site's own URLs plus an API that says who is calling,
guarded by the same authentication as the real API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from inspectorate.api.auth import caller, public_or_signed_in
from inspectorate.urls import urlpatterns as site_urlpatterns

whoami_api = NinjaAPI(urls_namespace="test-whoami", auth=public_or_signed_in, docs_url=None)


@whoami_api.get("/whoami")
def whoami(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    return {
        "username": user.get_username() if user.is_authenticated else None,
        "request_user": request.user.get_username() if request.user.is_authenticated else None,
    }


urlpatterns = [path("test-api/", whoami_api.urls), *site_urlpatterns]
