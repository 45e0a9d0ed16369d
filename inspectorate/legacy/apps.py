from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "inspectorate.legacy"
    label = "legacy"
    verbose_name = "Imported published reports"
    default_auto_field = "django.db.models.BigAutoField"
