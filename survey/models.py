"""The staff survey of an assessment (the survey part of the 2026 index) and a national
survey result entered instead of it.

Anonymity is a property of these models, not a promise of the views: a Response has no
field for a person, an address or a time finer than the day, and nothing links it to the
invitation it used (tests/survey/test_anonymity.py pins the field list)."""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import UnitKerja
from assessment.models import Assessment


def new_code() -> str:
    """The survey's public code in its link: 12 URL-safe characters (72 random bits)."""
    return secrets.token_urlsafe(9)


def new_token() -> str:
    """A single-use invitation: 16 URL-safe characters (96 random bits)."""
    return secrets.token_urlsafe(12)


class Survey(models.Model):
    """One survey of an agency's staff for one assessment. Its items, scale, target and
    minimum group size are copied from the instrument when it opens, so a later instrument
    edit never changes a running survey."""

    class Status(models.TextChoices):
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("penilaian mandiri"),
        on_delete=models.CASCADE,
        related_name="staff_survey",
    )
    code = models.CharField(_("kode tautan"), max_length=20, unique=True, default=new_code)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    invitation_only = models.BooleanField(
        _("hanya dengan undangan"),
        default=False,
        help_text=_(
            "Bila dicentang, survei hanya dapat diisi melalui tautan undangan sekali pakai."
        ),
    )
    # Copied from the instrument's survey definition.
    items = models.JSONField(_("butir pernyataan"), default=list)
    scale = models.JSONField(_("skala jawaban"), default=list)
    target_responses = models.PositiveIntegerField(_("target jumlah jawaban"))
    min_group_size = models.PositiveSmallIntegerField(_("ukuran kelompok minimum"))
    provisional = models.BooleanField(_("sementara"), default=True)
    note = models.TextField(_("catatan"), blank=True)

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened = models.DateTimeField(_("dibuka"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed = models.DateTimeField(_("ditutup"), null=True, blank=True)
    # Fixed when the survey closes.
    score = models.DecimalField(
        _("nilai survei (0-1)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    mean = models.DecimalField(
        _("rata-rata jawaban"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    closed_responses = models.PositiveIntegerField(_("jumlah jawaban saat ditutup"), default=0)

    class Meta:
        verbose_name = _("survei pegawai")
        verbose_name_plural = _("survei pegawai")
        ordering = ["-opened"]

    def __str__(self) -> str:
        return f"Survei pegawai {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def scale_values(self) -> list[int]:
        return sorted(int(point["value"]) for point in self.scale)

    @property
    def item_codes(self) -> list[str]:
        return [str(item["code"]) for item in self.items]


class Response(models.Model):
    """One person's answers. Deliberately no user, name, NIP, address, invitation or time of
    day: only the survey, the unit the person chose (optional) and the date."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(_("tanggal"), default=timezone.localdate)
    # {item code: scale value}
    values = models.JSONField(_("jawaban"), default=dict)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [models.Index(fields=["survey", "unit"], name="survei_jawaban_unit")]

    def __str__(self) -> str:
        return f"{self.survey} {self.submitted_on}"


class Invitation(models.Model):
    """A single-use link. Marked used when answered; it never says by whom, when, or which
    response came through it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(_("token"), max_length=30, unique=True, default=new_token)
    used = models.BooleanField(_("sudah dipakai"), default=False)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


def national_evidence_path(instance: NationalSurveyResult, filename: str) -> str:
    # Private and unguessable, under survei/ (agencies.files.PRIVATE_FOLDERS).
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    token = uuid.uuid4().hex
    return f"survei/nasional/{token[:2]}/{token}{suffix}"


class NationalSurveyResult(models.Model):
    """The result of the national survey, run outside Merit, entered with its evidence."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("penilaian mandiri"),
        on_delete=models.CASCADE,
        related_name="national_survey_results",
    )
    score = models.DecimalField(_("nilai survei (0-1)"), max_digits=5, decimal_places=4)
    responses = models.PositiveIntegerField(_("jumlah responden"))
    note = models.TextField(_("catatan"), blank=True)
    file = models.FileField(_("bukti"), upload_to=national_evidence_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("dimasukkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("hasil survei nasional")
        verbose_name_plural = _("hasil survei nasional")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Survei nasional {self.assessment}: {self.score}"
