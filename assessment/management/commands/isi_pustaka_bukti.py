"""Put the evidence uploaded before the evidence library into it (run once after upgrading;
running it again does nothing more)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessment.evidence import backfill_library


class Command(BaseCommand):
    help = (
        "Masukkan bukti dukung yang diunggah sebelum ada pustaka bukti ke pustaka instansinya "
        "(satu dokumen per isi berkas; salinan ganda dihapus)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Hitung saja, jangan ubah.")

    def handle(self, *args, dry_run: bool = False, **options):
        report = backfill_library(dry_run=dry_run)
        verb = "akan" if dry_run else "sudah"
        self.stdout.write(
            f"{report.attached} bukti {verb} masuk pustaka: {report.documents} dokumen baru"
            + ("" if dry_run else f", {report.copies_deleted} salinan ganda dihapus")
            + "."
        )
        for public_id in report.missing:
            self.stderr.write(f"Berkas bukti {public_id} tidak ditemukan di penyimpanan; dilewati.")
