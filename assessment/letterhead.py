"""The letterhead (kop surat) a scorecard is issued under, and its document numbers.

A superadmin sets, in the Django admin, one letterhead per province (the province reviews
its kabupaten/kota and itself) and one national letterhead (provinsi empty) for everyone
else: the issuing body's name, address and logo, and the pattern of its document numbers,
e.g. ``800/{seq}/BKD/{year}``. A final scorecard gets its number once, inside the finalise
step: the next of a sequence per letterhead and year, counted in the database so that two
finalisations at the same moment never share a number, and rolled back with the step if the
scorecard cannot be stored (no gaps)."""

from __future__ import annotations

import datetime as dt
import string
import uuid
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Instansi

PLACEHOLDERS = {"seq", "year"}
SAFE = set("/.-_ {}")
LOGO_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}
LOGO_MAX_BYTES = 1024 * 1024


def parse_pattern(pattern: str) -> list[str]:
    """The placeholders of a numbering pattern; ValidationError when it is not one."""
    # Letters, digits and the separators of Indonesian document numbers only: the number is
    # also printed inside the CSS string of the page footer.
    odd = sorted({ch for ch in pattern if not (ch.isascii() and ch.isalnum()) and ch not in SAFE})
    if odd:
        raise ValidationError(
            _("Pola nomor hanya boleh memuat huruf, angka, dan / . - _ (bukan: %(chars)s).")
            % {"chars": " ".join(odd)}
        )
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError as exc:
        raise ValidationError(_("Pola nomor tidak sah: kurung kurawal tidak berpasangan.")) from exc
    names = [name for name in fields if name is not None]
    unknown = sorted(set(names) - PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Pola nomor hanya boleh memakai {seq} dan {year}, bukan: %(names)s.")
            % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
        )
    if "seq" not in names:
        raise ValidationError(_("Pola nomor wajib memuat {seq} (nomor urut)."))
    return names


def validate_pattern(pattern: str) -> None:
    parse_pattern(pattern)


def format_number(pattern: str, *, seq: int, year: int, digits: int = 0) -> str:
    """800/{seq}/BKD/{year} with seq 7 and 3 digits -> 800/007/BKD/2026."""
    return pattern.format(seq=str(seq).zfill(digits), year=year)


def validate_logo(upload) -> None:
    """PNG or JPEG by content (not by name), at most 1 MB."""
    size = upload.size or 0
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Logo terlalu besar (%(size)s). Batasnya %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(LOGO_MAX_BYTES)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in LOGO_TYPES:
        raise ValidationError(_("Logo harus berkas PNG atau JPEG (isinya diperiksa)."))


def _logo_path(instance: object, filename: str) -> str:
    # Private: read by the PDF renderer only, never served by URL.
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"kop-surat/{uuid.uuid4().hex}{suffix}"


