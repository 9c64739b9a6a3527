"""Agencies (instansi), their organisational units and the people who use Merit.

These live in one small app that the employees, assessment and talent apps all point at, so
the three share one notion of "whose data is this"."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import formats


class Instansi(models.Model):
    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", _("Pemerintah provinsi")
        KABUPATEN = "kabupaten", _("Pemerintah kabupaten")
        KOTA = "kota", _("Pemerintah kota")
        KEMENTERIAN = "kementerian", _("Kementerian")
        LEMBAGA = "lembaga", _("Lembaga")

    # Kabupaten and kota sit under a province; the others stand alone.
    DAERAH_BAWAHAN = (Jenis.KABUPATEN, Jenis.KOTA)

    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    kode_bkn = models.CharField(_("kode BKN"), max_length=20, unique=True)
    provinsi = models.ForeignKey(
        "self",
        verbose_name=_("provinsi induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="daerah",
        limit_choices_to={"jenis": Jenis.PROVINSI},
        help_text=_("Wajib untuk kabupaten/kota; kosong untuk yang lain."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.jenis in self.DAERAH_BAWAHAN:
            provinsi = self.provinsi
            if provinsi is None:
                raise ValidationError(
                    {"provinsi": _("Kabupaten/kota wajib memiliki provinsi induk.")}
                )
            if provinsi.jenis != self.Jenis.PROVINSI:
                raise ValidationError({"provinsi": _("Instansi induk harus berjenis provinsi.")})
        elif self.provinsi_id is not None:
            raise ValidationError(
                {"provinsi": _("Hanya kabupaten/kota yang memiliki provinsi induk.")}
            )


class UnitKerja(models.Model):
    """One node of an agency's organisational tree (dinas, badan, bidang, seksi...)."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="unit_kerja"
    )
    induk = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_unit",
    )
    kode = models.CharField(_("kode"), max_length=30, blank=True)
    nama = models.CharField(_("nama"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["instansi", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "induk", "nama"], name="unit_kerja_unik_per_induk"
            )
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        induk = self.induk
        if induk is None:
            return
        if induk.instansi_id != self.instansi_id:
            raise ValidationError({"induk": _("Unit induk harus dari instansi yang sama.")})
        node: UnitKerja | None = induk
        seen: set[int] = set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError(
                    {"induk": _("Unit tidak boleh menjadi induk dirinya sendiri.")}
                )
            seen.add(node.pk)
            node = node.induk

    def path(self) -> list[UnitKerja]:
        """The unit and its ancestors, top first."""
        chain: list[UnitKerja] = []
        node: UnitKerja | None = self
        while node is not None and node not in chain:  # a cycle in bad data must not hang
            chain.append(node)
            node = node.induk
        return list(reversed(chain))


class User(AbstractUser):
    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operator")
        ADMIN_INSTANSI = "admin_instansi", _("Admin instansi")
        REVIEWER = "reviewer", _("Peninjau")
        SUPERADMIN = "superadmin", _("Superadmin")

    # Roles whose work is inside exactly one agency.
    ROLES_SATU_INSTANSI = (Role.OPERATOR, Role.ADMIN_INSTANSI)

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.OPERATOR)
    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengguna",
        help_text=_(
            "Operator dan admin: instansinya. Reviewer: provinsi yang ditinjau "
            "(kosong berarti reviewer nasional). Superadmin: kosong."
        ),
    )
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in self.ROLES_SATU_INSTANSI and self.instansi_id is None:
            raise ValidationError(
                {"instansi": _("Operator dan admin instansi wajib memiliki instansi.")}
            )
        if self.role == self.Role.SUPERADMIN and self.instansi_id is not None:
            raise ValidationError({"instansi": _("Superadmin tidak terikat pada satu instansi.")})

    @property
    def is_superadmin(self) -> bool:
        return self.is_superuser or self.role == self.Role.SUPERADMIN

    @property
    def is_reviewer(self) -> bool:
        return self.role == self.Role.REVIEWER

    @property
    def is_admin_instansi(self) -> bool:
        return self.role == self.Role.ADMIN_INSTANSI

    @property
    def is_operator(self) -> bool:
        return self.role == self.Role.OPERATOR

    @property
    def is_national_reviewer(self) -> bool:
        return self.is_reviewer and self.instansi_id is None


