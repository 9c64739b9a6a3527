"""Remind agencies and reviewers of a phase deadline within a week (run daily from cron)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from assessment.notices import send_reminders


class Command(BaseCommand):
    help = "Kirim pengingat batas tahapan penilaian (seminggu sebelum batas; sekali per orang)."

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="Anggap hari ini tanggal ini (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Hitung saja, jangan kirim.")

    def handle(self, *args, tanggal: str | None = None, dry_run: bool = False, **options):
        try:
            today = dt.date.fromisoformat(tanggal) if tanggal else None
        except ValueError as exc:
            raise CommandError(f"Tanggal tidak sah: {tanggal} (YYYY-MM-DD).") from exc
        count = send_reminders(today, dry_run=dry_run)
        verb = "akan dikirim" if dry_run else "dikirim"
        self.stdout.write(f"{count} pengingat {verb}.")
