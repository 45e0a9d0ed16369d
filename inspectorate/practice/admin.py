from django.contrib import admin

from .models import Adoption, PracticeExample


@admin.register(PracticeExample)
class PracticeExampleAdmin(admin.ModelAdmin):
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
    # Changes go through the services, so that each is checked and audited.
    readonly_fields = [f.name for f in PracticeExample._meta.concrete_fields]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["example", "adopting_force", "adopted_on", "recorded_by"]
    readonly_fields = [f.name for f in Adoption._meta.concrete_fields]
