from django.apps import AppConfig


class MeritsysConfig(AppConfig):
    # The project package is an app too: the top layer, above every feature app, so the
    # home page and the commands that orchestrate all apps (`demo`, `bersihkan`) live here.
    name = "meritsys"
    verbose_name = "Merit"
