from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Data ASN")

    def ready(self) -> None:
        # Registers the "pegawai" import kind with the import engine, and the data-quality
        # fact (core.facts) that assessment indicators show (#14).
        from . import facts, pegawai_import  # noqa: F401
