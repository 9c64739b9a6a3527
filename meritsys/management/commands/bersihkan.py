"""Daily housekeeping of stored files (run it from cron or a systemd timer, see
docs/deployment.md): finished scorecard ZIPs, old import spreadsheets, evidence removed
by operators past its retention, orphaned files."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from agencies import throttle
from agencies.files import sweep_orphans
from agencies.models import AuditEvent
from assessment import bundles
from assessment.evidence import purge_removed
from employees.importing import retention


class Command(BaseCommand):
    help = (
        "Hapus ZIP kartu nilai yang kedaluwarsa, berkas impor dan bukti terhapus yang melewati "
        "masa simpan, dan berkas yatim (tanpa catatan)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya hitung; tidak ada yang dihapus."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        counts = {
            "zip": bundles.expire(dry_run=dry_run),
            "impor": retention.expire_files(dry_run=dry_run),
            "bukti": purge_removed(dry_run=dry_run),
            "yatim": sweep_orphans(dry_run=dry_run),
        }
        summary = (
            f"{counts['zip']} ZIP kartu nilai, {counts['impor']} berkas impor, "
            f"{counts['bukti']} bukti yang dihapus operator, {counts['yatim']} berkas yatim"
        )
        if dry_run:
            self.stdout.write(f"Akan dihapus (uji coba, tidak ada yang dihapus): {summary}.")
            return
        # Failed-login counts quiet for a whole window are working memory, not a record.
        throttle.forget_old()
        if any(counts.values()):
            AuditEvent.record(action="files.cleanup", summary=f"Dihapus: {summary}", **counts)
        self.stdout.write(f"Dihapus: {summary}.")
