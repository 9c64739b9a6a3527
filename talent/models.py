"""Talent data: performance and potential records, mapping periods with their settings, the
placements a computation produces, calibrations and target posts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Instansi, UnitKerja
from employees.models import Employee, Golongan, JenisJabatan, Kompetensi, Pendidikan

from . import ninebox


def _choices(name: str, labels: dict[str, str]) -> type[models.TextChoices]:
    """TextChoices built from talent.ninebox's words, so codes and labels have one home."""
    return models.TextChoices(  # type: ignore[call-overload]
        name, [(code.upper(), (code, _(label))) for code, label in labels.items()]
    )


Predikat = _choices("Predikat", ninebox.PREDIKAT_LABEL)
Kinerja = _choices("Kinerja", ninebox.KINERJA_TITLE)
Potensial = _choices("Potensial", ninebox.POTENSIAL_TITLE)
# The work-result and behaviour ratings of an SKP are the kinerja words themselves.
Rating = Kinerja


class PerformanceRecord(models.Model):
    """One SKP result of one employee for one year."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="kinerja"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat SKP"), max_length=20, choices=Predikat.choices)
    hasil_kerja = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    perilaku = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    keterangan = models.CharField(_("keterangan"), max_length=250, blank=True)
    # Components of weighted performance profiles (e.g. after Keputusan Kepala BKN
    # 411/2025), each 0-100; blank where the agency does not score them.
    nilai_penghargaan = models.DecimalField(
        _("nilai penghargaan"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_penugasan_tim = models.DecimalField(
        _("nilai penugasan tim"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_umpan_balik_360 = models.DecimalField(
        _("nilai umpan balik 360 derajat"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    updated = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    COMPONENT_FIELDS = {
        "penghargaan": "nilai_penghargaan",
        "penugasan_tim": "nilai_penugasan_tim",
        "umpan_balik_360": "nilai_umpan_balik_360",
    }

    class Meta:
        verbose_name = _("data kinerja (SKP)")
        verbose_name_plural = _("data kinerja (SKP)")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "tahun"], name="kinerja_satu_per_tahun")
        ]

    def __str__(self) -> str:
        return f"SKP {self.tahun} {self.get_predikat_display()}"

    def save(self, *args, **kwargs) -> None:
        self.derive_predikat()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if bool(self.hasil_kerja) != bool(self.perilaku):
            raise ValidationError(
                _("Isi rating hasil kerja dan perilaku keduanya, atau kosongkan keduanya.")
            )
        errors = {
            name: _("Nilai harus antara 0 dan 100.")
            for name in self.COMPONENT_FIELDS.values()
            if (value := getattr(self, name)) is not None and not 0 <= value <= 100
        }
        if errors:
            raise ValidationError(errors)
        self.derive_predikat()

    def derive_predikat(self) -> None:
        """With both ratings known the predicate follows from the Permen PANRB 6/2022 matrix,
        as the agency's mapping period for that SKP year holds it (the default without one).
        The computation derives it again from the period's matrix, so a later change of the
        matrix cannot leave a stale predicate in the grid."""
        if self.hasil_kerja and self.perilaku:
            matriks = MappingPeriod.skp_matrix(self.employee.instansi_id, self.tahun)
            self.predikat = ninebox.derive_predikat(self.hasil_kerja, self.perilaku, matriks)


class PotentialRecord(models.Model):
    """An assessment result (score or job-person-match %) and the components an agency's
    weighted formula may use, each on 0-100."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="potensial"
    )
    tanggal = models.DateField(_("tanggal asesmen"))
    sumber = models.CharField(_("sumber"), max_length=200, blank=True)
    skor = models.DecimalField(
        _("skor asesmen / JPM (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_pendidikan = models.DecimalField(
        _("nilai pendidikan"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_pelatihan = models.DecimalField(
        _("nilai pelatihan"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_pangkat = models.DecimalField(
        _("nilai pangkat"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_rekam_jejak = models.DecimalField(
        _("nilai rekam jejak"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_tes_potensi = models.DecimalField(
        _("nilai tes potensi"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nilai_kesesuaian_bidang = models.DecimalField(
        _("nilai kesesuaian bidang pendidikan"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    COMPONENT_FIELDS = {
        "skor": "skor",
        "pendidikan": "nilai_pendidikan",
        "pelatihan": "nilai_pelatihan",
        "pangkat": "nilai_pangkat",
        "rekam_jejak": "nilai_rekam_jejak",
        "tes_potensi": "nilai_tes_potensi",
        "kesesuaian_bidang": "nilai_kesesuaian_bidang",
    }

    class Meta:
        verbose_name = _("data potensial")
        verbose_name_plural = _("data potensial")
        ordering = ["-tanggal", "-pk"]
        indexes = [models.Index(fields=["employee", "tanggal"], name="potensial_pegawai_tgl")]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.sumber}".strip()

    def clean(self) -> None:
        errors = {}
        for name in self.COMPONENT_FIELDS.values():
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                errors[name] = _("Nilai harus antara 0 dan 100.")
        if all(getattr(self, name) is None for name in self.COMPONENT_FIELDS.values()):
            errors["skor"] = _("Isi skor asesmen atau setidaknya satu komponen.")
        if errors:
            raise ValidationError(errors)


class HukumanDisiplin(models.Model):
    """A disciplinary sanction, kept as simply as the eligibility rule needs."""

    class Tingkat(models.TextChoices):
        RINGAN = "ringan", _("Ringan")
        SEDANG = "sedang", _("Sedang")
        BERAT = "berat", _("Berat")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="hukuman"
    )
    tingkat = models.CharField(_("tingkat"), max_length=10, choices=Tingkat.choices)
    tanggal = models.DateField(_("tanggal keputusan"))
    keterangan = models.CharField(_("keterangan"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        ordering = ["-tanggal"]

    def __str__(self) -> str:
        return f"{self.get_tingkat_display()} {self.tanggal:%d-%m-%Y}"


class MappingPeriod(models.Model):
    """One mapping round of one agency (e.g. "2026") with its settings as versioned data."""

    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="periode_talenta",
    )
    nama = models.CharField(_("nama periode"), max_length=40)
    tahun_skp = models.PositiveSmallIntegerField(_("tahun SKP"))
    tanggal_acuan = models.DateField(
        _("tanggal acuan"), help_text=_("Dasar hitung masa hukuman disiplin dan usia pensiun.")
    )
    pengaturan = models.JSONField(_("pengaturan"), default=ninebox.default_settings)
    versi_pengaturan = models.PositiveIntegerField(_("versi pengaturan"), default=1)
    dihitung_pada = models.DateTimeField(_("dihitung pada"), null=True, blank=True)
    dihitung_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dihitung oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dikalibrasi_pada = models.DateTimeField(
        _("dikalibrasi pada"),
        null=True,
        blank=True,
        help_text=_("Diisi saat rapat kalibrasi komite talenta ditutup."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periode pemetaan talenta")
        verbose_name_plural = _("periode pemetaan talenta")
        ordering = ["instansi", "-nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama"], name="periode_talenta_unik")
        ]

    def __str__(self) -> str:
        return f"{self.nama} · {self.instansi}"

    def clean(self) -> None:
        try:
            ninebox.Pengaturan.from_dict(self.pengaturan)
        except ninebox.PengaturanTidakSah as exc:
            raise ValidationError({"pengaturan": str(exc)}) from exc

    @property
    def rules(self) -> ninebox.Pengaturan:
        cached = getattr(self, "_rules", None)
        if cached is None:
            cached = self._rules = ninebox.Pengaturan.from_dict(self.pengaturan)
        return cached

    @classmethod
    def skp_matrix(cls, instansi_id: int | None, tahun: int | None) -> dict[str, dict[str, str]]:
        """The SKP predicate matrix of the agency's latest period for that SKP year, else the
        shipped default."""
        period = (
            cls.objects.filter(instansi_id=instansi_id, tahun_skp=tahun).order_by("-pk").first()
            if instansi_id and tahun
            else None
        )
        return (period.rules if period else ninebox.default_pengaturan()).matriks_predikat

    @classmethod
    def default_date(cls, tahun: int) -> dt.date:
        return dt.date(tahun, 12, 31)


class PlacementQuerySet(models.QuerySet):
    def not_mappable(self) -> PlacementQuerySet:
        return self.filter(kotak_hitung__isnull=True)


class Placement(models.Model):
    """Where one computation put one employee. Unit, job type and golongan are a snapshot
    taken at computation time: the grid shows the mapping as it was decided, and filters on
    it without joining the employee table."""

    # A computation rewrites 100k rows at once: every index and deferred constraint check
    # costs at that scale. The period's own index is covered by the composite indexes below
    # (all lead with the period); job type and golongan are snapshots of two small reference
    # tables whose rows are never deleted while used, so they carry neither an index nor a
    # database constraint. No reference of a placement has a database constraint: the rows
    # are written only by talent.compute, from the period and employees it has just read in
    # the same transaction, and deletions go through Django's on_delete (cascade, set null),
    # which does not need one. The deferred key checks cost a third of the database's time
    # at 100k rows (each one also locks its employee row, a WAL record each); see
    # benchmarks/README.md.
    period = models.ForeignKey(
        MappingPeriod,
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="placements",
        db_index=False,
        db_constraint=False,
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="placements",
        db_constraint=False,
    )
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
    )
    jenis_jabatan = models.ForeignKey(
        JenisJabatan,
        verbose_name=_("jenis jabatan"),
        on_delete=models.SET_NULL,
        null=True,
        db_index=False,
        db_constraint=False,
    )
    golongan = models.ForeignKey(
        Golongan,
        verbose_name=_("golongan"),
        on_delete=models.SET_NULL,
        null=True,
        db_index=False,
        db_constraint=False,
    )
    predikat = models.CharField(
        _("predikat SKP"), max_length=20, choices=Predikat.choices, blank=True
    )
    nilai_potensial = models.DecimalField(
        _("nilai potensial"), max_digits=5, decimal_places=2, null=True
    )
    nilai_kinerja = models.DecimalField(
        _("nilai kinerja"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    kinerja = models.CharField(_("kinerja"), max_length=10, choices=Kinerja.choices, blank=True)
    potensial = models.CharField(
        _("potensial"), max_length=10, choices=Potensial.choices, blank=True
    )
    kotak_hitung = models.PositiveSmallIntegerField(_("kotak hasil hitung"), null=True)
    kotak_kalibrasi = models.PositiveSmallIntegerField(_("kotak kalibrasi"), null=True)
    # The box that counts: calibrated when calibrated, computed otherwise. Stored so the grid
    # groups on one indexed column.
    kotak = models.PositiveSmallIntegerField(_("kotak"), null=True)
    alasan = models.CharField(_("alasan tidak terpetakan"), max_length=40, blank=True)
    penjelasan = models.TextField(_("penjelasan"))
    versi_pengaturan = models.PositiveIntegerField(_("versi pengaturan"))

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("penempatan")
        verbose_name_plural = _("penempatan")
        constraints = [
            models.UniqueConstraint(fields=["period", "employee"], name="penempatan_unik")
        ]
        indexes = [
            models.Index(fields=["period", "kotak_hitung"], name="penempatan_kotak_hitung"),
            models.Index(fields=["period", "kotak"], name="penempatan_kotak"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.kotak or '-'}"

    @property
    def dikalibrasi(self) -> bool:
        return self.kotak_kalibrasi is not None


class CalibrationEvent(models.Model):
    """One move by the talent committee; kept by period and employee so it survives a
    recomputation of the period."""

    period = models.ForeignKey(
        MappingPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="kalibrasi"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="kalibrasi"
    )
    dari_kotak = models.PositiveSmallIntegerField(_("dari kotak"))
    ke_kotak = models.PositiveSmallIntegerField(_("ke kotak"))
    alasan = models.TextField(_("alasan"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True)
    rapat = models.ForeignKey(
        "CalibrationMeeting",
        verbose_name=_("rapat kalibrasi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="perpindahan",
    )
    # Said when the move was made and kept: the committee saw it and moved anyway.
    peringatan = models.CharField(_("peringatan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kalibrasi")
        verbose_name_plural = _("kalibrasi")
        ordering = ["-waktu", "-pk"]

    def __str__(self) -> str:
        return f"{self.dari_kotak} -> {self.ke_kotak}"


class TargetPost(models.Model):
    """A *jabatan target* for which the talent pool yields succession candidates."""

    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="jabatan_target",
    )
    nama_jabatan = models.CharField(_("nama jabatan target"), max_length=250)
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.SET_NULL, null=True, blank=True
    )
    jenis_jabatan = models.ForeignKey(
        JenisJabatan,
        verbose_name=_("jenis jabatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    kritikal = models.BooleanField(
        _("jabatan kritikal"),
        default=False,
        help_text=_("Jabatan strategis atau yang keahliannya langka."),
    )
    golongan_minimal = models.ForeignKey(
        Golongan,
        verbose_name=_("golongan minimal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"untuk_pppk": False},
        related_name="+",
    )
    pendidikan_minimal = models.ForeignKey(
        Pendidikan,
        verbose_name=_("pendidikan minimal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    keterangan = models.TextField(_("keterangan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan target")
        verbose_name_plural = _("jabatan target")
        ordering = ["-kritikal", "nama_jabatan"]

    def __str__(self) -> str:
        return self.nama_jabatan

    def clean(self) -> None:
        if self.unit is not None and self.instansi_id and self.unit.instansi_id != self.instansi_id:
            raise ValidationError({"unit": _("Unit kerja harus dari instansi yang sama.")})


class StandarKompetensi(models.Model):
    """The competency standard of a post (*standar kompetensi jabatan*): the level each
    competency requires. A standard names one post (nama jabatan) or, with the name left
    empty, a post type (jenis jabatan, optionally a functional level) and then applies to
    every post of that type without a standard of its own."""

    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="standar_kompetensi",
    )
    nama_jabatan = models.CharField(
        _("nama jabatan"),
        max_length=250,
        blank=True,
        help_text=_("Kosongkan untuk standar per jenis jabatan."),
    )
    jenis_jabatan = models.ForeignKey(
        JenisJabatan,
        verbose_name=_("jenis jabatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    jenjang_fungsional = models.CharField(
        _("jenjang jabatan fungsional"),
        max_length=20,
        choices=Employee.JenjangFungsional.choices,
        blank=True,
    )
    keterangan = models.CharField(_("keterangan"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        ordering = ["instansi", "nama_jabatan", "jenis_jabatan__urutan", "jenjang_fungsional"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "nama_jabatan", "jenis_jabatan", "jenjang_fungsional"],
                name="standar_kompetensi_unik",
            )
        ]

    def __str__(self) -> str:
        if self.nama_jabatan:
            return self.nama_jabatan
        name = str(self.jenis_jabatan or "")
        if self.jenjang_fungsional:
            name = f"{name} {self.get_jenjang_fungsional_display()}"
        return _("Jenis jabatan %(nama)s") % {"nama": name}

    def clean(self) -> None:
        if not self.nama_jabatan and self.jenis_jabatan_id is None:
            raise ValidationError(_("Isi nama jabatan atau jenis jabatan."))

    def levels(self) -> dict[str, int]:
        """kompetensi kode -> required level (uses prefetched levels when there)."""
        return {lv.kompetensi.kode: lv.level for lv in self.level_set.all()}


class StandarKompetensiLevel(models.Model):
    standar = models.ForeignKey(
        StandarKompetensi,
        verbose_name=_("standar"),
        on_delete=models.CASCADE,
        related_name="level_set",
    )
    kompetensi = models.ForeignKey(
        Kompetensi, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level dipersyaratkan"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("level standar kompetensi")
        verbose_name_plural = _("level standar kompetensi")
        ordering = ["kompetensi__urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["standar", "kompetensi"], name="standar_kompetensi_level_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="standar_kompetensi_level_rentang",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kompetensi_id}: {self.level}"


class RencanaPengembangan(models.Model):
    """One item of an employee's development plan (IDP): closing a competency gap or the
    follow-up of the employee's nine-box box, tracked to completion."""

    class Sumber(models.TextChoices):
        KESENJANGAN = "kesenjangan", _("Kesenjangan kompetensi")
        KOTAK = "kotak", _("Tindak lanjut kotak talenta")
        LAINNYA = "lainnya", _("Lainnya")

    class Bentuk(models.TextChoices):
        KLASIKAL = "klasikal", _("Klasikal")
        NONKLASIKAL = "nonklasikal", _("Nonklasikal")

    class Status(models.TextChoices):
        DIRENCANAKAN = "direncanakan", _("Direncanakan")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        BATAL = "batal", _("Dibatalkan")

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="rencana_pengembangan",
    )
    sumber = models.CharField(_("dasar"), max_length=20, choices=Sumber.choices)
    kompetensi = models.ForeignKey(
        Kompetensi,
        verbose_name=_("kompetensi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kotak = models.PositiveSmallIntegerField(_("kotak talenta"), null=True, blank=True)
    kegiatan = models.CharField(_("kegiatan pengembangan"), max_length=250)
    bentuk = models.CharField(_("bentuk"), max_length=20, choices=Bentuk.choices)
    jam_pelajaran = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"), default=0)
    tenggat = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DIRENCANAKAN
    )
    selesai_pada = models.DateField(_("tanggal selesai"), null=True, blank=True)
    catatan = models.CharField(_("catatan"), max_length=250, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencana pengembangan (IDP)")
        verbose_name_plural = _("rencana pengembangan (IDP)")
        ordering = ["status", "tenggat", "pk"]
        indexes = [models.Index(fields=["employee", "status"], name="idp_pegawai_status")]

    def __str__(self) -> str:
        return self.kegiatan

    def clean(self) -> None:
        errors = {}
        if self.sumber == self.Sumber.KESENJANGAN and self.kompetensi_id is None:
            errors["kompetensi"] = _("Pilih kompetensi yang akan dikembangkan.")
        if self.kotak is not None and not 1 <= self.kotak <= 9:
            errors["kotak"] = _("Kotak talenta antara 1 dan 9.")
        if self.status == self.Status.SELESAI and self.selesai_pada is None:
            errors["selesai_pada"] = _("Isi tanggal selesai.")
        if errors:
            raise ValidationError(errors)


class CalibrationMeeting(models.Model):
    """A meeting of the talent committee (*rapat kalibrasi*): who sat, when, the moves it
    made and its minutes. Closing it marks the period calibrated."""

    period = models.ForeignKey(
        MappingPeriod,
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="rapat_kalibrasi",
    )
    tanggal = models.DateField(_("tanggal rapat"))
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    pimpinan = models.CharField(_("pimpinan rapat"), max_length=200)
    anggota = models.TextField(
        _("anggota komite"), help_text=_("Satu anggota per baris: nama - jabatan.")
    )
    catatan = models.TextField(_("catatan / kesimpulan"), blank=True)
    selesai_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapat kalibrasi")
        verbose_name_plural = _("rapat kalibrasi")
        ordering = ["-tanggal", "-pk"]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} · {self.period}"

    @property
    def terbuka(self) -> bool:
        return self.selesai_pada is None

    def members(self) -> list[str]:
        return [line.strip() for line in self.anggota.splitlines() if line.strip()]
