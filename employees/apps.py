from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Data ASN")

    def ready(self) -> None:
        # Registers the "pegawai" import kind with the import engine.
        from . import facts, pegawai_import  # noqa: F401
