"""Write an instrument version as YAML."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from assessment.instrument_io import export_instrument
from assessment.models import Instrument


class Command(BaseCommand):
    help = "Tulis instrumen penilaian sebagai YAML (versi terbaru bila --version tidak diberi)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--version-number", type=int, dest="version_number")

    def handle(self, *args, code: str, version_number: int | None = None, **options):
        instruments = Instrument.objects.filter(code=code).order_by("-version")
        if version_number is not None:
            instruments = instruments.filter(version=version_number)
        instrument = instruments.first()
        if instrument is None:
            raise CommandError(f"Instrumen {code} tidak ditemukan.")
        self.stdout.write(export_instrument(instrument), ending="")