# Readable names for the audit log's action codes (the codes stay stable for filtering and
# log collectors; people read these). A code not listed falls back to its family's name.
AUDIT_ACTION_LABELS = {
    "auth.login": _("Masuk"),
    "auth.login_failed": _("Gagal masuk"),
    "auth.logout": _("Keluar"),
    "auth.2fa_enabled": _("Verifikasi dua langkah diaktifkan"),
    "auth.2fa_disabled": _("Verifikasi dua langkah dimatikan"),
    "user.create": _("Pengguna dibuat"),
    "user.activate": _("Pengguna diaktifkan"),
    "user.access_change": _("Hak akses diubah"),
    "unit.create": _("Unit kerja dibuat"),
    "files.cleanup": _("Berkas lama dibersihkan"),
    "assessment.created": _("Penilaian dibuat"),
    "assessment.submitted": _("Penilaian diajukan"),
    "assessment.resubmitted": _("Penilaian diajukan ulang"),
    "assessment.returned": _("Penilaian dikembalikan"),
    "assessment.verified": _("Penilaian diverifikasi"),
    "assessment.finalised": _("Penilaian difinalkan"),
    "assessment.reopened": _("Penilaian dibuka kembali"),
    "assessment.evidence": _("Bukti diunggah"),
    "assessment.evidence_download": _("Bukti dibuka"),
    "assessment.carried_forward": _("Jawaban tahun lalu dibawa"),
    "assessment.correction_factor": _("Faktor koreksi ditetapkan"),
    "assessment.survey_recorded": _("Hasil survei dicatat"),
    "assessment.dashboard_export": _("Dasbor penilaian diekspor"),
    "assessment.phase_schedule": _("Jadwal tahapan diubah"),
    "instrument.current_for_year": _("Instrumen tahun ditetapkan"),
    "scorecard.download": _("Kartu nilai diunduh"),
    "scorecard.bundle": _("Kartu nilai diunduh (zip)"),
    "employees.export": _("Data pegawai diekspor"),
    "employees.data_quality_export": _("Laporan mutu data diekspor"),
    "survey.open": _("Survei dibuka"),
    "survey.close": _("Survei ditutup"),
    "survey.import": _("Hasil survei diimpor"),
    "survey.invitations": _("Undangan survei dibuat"),
    "survey.invitations_print": _("Undangan survei dicetak"),
    "survey.poster": _("Poster survei dicetak"),
    "survey.evidence_download": _("Bukti survei dibuka"),
    "talent.compute": _("Kotak talenta dihitung"),
    "talent.calibrate": _("Kotak talenta dikalibrasi"),
    "talent.export": _("Kotak talenta diekspor"),
    "talent.period.create": _("Periode talenta dibuat"),
    "talent.period.report": _("Laporan talenta dicetak"),
    "talent.period.settings": _("Pengaturan periode talenta diubah"),
    "talent.target.update": _("Jabatan target diubah"),
}
AUDIT_FAMILY_LABELS = {
    "auth": _("Keamanan"),
    "user": _("Pengguna"),
    "import": _("Impor data"),
    "assessment": _("Penilaian"),
    "survey": _("Survei pegawai"),
    "talent": _("Talenta"),
    "scorecard": _("Kartu nilai"),
    "employees": _("Data pegawai"),
}


def audit_action_label(code: str) -> str:
    """`auth.login` -> "Masuk"; an unknown code -> its family's name and the code's tail."""
    if code in AUDIT_ACTION_LABELS:
        return str(AUDIT_ACTION_LABELS[code])
    family, _dot, rest = code.partition(".")
    if family in AUDIT_FAMILY_LABELS:
        tail = rest.replace("_", " ").replace(".", " ")
        return (
            f"{AUDIT_FAMILY_LABELS[family]}: {tail}" if tail else str(AUDIT_FAMILY_LABELS[family])
        )
    return code


class AuditEvent(models.Model):
    """Who did what, when: imports, exports, workflow steps, security events."""

    created = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("pelaku"), on_delete=models.SET_NULL, null=True, blank=True
    )
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.SET_NULL, null=True, blank=True
    )
    action = models.CharField(_("aksi"), max_length=60, db_index=True)
    summary = models.CharField(_("ringkasan"), max_length=500)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{formats.moment(self.created)} {self.action_label}: {self.summary}"

    @property
    def action_label(self) -> str:
        return audit_action_label(self.action)

    @classmethod
    def record(
        cls,
        *,
        action: str,
        summary: str,
        actor: User | None = None,
        instansi: Instansi | None = None,
        **detail: object,
    ) -> AuditEvent:
        if actor is not None and not actor.is_authenticated:
            actor = None
        return cls.objects.create(
            action=action, summary=summary[:500], actor=actor, instansi=instansi, detail=detail
        )
