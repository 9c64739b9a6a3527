"""manage.py impor KIND FILE --instansi KODE_BKN: the import screens' run, from a script."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from agencies.models import Instansi
from employees.importing import engine, services
from employees.importing.kinds import registered_kinds
from employees.importing.models import ImportBatch
from employees.importing.reader import FileProblem


class Command(BaseCommand):
    help = (
        "Impor berkas .xlsx/.csv seperti layar impor: periksa (default), --apply untuk "
        "menyimpan, --skip-invalid untuk menyimpan baris valid saja."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Jenis impor: " + ", ".join(sorted(registered_kinds())))
        parser.add_argument("file", help="Berkas .xlsx atau .csv")
        parser.add_argument("--instansi", required=True, help="Kode BKN instansi tujuan")
        parser.add_argument(
            "--status",
            choices=["PNS", "CPNS", "PPPK"],
            default="",
            help="Status untuk baris yang statusnya tidak terbaca dari berkas",
        )
        parser.add_argument("--apply", action="store_true", help="Simpan bila dapat disimpan")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Dengan --apply: simpan baris valid, lewati baris bermasalah",
        )
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, **options):
        kind = options["kind"]
        if kind not in registered_kinds():
            raise CommandError(
                f"Jenis impor '{kind}' tidak ada; pilih: {', '.join(sorted(registered_kinds()))}."
            )
        instansi = Instansi.objects.filter(kode_bkn=options["instansi"]).first()
        if instansi is None:
            raise CommandError(f"Instansi dengan kode BKN '{options['instansi']}' tidak ada.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            with path.open("rb") as handle:
                batch = services.start_batch(
                    kind=kind,
                    instansi=instansi,
                    user=None,
                    upload=File(handle, name=path.name),
                    status=options["status"],
                    queue=False,
                )
        except FileProblem as problem:
            return self._report(None, str(problem), options)
        engine.run(batch, apply=False)
        if options["apply"] and services.confirm_batch(
            batch, skip_invalid=options["skip_invalid"], queue=False
        ):
            engine.run(batch, apply=True)
        batch.refresh_from_db()
        return self._report(batch, batch.message, options)

    def _report(self, batch: ImportBatch | None, message: str, options: dict) -> None:
        errors = [{"row": None, "column": None, "message": message}] if message else []
        if batch is not None:
            errors += [{"row": r, "column": c, "message": m} for r, c, m in batch.errors]
        result = {
            "status": batch.status if batch is not None else ImportBatch.Status.FAILED,
            "rows": batch.total_rows if batch else 0,
            "new": batch.count_new if batch else 0,
            "changed": batch.count_changed if batch else 0,
            "unchanged": batch.count_unchanged if batch else 0,
            "skipped": batch.count_error if batch else 0,
            "errors": errors,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        else:
            self.stdout.write(
                f"{result['status']}: {result['rows']} baris, {result['new']} baru, "
                f"{result['changed']} berubah, {result['unchanged']} tidak berubah, "
                f"{result['skipped']} bermasalah"
            )
            for error in errors:
                where = f"baris {error['row']}, {error['column']}: " if error["row"] else ""
                self.stderr.write(f"{where}{error['message']}")
        failed = result["status"] == ImportBatch.Status.FAILED
        blocked = errors and not (options["apply"] and result["status"] == "done")
        if failed or blocked:
            raise SystemExit(1)