class Letterhead(models.Model):
    """Kop surat: who issues the scorecards of a province (or, with no province, of the
    national review), and how their documents are numbered."""

    provinsi = models.ForeignKey(
        Instansi,
        verbose_name=gettext_lazy("provinsi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"jenis": Instansi.Jenis.PROVINSI},
        help_text=gettext_lazy(
            "Kartu nilai provinsi ini dan kabupaten/kotanya. Kosong: kop nasional, dipakai "
            "instansi pusat dan provinsi yang belum memiliki kop sendiri."
        ),
    )
    name = models.TextField(
        gettext_lazy("nama penerbit"),
        help_text=gettext_lazy(
            "Satu baris per baris kop, mis. PEMERINTAH PROVINSI JAWA TENGAH, lalu BADAN "
            "KEPEGAWAIAN DAERAH."
        ),
    )
    address = models.TextField(
        gettext_lazy("alamat"),
        blank=True,
        help_text=gettext_lazy("Alamat, telepon, laman, surel; satu atau dua baris."),
    )
    logo = models.FileField(
        gettext_lazy("logo"),
        upload_to=_logo_path,
        max_length=200,
        blank=True,
        validators=[validate_logo],
        help_text=gettext_lazy("PNG atau JPEG, maksimal 1 MB."),
    )
    number_pattern = models.CharField(
        gettext_lazy("pola nomor dokumen"),
        max_length=100,
        default="800/{seq}/BKD/{year}",
        validators=[validate_pattern],
        help_text=gettext_lazy(
            "{seq}: nomor urut per tahun, {year}: tahun penerbitan. Mis. 800/{seq}/BKD/{year}."
        ),
    )
    sequence_digits = models.PositiveSmallIntegerField(
        gettext_lazy("digit nomor urut"),
        default=0,
        help_text=gettext_lazy("Diisi nol di depan sampai sepanjang ini; 0: tanpa nol."),
    )
    updated = models.DateTimeField(gettext_lazy("diubah"), auto_now=True)

    class Meta:
        app_label = "assessment"
        verbose_name = gettext_lazy("kop surat")
        verbose_name_plural = gettext_lazy("kop surat")
        ordering = [F("provinsi__nama").asc(nulls_first=True)]
        constraints = [
            # One per province and one national (a NULL would not count as a duplicate).
            models.UniqueConstraint(
                Coalesce("provinsi", Value(0)),
                name="kop_surat_satu_per_wilayah",
                violation_error_message=gettext_lazy("Wilayah ini sudah memiliki kop surat."),
            )
        ]

    def __str__(self) -> str:
        first_line = self.name.strip().splitlines()[0] if self.name.strip() else "-"
        where = self.provinsi.nama if self.provinsi_id and self.provinsi else _("nasional")
        return f"{first_line} ({where})"

    @property
    def name_lines(self) -> list[str]:
        return [line.strip() for line in self.name.splitlines() if line.strip()]

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def logo_bytes(self) -> bytes | None:
        if not self.logo:
            return None
        try:
            with self.logo.open("rb") as handle:
                return handle.read()
        except OSError:  # a lost file: the kop is printed without its logo
            return None

    @property
    def logo_name(self) -> str:
        """The name the PDF asks its fetcher for: changes with every new upload."""
        return PurePosixPath(self.logo.name or "").name if self.logo else ""


class DocumentSequence(models.Model):
    """The last document number issued under a letterhead in a year."""

    letterhead = models.ForeignKey(Letterhead, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(gettext_lazy("tahun"))
    last = models.PositiveIntegerField(gettext_lazy("nomor terakhir"), default=0)

    class Meta:
        app_label = "assessment"
        verbose_name = gettext_lazy("urutan nomor dokumen")
        verbose_name_plural = gettext_lazy("urutan nomor dokumen")
        constraints = [
            models.UniqueConstraint(
                fields=["letterhead", "year"], name="urutan_nomor_satu_per_kop_per_tahun"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letterhead} {self.year}: {self.last}"


def issuer_for(instansi: Instansi) -> Letterhead | None:
    """The letterhead of the review an agency belongs to: its province's (a kabupaten/kota
    under its province, a province itself), else the national one. One query."""
    province_id = instansi.pk if instansi.jenis == Instansi.Jenis.PROVINSI else instansi.provinsi_id
    condition = Q(provinsi__isnull=True)
    if province_id is not None:
        condition |= Q(provinsi_id=province_id)
    candidates = list(Letterhead.objects.filter(condition).select_related("provinsi"))
    # The province's own letterhead before the national one.
    candidates.sort(key=lambda item: item.provinsi_id is None)
    return candidates[0] if candidates else None


def next_number(letterhead: Letterhead, *, on: dt.date | None = None) -> str:
    """The next document number of the letterhead in the year of `on` (today, local time).

    Must run inside the caller's transaction: the UPDATE locks the year's row until it
    commits, so a second finalisation waits and takes the following number; a rollback gives
    the number back."""
    year = (on or timezone.localdate()).year
    if not DocumentSequence.objects.filter(letterhead=letterhead, year=year).exists():
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the caller intact
                DocumentSequence.objects.create(letterhead=letterhead, year=year, last=0)
        except IntegrityError:
            pass  # created by the other finalisation meanwhile
    rows = DocumentSequence.objects.filter(letterhead=letterhead, year=year)
    rows.update(last=F("last") + 1)
    seq = rows.values_list("last", flat=True).get()
    return format_number(
        letterhead.number_pattern, seq=seq, year=year, digits=letterhead.sequence_digits
    )
