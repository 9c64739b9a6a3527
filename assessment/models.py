"""The merit self-assessment: a versioned instrument (data, loaded from a file) and the
agency's yearly assessment pinned to one instrument version.

The rules (scoring, the path to the next category) live in scoring.py and planning.py; the
workflow steps in workflow.py. Models here hold data and small helpers."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Instansi

from . import scoring


class InstrumentQuerySet(models.QuerySet):
    def for_year(self, year: int) -> InstrumentQuerySet:
        """The instruments an assessment of this year may use: the one a superadmin set as
        current for the year (InstrumentYear), else every version whose years cover it."""
        chosen = InstrumentYear.objects.filter(year=year).values("instrument")
        if chosen.exists():
            return self.filter(pk__in=chosen)
        return self.filter(year_from__lte=year).filter(
            models.Q(year_to__isnull=True) | models.Q(year_to__gte=year)
        )


class Instrument(models.Model):
    """One version of an instrument. Never changed once an assessment uses it: a new
    version is loaded as a new row (see instrument_io.load_instrument)."""

    code = models.SlugField(_("kode"), max_length=60)
    version = models.PositiveIntegerField(_("versi"), default=1)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    year_from = models.PositiveIntegerField(_("berlaku dari tahun"))
    year_to = models.PositiveIntegerField(_("berlaku sampai tahun"), null=True, blank=True)
    scoring_method = models.CharField(_("metode penilaian"), max_length=60)
    derived_note = models.TextField(
        _("catatan sumber"),
        blank=True,
        help_text=_(
            "Diisi bila indikator diturunkan dari deskripsi yang dipublikasikan, bukan lampiran "
            "resmi. Kosong berarti instrumen resmi."
        ),
    )
    weights_note = models.CharField(_("catatan bobot"), max_length=300, blank=True)
    # The staff survey of the regime (items, Likert scale, target, minimum group size), as
    # validated by instrument_io from the file's `survey:` section; {} when there is none.
    survey_definition = models.JSONField(_("definisi survei pegawai"), default=dict, blank=True)
    # The scoring method's own parameters, e.g. the index's split between maturity and survey
    # and the correction factor's range, each with its status (official/provisional) and note.
    scoring_params = models.JSONField(_("parameter metode penilaian"), default=dict, blank=True)
    # The answer scale: [{score, label, value}], e.g. levels 1-4 worth 1-4 points (2019) or
    # maturity levels 1-5 worth 0.2-1.0 (2026). Answers store the score.
    answer_scale = models.JSONField(_("skala jawaban"), default=list, blank=True)
    # The result's scale: {kind: points|index, min, max, decimals, band_step, normalise_divisor}.
    result_scale = models.JSONField(_("skala hasil"), default=dict, blank=True)
    # Whether each fact (weights, bands, split, scale...) is official or provisional, with a
    # note: {fact: {status: official|provisional, note}}. Shown in the UI, never hidden.
    facts = models.JSONField(_("status fakta"), default=dict, blank=True)
    # Four-eyes: the reviewer who finishes verification may not also finalise.
    finalise_by_other_reviewer = models.BooleanField(
        _("finalisasi oleh reviewer lain"),
        default=False,
        help_text=_(
            "Bila dicentang, penilaian hanya dapat difinalkan oleh reviewer yang berbeda dari "
            "yang menyelesaikan verifikasi (empat mata)."
        ),
    )
    loaded_at = models.DateTimeField(_("dimuat"), auto_now_add=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrumen_kode_versi_unik")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_derived(self) -> bool:
        return bool(self.derived_note)

    def is_used(self) -> bool:
        return self.assessments.exists()

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= (self.year_to or year)

    def scale(self) -> scoring.Scale:
        return scoring.Scale.from_data(self.answer_scale)

    @property
    def is_index(self) -> bool:
        return self.result_scale.get("kind") == "index"

    @property
    def decimals(self) -> int:
        return int(self.result_scale.get("decimals", 2))

    @property
    def result_min(self) -> Decimal:
        return Decimal(str(self.result_scale["min"]))

    @property
    def result_max(self) -> Decimal:
        return Decimal(str(self.result_scale["max"]))

    def normalise(self, value: Decimal | None) -> Decimal | None:
        """A result on the common 0..1 scale used to compare years across instruments."""
        if value is None:
            return None
        divisor = Decimal(str(self.result_scale.get("normalise_divisor", 1)))
        return (value / divisor).quantize(Decimal("0.001"))

    def provisional_facts(self) -> list[tuple[str, str]]:
        """(fact, note) for every fact of this instrument that is not official."""
        return [
            (key, str(fact.get("note", "")))
            for key, fact in self.facts.items()
            if fact.get("status") != "official"
        ]

    def caveats(self) -> list[str]:
        """What a reader must know before trusting the figures, as the pages show it: the
        derived-instrument note, the weights note, each provisional fact."""
        notes = [self.derived_note, self.weights_note]
        notes += [note or key for key, note in self.provisional_facts()]
        return [note for note in notes if note]

    def level_names(self) -> dict[int, str]:
        """Score -> the scale's name for it, where it has one beyond the number itself."""
        return {
            int(item["score"]): str(item["label"])
            for item in self.answer_scale
            if str(item.get("label", "")) not in ("", str(item["score"]))
        }

    def level_choices(self) -> list[tuple[int, str]]:
        return [
            (int(item["score"]), f"{item['score']} {item.get('label', '')}".strip())
            for item in self.answer_scale
        ]

    def band_for(self, total: Decimal | None) -> CategoryBand | None:
        """The instrument's category for a total: the one conversion from a score to a
        band (scoring.category decides; prefetch `bands` to keep lists query-free)."""
        if total is None:
            return None
        return scoring.category(total, list(self.bands.all()))

    @property
    def min_level(self) -> int:
        """The lowest level an indicator can take on this instrument's scale."""
        return self.scale().lowest

    @property
    def max_level(self) -> int:
        """The highest level an indicator can take on this instrument's scale."""
        return self.scale().highest

    @property
    def level_range(self) -> list[int]:
        return self.scale().scores


