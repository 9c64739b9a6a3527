"""ASN records and the reference tables they use (loaded from fixtures/referensi.json)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Instansi, UnitKerja

from . import nip as nip_rules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a type only: django-stubs is a dev dependency


class StatusKepegawaian(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"


class Golongan(models.Model):
    """PNS golongan/ruang with pangkat (I/a Juru Muda ... IV/e Pembina Utama) and the PPPK
    golongan I..XVII (no pangkat)."""

    kode = models.CharField(_("kode BKN"), max_length=10, unique=True)
    nama = models.CharField(_("golongan"), max_length=10)
    pangkat = models.CharField(_("pangkat"), max_length=60, blank=True)
    untuk_pppk = models.BooleanField(_("golongan PPPK"), default=False)
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")
        ordering = ["untuk_pppk", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["nama", "untuk_pppk"], name="golongan_nama_unik")
        ]

    def __str__(self) -> str:
        return f"{self.nama} {self.pangkat}".strip() if self.pangkat else self.nama


class Pendidikan(models.Model):
    """Education level by BKN code (05 SD ... 50 S-3)."""

    kode = models.CharField(_("kode BKN"), max_length=4, unique=True)
    nama = models.CharField(_("jenjang"), max_length=30)

    class Meta:
        verbose_name = _("tingkat pendidikan")
        verbose_name_plural = _("tingkat pendidikan")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class JenisJabatan(models.Model):
    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("jenis jabatan"), max_length=60)
    manajerial = models.BooleanField(_("manajerial"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("jenis jabatan")
        verbose_name_plural = _("jenis jabatan")
        ordering = ["urutan"]

    def __str__(self) -> str:
        return self.nama


class EmployeeQuerySet(models.QuerySet):
    def active(self) -> EmployeeQuerySet:
        return self.filter(aktif=True)

    def search(self, text: str) -> EmployeeQuerySet:
        text = text.strip()
        if not text:
            return self
        digits = nip_rules.normalise(text)
        if digits.isdigit():
            return self.filter(nip__startswith=digits)
        return self.filter(nama__icontains=text)


class Employee(models.Model):
    class JenisKelamin(models.TextChoices):
        LAKI_LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    class JenjangFungsional(models.TextChoices):
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        PEMULA = "pemula", _("Pemula")
        TERAMPIL = "terampil", _("Terampil")
        MAHIR = "mahir", _("Mahir")
        PENYELIA = "penyelia", _("Penyelia")

    class AlasanNonaktif(models.TextChoices):
        PENSIUN = "pensiun", _("Pensiun")
        PINDAH = "pindah", _("Pindah instansi")
        MENINGGAL = "meninggal", _("Meninggal dunia")
        DIBERHENTIKAN = "diberhentikan", _("Diberhentikan")
        LAINNYA = "lainnya", _("Lainnya")

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    status = models.CharField(
        _("status kepegawaian"), max_length=4, choices=StatusKepegawaian.choices
    )
    # No index of their own on the three reference keys: every import writes each index of
    # this table for every row, and nothing looks employees up by them across agencies (a
    # superadmin deleting a reference row waits for one scan of the table instead).
    golongan = models.ForeignKey(
        Golongan,
        verbose_name=_("golongan/ruang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    jabatan = models.CharField(_("nama jabatan"), max_length=250, blank=True)
    jenis_jabatan = models.ForeignKey(
        JenisJabatan,
        verbose_name=_("jenis jabatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    jenjang_fungsional = models.CharField(
        _("jenjang jabatan fungsional"),
        max_length=20,
        choices=JenjangFungsional.choices,
        blank=True,
    )
    # The agency and the unit are the first columns of the indexes in Meta: an index of
    # their own would only cost every import a second write.
    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="pegawai",
        db_index=False,
    )
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai",
        db_index=False,
    )
    pendidikan = models.ForeignKey(
        Pendidikan,
        verbose_name=_("pendidikan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    alasan_nonaktif = models.CharField(
        _("alasan nonaktif"), max_length=20, choices=AlasanNonaktif.choices, blank=True
    )
    keterangan_nonaktif = models.CharField(_("keterangan nonaktif"), max_length=250, blank=True)
    created = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated = models.DateTimeField(_("diubah"), auto_now=True)
    # What the last import wrote this record from: a digest of the file row, the import's
    # reading context and `updated` (employees.pegawai_import). A re-import finding the same
    # digest skips the row as unchanged; any other save changes `updated` and so voids it.
    import_fingerprint = models.CharField(max_length=32, blank=True, default="", editable=False)
    # The history is read per employee (its `id`, indexed) and by date; an index per copied
    # field would make every import write seven more index entries per row.
    history = HistoricalRecords(
        excluded_fields=["updated", "import_fingerprint"],
        no_db_index=["nip", "golongan", "jenis_jabatan", "instansi", "unit", "pendidikan"],
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama", "nip"]
        indexes = [
            models.Index(fields=["instansi", "aktif", "nama"], name="pegawai_instansi_nama"),
            models.Index(fields=["unit", "aktif"], name="pegawai_unit"),
            # The import looks for one person stored under another NIP: same upper-case
            # name and birth date in the agency.
            models.Index(
                "instansi", "tanggal_lahir", Upper("nama"), name="pegawai_instansi_lahir_nama"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        """The name as written on official letters: front title, name, comma, back title."""
        name = f"{self.gelar_depan} {self.nama}".strip()
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    @property
    def tmt_pengangkatan_label(self) -> str:
        """The name of the `tmt_cpns` date for this employee: PPPK are appointed without a
        CPNS period, so theirs is the TMT of the PPPK appointment."""
        return str(_("TMT PPPK") if self.status == StatusKepegawaian.PPPK else _("TMT CPNS"))

    def deactivate(self, alasan: str, keterangan: str = "") -> None:
        """Mark the record inactive (retired, moved, died...). Records are never deleted:
        history, assessments and talent maps refer to them."""
        self.aktif = False
        self.alasan_nonaktif = alasan
        self.keterangan_nonaktif = keterangan
        self.save(update_fields=["aktif", "alasan_nonaktif", "keterangan_nonaktif", "updated"])

    def reactivate(self) -> None:
        self.aktif = True
        self.alasan_nonaktif = ""
        self.keterangan_nonaktif = ""
        self.save(update_fields=["aktif", "alasan_nonaktif", "keterangan_nonaktif", "updated"])

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        self.nip = nip_rules.normalise(self.nip)
        nip_errors = nip_rules.validate(
            self.nip,
            status=self.status or None,
            tanggal_lahir=self.tanggal_lahir,
            jenis_kelamin=self.jenis_kelamin or None,
            tmt_cpns=self.tmt_cpns,
        )
        if nip_errors:
            errors["nip"] = list(nip_errors)
        if self.unit is not None and self.instansi_id and self.unit.instansi_id != self.instansi_id:
            errors["unit"] = [_("Unit kerja harus dari instansi pegawai.")]
        pppk = self.status == StatusKepegawaian.PPPK
        if self.status and self.golongan is not None and self.golongan.untuk_pppk != pppk:
            errors["golongan"] = [_("Golongan tidak sesuai dengan status kepegawaian.")]
        if not self.aktif and not self.alasan_nonaktif:
            errors["alasan_nonaktif"] = [_("Alasan wajib diisi untuk pegawai nonaktif.")]
        if errors:
            raise ValidationError(errors)


class TransferRequest(models.Model):
    """An agency asks its province's reviewer to move a civil servant's record to it: the NIP
    is registered elsewhere, and which agency holds it is not the asking agency's to know."""

    nip = models.CharField(_("NIP"), max_length=18)
    instansi = models.ForeignKey(
        "agencies.Instansi",
        verbose_name=_("instansi yang meminta"),
        on_delete=models.PROTECT,
        related_name="permintaan_pindah",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    catatan = models.TextField(_("catatan"), blank=True, max_length=1000)
    created = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan pindah pegawai")
        verbose_name_plural = _("permintaan pindah pegawai")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.nip} ke {self.instansi}"


