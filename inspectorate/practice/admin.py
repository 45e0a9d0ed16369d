"""Practice examples change only through their services, which check and audit each change; here they
are only looked at."""

from django.contrib import admin

from inspectorate.accounts.admin_audit import ReadOnlyAdmin

from .models import Adoption, PracticeExample


@admin.register(PracticeExample)
class PracticeExampleAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "force",
        "framework",
        "status",
        "evaluated_by_force",
        "transferable",
        "submitted_at",
    ]
    list_filter = ["status", "programme", "force"]
    search_fields = ["title", "problem", "solution"]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["example", "adopting_force", "adopted_on", "recorded_by"]
