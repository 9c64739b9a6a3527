"""Prepare a newcomer's instance: database, reference data, demo agencies, users and data."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from agencies import demo
from assessment import demo as assessment_demo
from employees import demo as employees_demo
from talent import demo as talent_demo

# Apps built on the employees keep their demo data in their own `demo` module with a
# `populate_demo(agencies, stdout)` function; they run in this order (talent needs assessments'
# agencies and employees in place).
LATER_DEMOS = [assessment_demo, talent_demo]


class Command(BaseCommand):
    help = "Migrate, load reference data and create demo agencies, users and employees."

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees", type=int, default=600, help="Employees per demo agency (default 600)."
        )
        parser.add_argument(
            "--agencies",
            type=int,
            default=0,
            help="Total agencies with employees; above the 7 demo agencies, load-test agencies "
            "(Kabupaten Beban 01..., users operator_beban01...) are added. "
            "E.g. --agencies 30 --employees 1667 for the 50,000-employee load test.",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compile_translations", verbosity=0)
        call_command("loaddata", "referensi", verbosity=0)
        agencies, accounts = demo.populate(options["agencies"])
        self.stdout.write(f"Instansi demo: {len(agencies)}")

        created = employees_demo.populate(agencies, options["employees"])
        self.stdout.write(f"Pegawai demo dibuat: {created}")

        for module in LATER_DEMOS:
            module.populate_demo(agencies, stdout=self.stdout)

        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS("\nMerit siap. Buka http://127.0.0.1:8000/"))
            self.stdout.write(
                f"Masuk dengan salah satu akun berikut, kata sandi: {demo.DEMO_PASSWORD}"
            )
            for account in accounts:
                scope = account.instansi.nama if account.instansi else "semua instansi"
                self.stdout.write(f"  {account.username:<20} {account.role:<15} {scope}")
