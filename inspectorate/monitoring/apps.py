from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "inspectorate.monitoring"
    label = "monitoring"
    verbose_name = "Risk-based monitoring"
    default_auto_field = "django.db.models.BigAutoField"
