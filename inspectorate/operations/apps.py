from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "inspectorate.operations"
    label = "operations"
    verbose_name = "Running the service: the production server, health, backups"