# The import batches live in their own module; imported here so Django sees the model.
from .importing.models import Alias, ColumnChoice, ImportBatch  # noqa: E402, F401


class Kompetensi(models.Model):
    """One competency of the Permen PANRB 38/2017 dictionary (eight managerial, one
    socio-cultural) or a technical one an agency assesses. The list is data
    (fixtures/referensi.json, extended in the admin), never code."""

    class Kelompok(models.TextChoices):
        MANAJERIAL = "manajerial", _("Manajerial")
        SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
        TEKNIS = "teknis", _("Teknis")

    kode = models.SlugField(_("kode"), max_length=60, unique=True)
    nama = models.CharField(_("nama kompetensi"), max_length=120)
    kelompok = models.CharField(_("kelompok"), max_length=20, choices=Kelompok.choices)
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    alias = models.CharField(
        _("nama kolom lain"),
        max_length=250,
        blank=True,
        help_text=_("Judul kolom lain di berkas hasil asesmen, dipisah titik koma."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["urutan", "kode"]

    def __str__(self) -> str:
        return self.nama

    @property
    def aliases(self) -> list[str]:
        return [a.strip() for a in self.alias.split(";") if a.strip()]


LEVEL_KOMPETENSI = range(1, 6)


class HasilKompetensiQuerySet(models.QuerySet):
    def latest_per_employee(self) -> HasilKompetensiQuerySet:
        """The newest result of each employee (by date, then entry): the one that counts."""
        newest = HasilKompetensi.objects.filter(
            employee_id=models.OuterRef("employee_id")
        ).order_by("-tanggal", "-pk")
        return self.filter(pk=models.Subquery(newest.values("pk")[:1]))


class HasilKompetensi(models.Model):
    """One competency assessment of one employee (assessment centre or competency test):
    its date, the assessor institution and a level 1-5 per competency (NilaiKompetensi)."""

    class Metode(models.TextChoices):
        # Which JPM band set applies follows from the method (talent/data/jpm_kategori.json).
        PEMETAAN = "pemetaan", _("Pemetaan / assessment center")
        UJI_KOMPETENSI = "uji_kompetensi", _("Uji kompetensi")

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="hasil_kompetensi",
    )
    tanggal = models.DateField(_("tanggal asesmen"))
    metode = models.CharField(
        _("metode"), max_length=20, choices=Metode.choices, default=Metode.PEMETAAN
    )
    lembaga = models.CharField(_("lembaga asesor"), max_length=200, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=250, blank=True)
    updated = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    objects = HasilKompetensiQuerySet.as_manager()

    class Meta:
        verbose_name = _("hasil asesmen kompetensi")
        verbose_name_plural = _("hasil asesmen kompetensi")
        ordering = ["-tanggal", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tanggal", "metode"], name="hasil_kompetensi_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_metode_display()} {self.tanggal:%d-%m-%Y} {self.lembaga}".strip()

    def levels(self) -> dict[str, int]:
        """kompetensi kode -> level (uses prefetched nilai when there)."""
        return {n.kompetensi.kode: n.level for n in self.nilai.all()}


class NilaiKompetensi(models.Model):
    hasil = models.ForeignKey(
        HasilKompetensi, verbose_name=_("hasil"), on_delete=models.CASCADE, related_name="nilai"
    )
    kompetensi = models.ForeignKey(
        Kompetensi, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=[(n, str(n)) for n in LEVEL_KOMPETENSI]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["kompetensi__urutan"]
        constraints = [
            models.UniqueConstraint(fields=["hasil", "kompetensi"], name="nilai_kompetensi_unik"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="nilai_kompetensi_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi_id}: {self.level}"
