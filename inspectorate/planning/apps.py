from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "inspectorate.planning"
    label = "planning"
    verbose_name = "Risk register, planning and follow-up"
    default_auto_field = "django.db.models.BigAutoField"
