"""ImportBatch: one uploaded file and what became of it, for every kind of import; the
agency's remembered column choices; the alias table of the words files use."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Instansi


def _private_path(batch: ImportBatch, filename: str) -> str:
    # The stored name never reveals the upload's name and cannot be guessed.
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix in {".xlsx", ".csv"} else ""
    return f"impor/{uuid.uuid4().hex}/{uuid.uuid4().hex}{suffix}"


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu pemeriksaan")
        VALIDATING = "validating", _("Sedang diperiksa")
        VALIDATED = "validated", _("Siap ditinjau")
        APPLY_QUEUED = "apply_queued", _("Menunggu penyimpanan")
        APPLYING = "applying", _("Sedang disimpan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.APPLY_QUEUED, Status.APPLYING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis impor"), max_length=40)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    file = models.FileField(_("berkas"), upload_to=_private_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    count_new = models.PositiveIntegerField(_("baru"), default=0)
    count_changed = models.PositiveIntegerField(_("berubah"), default=0)
    count_unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    count_error = models.PositiveIntegerField(_("baris bermasalah"), default=0)
    # [{"row": n, "key": "...", "label": "...", "changes": [[column, old, new], ...]}, ...]
    changes = models.JSONField(_("perubahan"), default=list, blank=True)
    unknown_columns = models.JSONField(_("kolom tidak dikenal"), default=list, blank=True)
    # [[header as written in the file, field or ""], ...] in file order (the mapping form).
    columns = models.JSONField(_("pemetaan kolom"), default=list, blank=True)
    # [[unit name as written, rows naming it], ...] for units missing from the agency's tree.
    missing_units = models.JSONField(_("unit kerja tidak ditemukan"), default=list, blank=True)
    # What the admin chose: {"status": "PNS", "mapping": {header key: field or ""},
    # "units": {unit key: unit id}, "skip_invalid": true}.
    options = models.JSONField(_("pilihan impor"), default=dict, blank=True)
    # A problem with the file as a whole (missing column, unreadable file, crash).
    message = models.TextField(_("pesan"), blank=True)
    # The batch failed because of the file itself (a required column missing, too many rows,
    # a sheet refused): running it again fails the same way, so no retry is offered.
    file_at_fault = models.BooleanField(_("kesalahan pada berkas"), default=False)
    created = models.DateTimeField(_("diunggah"), auto_now_add=True)
    heartbeat = models.DateTimeField(_("terakhir aktif"), default=timezone.now)
    finished = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor berkas")
        verbose_name_plural = _("impor berkas")
        ordering = ["-created"]
        indexes = [models.Index(fields=["instansi", "kind", "-created"], name="impor_instansi")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @contextmanager
    def local_file(self) -> Iterator[Path]:
        """The upload as a file on this machine's disk, for the spreadsheet readers.

        With the default storage that is the stored file itself; with object storage (several
        app servers, STORAGE_BACKEND=s3) it is a temporary copy, removed afterwards."""
        if isinstance(self.file.storage, FileSystemStorage):
            yield Path(self.file.path)
            return
        suffix = PurePosixPath(self.file.name or "").suffix
        with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
            with self.file.open("rb") as stored:
                shutil.copyfileobj(stored, copy)
            copy.flush()
            yield Path(copy.name)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """A running batch whose worker stopped reporting (killed, crashed): retryable.
        Its writes were one transaction, so nothing of it is in the database."""
        limit = dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
        return self.status in self.RUNNING and timezone.now() - self.heartbeat > limit

    @property
    def can_apply(self) -> bool:
        return (
            self.status == self.Status.VALIDATED
            and self.count_error == 0
            and not self.message
            and (self.count_new or self.count_changed) > 0
            and bool(self.file)
        )

    @property
    def can_apply_valid(self) -> bool:
        """Some rows are bad, some good: the good ones may be applied now, the bad ones go
        to the error workbook."""
        return (
            self.status == self.Status.VALIDATED
            and self.count_error > 0
            and not self.message
            and (self.count_new or self.count_changed) > 0
            and bool(self.file)
        )

    @property
    def can_revalidate(self) -> bool:
        """The preview may be run again with other choices (column mapping, units)."""
        return self.status == self.Status.VALIDATED and bool(self.file)

    @property
    def skip_invalid(self) -> bool:
        return bool(self.options.get("skip_invalid"))

    @property
    def can_retry(self) -> bool:
        # Both run the stored file again: impossible once `bersihkan` has deleted it, and
        # useless when the file itself is at fault (it must be fixed and uploaded again).
        failed = (
            self.status == self.Status.FAILED and not self.count_error and not self.file_at_fault
        )
        runnable = self.is_stale or failed
        return runnable and bool(self.file)

    @property
    def errors(self) -> list[list[Any]]:
        """[[row number, column, message], ...] for every error, in file order. Whole: for
        the command line and the tests; the preview pages `problem_rows` instead."""
        return self._problem_list(is_error=True)

    @property
    def warnings(self) -> list[list[Any]]:
        """[[row number, column, message], ...]: plausible-looking doubts that do not block."""
        return self._problem_list(is_error=False)

    def problem_rows(self, *, is_error: bool) -> models.QuerySet[ImportProblem, tuple[Any, ...]]:
        """(row number, column, message) of the batch's errors or warnings, in file order."""
        return (
            ImportProblem.objects.filter(batch=self, is_error=is_error)
            .order_by("pk")
            .values_list("row", "column", "message")
        )

    def _problem_list(self, *, is_error: bool) -> list[list[Any]]:
        return [list(problem) for problem in self.problem_rows(is_error=is_error)]

    def touch(self, **fields: object) -> None:
        """Save progress fields and the heartbeat with one UPDATE."""
        fields["heartbeat"] = timezone.now()
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)


