from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import dashboard


def home(request: HttpRequest) -> HttpResponse:
    # The public sees what is published; a signed-in user sees a dashboard of what is theirs.
    if request.user.is_authenticated:
        return render(request, "web/dashboard.html", dashboard.for_user(request.user))
    return render(request, "web/home.html", dashboard.public())