class Crosswalk(models.Model):
    """How one instrument's indicators map onto another's, to carry last year's answers into
    this year's assessment as suggestions to re-check. Loaded from a YAML file (carry.py)."""

    from_code = models.SlugField(_("dari instrumen"), max_length=60)
    to_code = models.SlugField(_("ke instrumen"), max_length=60)
    version = models.PositiveIntegerField(_("versi"), default=1)
    note = models.TextField(_("catatan"), blank=True)
    provisional = models.BooleanField(_("sementara"), default=True)
    # Old answer score -> suggested new score.
    levels = models.JSONField(_("padanan level"), default=dict)
    # [{"to": new indicator code, "from": [old indicator codes]}]
    mapping = models.JSONField(_("padanan indikator"), default=list)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("padanan instrumen")
        verbose_name_plural = _("padanan instrumen")
        ordering = ["from_code", "to_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["from_code", "to_code", "version"], name="padanan_unik")
        ]

    def __str__(self) -> str:
        return f"{self.from_code} -> {self.to_code} (v{self.version})"


class InstrumentYear(models.Model):
    """Which instrument is current for a year, set by a superadmin. Without a row, the
    instruments whose years cover the year are offered."""

    year = models.PositiveIntegerField(_("tahun"), unique=True)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrumen"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("instrumen yang berlaku per tahun")
        verbose_name_plural = _("instrumen yang berlaku per tahun")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.instrument}"


