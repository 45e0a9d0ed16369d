"""Packs are browsed in the admin but changed only by loading a new pack version."""

from django.contrib import admin

from inspectorate.accounts.admin_audit import ReadOnlyAdmin

from .models import Criterion, Framework, GlossaryTerm, Programme


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "name", "period_start", "period_end", "loaded_at")


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "programme", "group", "kinds")
    list_filter = ("programme",)


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("code", "framework", "level", "theme_name", "significant", "dominant")
    list_filter = ("framework__programme", "framework", "level", "significant", "dominant")
    search_fields = ("code", "text")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReadOnlyAdmin):
    list_display = ("term", "meaning", "programme")
    list_filter = ("programme",)
