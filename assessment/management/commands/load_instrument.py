"""Load an instrument version from a YAML file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.instrument_io import InstrumentError, load_instrument_text


class Command(BaseCommand):
    help = "Muat satu versi instrumen penilaian dari berkas YAML (divalidasi dahulu)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from exc
        try:
            instrument, created = load_instrument_text(text)
        except InstrumentError as exc:
            raise CommandError("Instrumen tidak valid:\n- " + "\n- ".join(exc.errors)) from exc
        verb = "dimuat" if created else "diganti"
        self.stdout.write(f"Instrumen {instrument.code} v{instrument.version} {verb}.")