class Aspect(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="aspects")
    order = models.PositiveSmallIntegerField(_("urutan"))
    code = models.SlugField(_("kode"), max_length=60)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2)
    # Whether the weight (and, for a derived aspect, the aspect itself) is provisional.
    provisional = models.BooleanField(_("sementara"), default=False)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("aspek")
        verbose_name_plural = _("aspek")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "order"], name="aspek_urutan_unik"),
            models.UniqueConstraint(fields=["instrument", "code"], name="aspek_kode_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class SubAspect(models.Model):
    """A second level under an aspect where the regime has one (7.2 Pemberhentian). Its weight
    is its percent within the aspect."""

    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="sub_aspects")
    order = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    weight = models.DecimalField(_("bobot dalam aspek (%)"), max_digits=5, decimal_places=2)
    provisional = models.BooleanField(_("sementara"), default=False)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("subaspek")
        verbose_name_plural = _("subaspek")
        ordering = ["aspect", "order"]
        constraints = [
            models.UniqueConstraint(fields=["aspect", "order"], name="subaspek_urutan_unik"),
            models.UniqueConstraint(fields=["aspect", "code"], name="subaspek_kode_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="indicators")
    sub_aspect = models.ForeignKey(
        SubAspect,
        verbose_name=_("subaspek"),
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode"), max_length=30)
    question = models.TextField(_("pertanyaan"))
    guidance = models.TextField(_("petunjuk"), blank=True)
    # The checklist of documents expected as evidence: one line per document.
    evidence_expected = models.JSONField(_("bukti dukung yang diharapkan"), default=list)
    # Facts from Merit's own data shown beside the claimed level (#14), with what each level
    # expects: [{"kode": "ninebox_terpetakan", "level": {"3": ">= 50", "4": ">= 80"}}].
    facts = models.JSONField(_("fakta data Merit"), default=list, blank=True)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["aspect__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["aspect", "order"], name="indikator_urutan_unik"),
            models.UniqueConstraint(fields=["aspect", "code"], name="indikator_kode_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.question[:60]}"


class Level(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(_("skor"))
    description = models.TextField(_("uraian"))
    evidence = models.TextField(_("bukti yang mendukung level ini"), blank=True)

    class Meta:
        verbose_name = _("level jawaban")
        verbose_name_plural = _("level jawaban")
        ordering = ["indicator", "score"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "score"], name="level_skor_unik")
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.description[:60]}"


class CategoryBand(models.Model):
    """A result category with its published bounds, e.g. II Kurang 175-249. A band starts
    at its lower bound: a total between two published bands (174.5) belongs to the lower."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="bands")
    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama"), max_length=60)
    lower = models.DecimalField(_("batas bawah"), max_digits=7, decimal_places=2)
    upper = models.DecimalField(_("batas atas"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["instrument", "lower"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return scoring.band_label(self.code, self.name)


class SurveySource(models.TextChoices):
    MERIT = "merit", _("Survei di Merit")
    NASIONAL = "nasional", _("Survei nasional (dimasukkan)")


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan untuk perbaikan")
        VERIFIED = "verified", _("Terverifikasi")
        FINAL = "final", _("Final")

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="penilaian"
    )
    year = models.PositiveIntegerField(_("tahun"))
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrumen"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Kept up to date on every answer save so lists need no per-row computation.
    self_total = models.DecimalField(
        _("nilai mandiri"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    verified_total = models.DecimalField(
        _("nilai verifikasi"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # The staff survey's result (Permen PANRB 19/2025: 25 % of the index), on 0..1, written
    # only by workflow.record_survey_result; and the reviewer's correction factor for
    # violations found (workflow.set_correction_factor).
    survey_score = models.DecimalField(
        _("nilai survei pegawai"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    survey_responses = models.PositiveIntegerField(
        _("jumlah responden survei"), null=True, blank=True
    )
    survey_source = models.CharField(
        _("sumber survei"), max_length=20, choices=SurveySource.choices, blank=True
    )
    survey_note = models.TextField(_("catatan survei"), blank=True)
    correction_factor = models.DecimalField(
        _("faktor koreksi"), max_digits=5, decimal_places=3, default=Decimal(1)
    )
    correction_reason = models.TextField(_("alasan faktor koreksi"), blank=True)
    # The signature block of the scorecard: who signs for the agency, and where.
    signing_place = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    head_name = models.CharField(_("nama kepala instansi"), max_length=200, blank=True)
    head_title = models.CharField(_("jabatan kepala instansi"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP kepala instansi"), max_length=18, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated = models.DateTimeField(_("diubah"), auto_now=True)
    # Fact values frozen at submission and at finalisation (#14): {"diajukan": {...},
    # "final": {...}}, each {"computed_at": iso, "values": {code: [value, numerator, denom]}}.
    fact_snapshots = models.JSONField(_("potret fakta"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penilaian mandiri")
        verbose_name_plural = _("penilaian mandiri")
        ordering = ["-year", "instansi__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "year"], name="penilaian_satu_per_instansi_per_tahun"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}"

    @property
    def agency_may_edit(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def under_review(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.VERIFIED)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    """The agency's answer to one indicator, and the reviewer's verification of it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField(_("level mandiri"), null=True, blank=True)
    justification = models.TextField(_("penjelasan"), blank=True)
    # Optimistic concurrency: a save names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(_("diubah"), null=True, blank=True)

    verified_level = models.PositiveSmallIntegerField(_("level verifikasi"), null=True, blank=True)
    reviewer_note = models.TextField(_("catatan reviewer"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)

    # Return for correction: the reason, and what the answer looked like when it was
    # returned, so that on resubmission the reviewer sees what changed.
    return_requested = models.BooleanField(_("dikembalikan"), default=False)
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    return_snapshot = models.JSONField(null=True, blank=True)

    # Carried forward from last year's assessment through a crosswalk (carry.py): the level
    # it suggests is kept apart and never counts until the agency answers again.
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_level = models.PositiveSmallIntegerField(
        _("level usulan dari tahun lalu"), null=True, blank=True
    )
    needs_recheck = models.BooleanField(_("perlu dicek ulang"), default=False)
    # The agency's answer to a claim the facts do not support (#14); history keeps who/when.
    fact_explanation = models.TextField(_("penjelasan atas fakta"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        ordering = ["indicator__aspect__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="jawaban_satu_per_indikator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator.code}"

    def agency_may_edit(self, assessment: Assessment | None = None) -> bool:
        assessment = assessment or self.assessment
        if assessment.status == Assessment.Status.DRAFT:
            return True
        return assessment.status == Assessment.Status.RETURNED and self.return_requested


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random path: the name tells nothing and cannot be guessed; the original name is kept
    # in a field and given back on download.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    token = uuid.uuid4().hex
    return f"bukti/{token[:2]}/{token}{suffix}"


class EvidenceFile(models.Model):
    """A document in the agency's evidence library: stored once per content (SHA-256) per
    agency, attached to any number of indicators, this year's and later years', through
    Evidence rows. Its dates are the document's own, not the upload's."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran"))
    effective_date = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen pustaka bukti")
        verbose_name_plural = _("pustaka bukti")
        ordering = ["original_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "sha256"], name="pustaka_bukti_satu_per_isi"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def previewable(self) -> bool:
        return is_previewable(self.content_type)


# Shown by the browser's own viewer (inline); everything else is always a download.
PREVIEW_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def is_previewable(content_type: str) -> bool:
    return content_type in PREVIEW_TYPES


class EvidenceQuerySet(models.QuerySet):
    def current(self) -> EvidenceQuerySet:
        """Neither replaced by a newer version nor removed."""
        return self.filter(replaced_by__isnull=True, removed_at__isnull=True)


class Evidence(models.Model):
    """One file attached to one answer. Replacing keeps the old row (replaced_by points at
    the new one); removing keeps the row too (removed_at, removed_by), so the audit trail
    says who took which file away and when."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    # Index into the indicator's evidence_expected checklist; None for "other".
    requirement = models.PositiveSmallIntegerField(_("bukti untuk"), null=True, blank=True)
    # The library document this row attaches (None for rows from before the library); the
    # file name below is the document's, so older code reading Evidence.file keeps working.
    document = models.ForeignKey(
        EvidenceFile,
        verbose_name=_("dokumen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=200, blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded = models.DateTimeField(_("diunggah"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    removed_at = models.DateTimeField(_("dihapus"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Reused from last year's assessment: the same stored file, referenced, not copied.
    reused_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["uploaded", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None and self.removed_at is None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def previewable(self) -> bool:
        return is_previewable(self.content_type)

    def requirement_label(self) -> str:
        """The expected document this file is for, or "Lainnya"."""
        expected = self.answer.indicator.evidence_expected
        if self.requirement is not None and self.requirement < len(expected):
            return str(expected[self.requirement])
        return str(_("Lainnya"))


class Phase(models.TextChoices):
    """The yearly round (KASN/BKN practice): the agency assesses itself, the verifier checks,
    the agency corrects what was returned, the results are fixed."""

    SELF_ASSESSMENT = "penilaian_mandiri", _("Penilaian mandiri")
    VERIFICATION = "verifikasi", _("Verifikasi")
    CORRECTION = "perbaikan", _("Perbaikan")
    RESULTS = "penetapan", _("Penetapan hasil")


class PhaseDate(models.Model):
    """A phase's dates in one year, for every agency (no province) or for the agencies of one
    province, which then override the national dates. Set by the superadmin; a phase without
    a row falls back to the usual calendar in assessment/phases.py."""

    year = models.PositiveIntegerField(_("tahun"))
    provinsi = models.ForeignKey(
        Instansi,
        verbose_name=_("provinsi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"jenis": Instansi.Jenis.PROVINSI},
        help_text=_("Kosongkan untuk semua instansi."),
    )
    phase = models.CharField(_("tahapan"), max_length=20, choices=Phase.choices)
    starts = models.DateField(_("mulai"))
    ends = models.DateField(_("batas akhir"))
    updated = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("jadwal tahapan")
        verbose_name_plural = _("jadwal tahapan")
        ordering = ["year", "provinsi__nama", "starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "provinsi", "phase"], name="phase_date_once_per_province"
            ),
            models.UniqueConstraint(
                fields=["year", "phase"],
                condition=models.Q(provinsi__isnull=True),
                name="phase_date_once_nationally",
            ),
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="phase_date_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        where = self.provinsi or _("semua instansi")
        return f"{self.get_phase_display()} {self.year} ({where})"


class Transition(models.Model):
    """One workflow step, shown as the assessment's timeline."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dibuat")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan untuk perbaikan")
        RESUBMITTED = "resubmitted", _("Diajukan kembali")
        VERIFIED = "verified", _("Verifikasi selesai")
        FINALISED = "finalised", _("Difinalkan")
        REOPENED = "reopened", _("Dibuka kembali")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("langkah"), max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("alasan"), blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment} {self.action}"


def _scorecard_path(instance: object, filename: str) -> str:
    # Private and unguessable: served only through views that check who asks.
    token = uuid.uuid4().hex
    return f"kartu-nilai/{token[:2]}/{token}.pdf"


class FrozenScorecard(models.Model):
    """The final scorecard PDF, rendered once when the assessment is finalised and served
    unchanged afterwards. Its verification code lets anyone check the paper copy.

    Reopening a final assessment voids it (kept, never deleted, so an old printout still
    answers "dibatalkan"); finalising again freezes a new document with a new code."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="frozen_scorecards"
    )
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    file = models.FileField(_("berkas"), upload_to=_scorecard_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran"))
    # What the document says, kept so the verification page never depends on later edits.
    instansi_nama = models.CharField(_("instansi"), max_length=200)
    year = models.PositiveIntegerField(_("tahun"))
    total = models.DecimalField(_("nilai"), max_digits=7, decimal_places=2)
    category = models.CharField(_("kategori"), max_length=80, blank=True)
    # Assigned once, at finalisation, from the issuer's letterhead (letterhead.next_number);
    # empty when no letterhead was set up.
    document_number = models.CharField(_("nomor dokumen"), max_length=100, blank=True)
    created = models.DateTimeField(_("dibuat"), auto_now_add=True)
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    void_reason = models.TextField(_("alasan pembatalan"), blank=True)

    class Meta:
        verbose_name = _("kartu nilai final")
        verbose_name_plural = _("kartu nilai final")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.instansi_nama} {self.year}"

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None


def _draft_path(instance: object, filename: str) -> str:
    token = uuid.uuid4().hex
    return f"kartu-nilai-draf/{token[:2]}/{token}.pdf"


class DraftScorecard(models.Model):
    """The last rendered draft of an assessment's scorecard, kept (privately) while the
    assessment stays as it was: `version` is a hash of everything the scorecard shows
    (scorecard.draft_version), so a download of an unchanged draft is a file read."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="draft_scorecard"
    )
    version = models.CharField(max_length=64)
    file = models.FileField(_("berkas"), upload_to=_draft_path, max_length=200)
    created = models.DateTimeField(_("dibuat"), auto_now=True)

    class Meta:
        verbose_name = _("draf kartu nilai tersimpan")
        verbose_name_plural = _("draf kartu nilai tersimpan")

    def __str__(self) -> str:
        return f"{self.assessment} {self.version[:8]}"


class ScorecardBundle(models.Model):
    """A ZIP of several scorecards built in the background for the user who asked; only
    that user may follow it or download it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    assessment_ids = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    done_count = models.PositiveIntegerField(default=0)
    file = models.FileField(_("berkas"), upload_to="kartu-nilai-zip/", max_length=200)
    message = models.TextField(_("pesan"), blank=True)
    created = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished = models.DateTimeField(_("selesai"), null=True, blank=True)
    # Touched by the worker at every scorecard: a killed worker stops touching it, and the
    # bundle then counts as failed (is_stale) instead of showing a bar that never ends.
    heartbeat = models.DateTimeField(_("tanda hidup"), default=timezone.now)

    class Meta:
        verbose_name = _("unduhan kartu nilai")
        verbose_name_plural = _("unduhan kartu nilai")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{len(self.assessment_ids)} kartu nilai ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Queued or building, but its worker stopped reporting (killed, crashed)."""
        limit = datetime.timedelta(seconds=settings.SCORECARD_BUNDLE_STALE_SECONDS)
        unfinished = self.status in (self.Status.QUEUED, self.Status.RUNNING)
        return unfinished and timezone.now() - self.heartbeat > limit

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def expires(self):
        """When `manage.py bersihkan` deletes the finished ZIP."""
        if self.finished is None:
            return None
        return self.finished + datetime.timedelta(hours=settings.SCORECARD_BUNDLE_KEEP_HOURS)


# --- the province's coaching of its kabupaten/kota (coaching.py holds the rules) ---


class FollowUp(models.Model):
    """A coaching action (tindak lanjut pembinaan) the province records for one of its
    agencies: what is to be done, by whom, by when; the agency answers on its home page."""

    class Status(models.TextChoices):
        OPEN = "open", _("Belum dikerjakan")
        IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    # Statuses that need no more work: never overdue.
    CLOSED = (Status.DONE, Status.CANCELLED)

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="pembinaan"
    )
    year = models.PositiveIntegerField(_("tahun penilaian"))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.TextField(_("tindak lanjut"))
    person = models.CharField(_("penanggung jawab"), max_length=200)
    due = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("catatan pembina"), blank=True)
    response = models.TextField(_("tanggapan instansi"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut pembinaan")
        verbose_name_plural = _("tindak lanjut pembinaan")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}: {self.action[:60]}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def is_overdue(self, today: datetime.date) -> bool:
        """Past its due date and not finished: flagged to both sides."""
        return not self.is_closed and self.due < today


def _commitment_path(instance: object, filename: str) -> str:
    # Private and unguessable, like evidence: served only through a view that checks who asks.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    token = uuid.uuid4().hex
    return f"komitmen/{token[:2]}/{token}{suffix}"


class Commitment(models.Model):
    """The joint commitment (komitmen bersama) an agency's head signed for a year: the
    scanned document and the date it was signed. One per agency and year; a new upload
    replaces the file (the history keeps the old one)."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="komitmen"
    )
    year = models.PositiveIntegerField(_("tahun"))
    signed_on = models.DateField(_("tanggal ditandatangani"))
    file = models.FileField(_("berkas"), upload_to=_commitment_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded = models.DateTimeField(_("diunggah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("komitmen bersama")
        verbose_name_plural = _("komitmen bersama")
        ordering = ["-year", "instansi__nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="komitmen_satu_per_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}"


# The letterhead (kop surat) and its document numbers live in their own module.
from .letterhead import DocumentSequence, Letterhead  # noqa: E402, F401
