"""Load a crosswalk between two instruments from a YAML file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.carry import load_crosswalk_text
from assessment.instrument_checks import InstrumentError


class Command(BaseCommand):
    help = "Muat padanan indikator antarinstrumen dari berkas YAML (divalidasi dahulu)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from exc
        try:
            crosswalk = load_crosswalk_text(text)
        except InstrumentError as exc:
            raise CommandError("Padanan tidak valid:\n- " + "\n- ".join(exc.errors)) from exc
        self.stdout.write(f"Padanan {crosswalk} dimuat ({len(crosswalk.mapping)} indikator).")
