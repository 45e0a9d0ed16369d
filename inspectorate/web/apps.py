from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "inspectorate.web"
    label = "web"
    verbose_name = "Site shell"
