from django.apps import AppConfig


class MethodologyConfig(AppConfig):
    name = "inspectorate.methodology"
    label = "methodology"
    verbose_name = "Methodology packs"
