"""A URL configuration for the audit tests: the site's own URLs plus a view that records an audit event,
so the request id a real request carries can be checked on the event it writes."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path

from inspectorate.accounts import audit
from inspectorate.forces.models import Force
from inspectorate.urls import urlpatterns as site_urlpatterns


def record_event(request: HttpRequest) -> JsonResponse:
    force = Force.objects.get(code=request.GET.get("force", "durham"))
    with transaction.atomic():
        event = audit.record(request.user, "force.viewed_in_test", force, note="from a request")
    return JsonResponse({"event": event.pk})


urlpatterns = [path("test-audit/record/", record_event), *site_urlpatterns]
