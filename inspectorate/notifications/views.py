"""The notifications pages: the list of one's own, opening one, marking as read, turning e-mail off.
Every change is a POST; a notification the user may not see is 404 (it may as well not exist)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .models import Notification

PER_PAGE = 25


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "notifications/refused.html", {"reason": reason}, status=403)


def _visible(request: HttpRequest, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.restrict(request.user, "view"), pk=pk)


def _list(
    request: HttpRequest, page: str | None = None, email_error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "page_obj": Paginator(services.own(request.user), PER_PAGE).get_page(page),
        "unread": services.unread_count(request.user),
        "email_enabled": services.email_enabled(request.user),
        "has_address": bool(getattr(request.user, "email", "")),
        "email_error": email_error,
    }
    return render(request, "notifications/list.html", context, status=status)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return _list(request, request.GET.get("page"))


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes to what it is about (only ever a path on this
    site; anything else stays on the list)."""
    notification = _visible(request, pk)
    try:
        services.mark_read(request.user, notification)
    except services.NotAllowed as refusal:
        return _refused(request, refusal.reason)
    link = notification.link
    if services.is_local_path(link) and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return HttpResponseRedirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _visible(request, pk)
    try:
        services.mark_read(request.user, notification)
    except services.NotAllowed as refusal:
        return _refused(request, refusal.reason)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    try:
        count = services.mark_all_read(request.user)
    except services.NotAllowed as refusal:
        return _refused(request, refusal.reason)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


@login_required
@require_POST
def notification_email(request: HttpRequest) -> HttpResponse:
    choice = request.POST.get("email", "")
    if choice not in ("on", "off"):
        return _list(request, email_error="Choose whether to get notifications by e-mail", status=400)
    try:
        services.set_email(request.user, choice == "on")
    except services.NotAllowed as refusal:
        return _refused(request, refusal.reason)
    messages.success(request, "Notifications will be e-mailed." if choice == "on" else "No more e-mails.")
    return redirect("notifications:list")
