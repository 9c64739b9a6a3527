from django.apps import AppConfig


class CoreConfig(AppConfig):
    # An app only so that Django finds core/static/ (the report stylesheet).
    name = "core"
    verbose_name = "Merit core"