class ImportProblem(models.Model):
    """One error or warning of a batch's rows, a row of its own: a file of 500,000 rows can
    have tens of thousands. Kept as one JSON list on the batch, they were held whole in the
    import's memory and loaded whole by every page of the preview (issue 17)."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("impor"), on_delete=models.CASCADE, related_name="+"
    )
    is_error = models.BooleanField(_("kesalahan (bukan peringatan)"))
    row = models.PositiveIntegerField(_("baris"))
    column = models.CharField(_("kolom"), max_length=200, blank=True)
    message = models.TextField(_("pesan"))

    class Meta:
        verbose_name = _("masalah baris impor")
        verbose_name_plural = _("masalah baris impor")
        # The preview's pages: one batch's errors or warnings in file order.
        indexes = [models.Index(fields=["batch", "is_error", "id"], name="masalah_impor_urut")]

    def __str__(self) -> str:
        return f"{self.row} {self.column}: {self.message}"


class ColumnChoice(models.Model):
    """An agency's answer to "which field is this column?" for a header the importer did not
    know (or knew otherwise), remembered for the agency's next upload of that kind."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis impor"), max_length=40)
    header = models.CharField(_("judul kolom (dinormalkan)"), max_length=200)
    field = models.CharField(_("kolom Merit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("pemetaan kolom impor")
        verbose_name_plural = _("pemetaan kolom impor")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kind", "header"], name="pemetaan_kolom_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or '-'}"


class AliasManager(models.Manager["Alias"]):
    def get_by_natural_key(self, family: str, alias: str) -> Alias:
        return self.get(family=family, alias=alias)


class Alias(models.Model):
    """Another way files write a reference value: "IIIa" for golongan III/a, "SMA" for SLTA,
    "M" for a man. Kept as data (fixtures/referensi.json, extended in the admin), never in
    code; lookups ignore case, spaces and punctuation (`employees.importing.vocab`)."""

    class Family(models.TextChoices):
        PENDIDIKAN = "pendidikan", _("Pendidikan (nilai: kode BKN pendidikan)")
        GOLONGAN = "golongan", _("Golongan PNS (nilai: kode BKN golongan)")
        GOLONGAN_PPPK = "golongan_pppk", _("Golongan PPPK (nilai: kode golongan PPPK)")
        JENIS_JABATAN = "jenis_jabatan", _("Jenis jabatan (nilai: kode jenis jabatan)")
        ESELON = "eselon", _("Eselon (nilai: kode jenis jabatan)")
        JENIS_KELAMIN = "jenis_kelamin", _("Jenis kelamin (nilai: L atau P)")
        STATUS = "status", _("Status kepegawaian (nilai: PNS, CPNS atau PPPK)")
        KEDUDUKAN_HUKUM = "kedudukan_hukum", _("Kedudukan hukum SIASN (nilai: PNS atau PPPK)")
        RATING = "rating", _("Rating SKP (nilai: atas, sesuai, bawah)")
        PREDIKAT = "predikat", _("Predikat kinerja SKP (nilai: kode predikat)")

    family = models.CharField(_("kelompok"), max_length=30, choices=Family.choices)
    alias = models.CharField(_("tulisan di berkas"), max_length=100)
    value = models.CharField(_("berarti"), max_length=30)

    objects = AliasManager()

    class Meta:
        verbose_name = _("alias nilai impor")
        verbose_name_plural = _("alias nilai impor")
        ordering = ["family", "value", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["family", "alias"], name="alias_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.value}"

    def natural_key(self) -> tuple[str, str]:
        return (self.family, self.alias)
