"""Administrators read every notification here (their rule lets them read, never change); people
mark their own as read on their notifications page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from inspectorate.accounts.admin_audit import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "subject"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Notification.objects.restrict(request.user, "view").select_related("recipient")
