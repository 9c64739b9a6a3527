"""Demo assessments in varied states, so a newcomer sees every screen with data.

Called by `manage.py demo`. Idempotent: an agency's assessment for a year that exists is left
as it is. Two regimes: 2025 under the 2019 instrument (finished), 2026 under Permen PANRB
19/2025 (in progress). Kabupaten Contoh has no 2026 assessment, so operator_contoh creates it.

Hook for the staff survey's demo (the `survey` app): `SURVEY_DEMO` names the assessment in
progress under the new regime whose survey runs; `survey.demo.populate_demo` runs after this
module and opens the survey for it."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from agencies.models import Instansi, User

from . import workflow
from .carry import load_crosswalk_text
from .coaching import commitment_save, followup_save
from .evidence import evidence_add, set_document_dates
from .instrument_io import load_instrument_text
from .letterhead import Letterhead
from .models import Assessment, EvidenceFile, FollowUp, Indicator, Instrument, SurveySource

DEFAULT_INSTRUMENT = "fixtures/instrumen/merit-2019.yaml"
INSTRUMENT_FILES = {
    "merit-2019": DEFAULT_INSTRUMENT,
    "merit-2026": "fixtures/instrumen/merit-2026.yaml",
}
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

CROSSWALK_FILES = ["fixtures/instrumen/crosswalk-2019-2026.yaml"]
# (agency name, year, instrument code, final state, share of indicators answered, seed)
PLAN = [
    ("Kabupaten Contoh", 2025, "merit-2019", Assessment.Status.FINAL, 1.0, 11),
    ("Kabupaten Sukamaju", 2025, "merit-2019", Assessment.Status.FINAL, 1.0, 14),
    ("Kota Harapan", 2026, "merit-2026", Assessment.Status.DRAFT, 0.6, 13),
    ("Kabupaten Sukamaju", 2026, "merit-2026", Assessment.Status.SUBMITTED, 1.0, 15),
]
# Paper against practice (#14): Kabupaten Sukamaju claims level 4 on talent management
# (merit-2026 2.1) and submits before its 2026 talent mapping is computed (the talent demo runs
# after this one), so the facts frozen at submission show almost no one mapped and both the
# operator and the reviewer see the claim flagged, with the agency's explanation.
FACT_CLAIMS = {
    ("Kabupaten Sukamaju", 2026): (
        "2.1",
        4,
        "Pemetaan talenta dilakukan berkala dan dikalibrasi oleh tim penilai kinerja.",
        "Pemetaan 2026 masih dihitung; hasil pemetaan dan kalibrasi 2025 terlampir.",
    )
}
# The in-progress assessment whose staff survey the survey app's demo runs.
SURVEY_DEMO = ("Kota Harapan", 2026)
# Kabupaten Sukamaju entered the national survey's result instead (score, responses).
NATIONAL_SURVEY = {("Kabupaten Sukamaju", 2026): (Decimal("0.68"), 152)}


def instrument_by_code(code: str) -> Instrument:
    """The newest loaded version of a shipped instrument, loaded from its file if absent."""
    existing = Instrument.objects.filter(code=code).order_by("-version").first()
    if existing is not None:
        return existing
    path = settings.BASE_DIR / INSTRUMENT_FILES[code]
    instrument, _created = load_instrument_text(path.read_text(encoding="utf-8"))
    return instrument


def default_instrument() -> Instrument:
    return instrument_by_code("merit-2019")


def _actor(instansi: Instansi, roles: tuple[str, ...]) -> User | None:
    return User.objects.filter(instansi=instansi, role__in=roles, is_active=True).first()


def _superadmin() -> User:
    user = User.objects.filter(role=User.Role.SUPERADMIN).first()
    if user is None:
        user = User.objects.filter(is_superuser=True).first()
    return user


def _reviewer(instansi: Instansi) -> User:
    reviewer = User.objects.filter(role=User.Role.REVIEWER, instansi=instansi.provinsi).first()
    return reviewer or User.objects.filter(role=User.Role.REVIEWER).first() or _superadmin()


def _demo_levels(instrument: Instrument) -> list[int]:
    """Mostly the middle of the scale, never the lowest: [2, 3, 3, 3, 4] for levels 1-4."""
    scores = instrument.scale().scores
    return sorted(scores[1:] + [scores[len(scores) // 2]] * 2)


@transaction.atomic
def _build(instansi: Instansi, year: int, status: str, share: float, seed: int, instrument):
    rng = random.Random(seed)
    choices = _demo_levels(instrument)
    operator = _actor(instansi, User.ROLES_SATU_INSTANSI) or _superadmin()
    assessment = workflow.assessment_create(
        instansi=instansi, year=year, instrument=instrument, actor=operator
    )
    answers = list(
        assessment.answers.select_related("indicator").order_by(
            "indicator__aspect__order", "indicator__order"
        )
    )
    for answer in answers[: round(len(answers) * share)]:
        level = rng.choice(choices)
        workflow.answer_save(
            answer=answer,
            actor=operator,
            expected_version=answer.version,
            level=level,
            justification=f"Dokumen pendukung {answer.indicator.code} terlampir (data demo).",
        )
        for index, label in enumerate(answer.indicator.evidence_expected):
            # One document per label and year (a comment line in the PDF): the library
            # stores each content once, so identical bytes would become one document.
            content = DEMO_PDF.replace(b"%%EOF", f"%{label} {year}\n%%EOF".encode(), 1)
            upload = SimpleUploadedFile(f"{label[:60]} {year}.pdf", content, "application/pdf")
            evidence_add(answer=answer, actor=operator, upload=upload, requirement=index)
    _expiring_decree(instansi, operator)
    fact_claim = FACT_CLAIMS.get((instansi.nama, year))
    if fact_claim is not None:
        code, level, justification, explanation = fact_claim
        answer = next(a for a in answers if a.indicator.code == code)
        answer.refresh_from_db()
        answer.assessment = assessment
        workflow.answer_save(
            answer=answer,
            actor=operator,
            expected_version=answer.version,
            level=level,
            justification=justification,
        )
        workflow.answer_explain_facts(answer=answer, actor=operator, explanation=explanation)
    national = NATIONAL_SURVEY.get((instansi.nama, year))
    if national is not None:
        workflow.record_survey_result(
            assessment,
            score=national[0],
            responses=national[1],
            source=SurveySource.NASIONAL,
            user=operator,
            note="Hasil survei keterikatan pegawai nasional (data demo).",
        )
    if status == Assessment.Status.DRAFT:
        return assessment
    workflow.assessment_submit(assessment=assessment, actor=operator)
    if status == Assessment.Status.SUBMITTED:
        return assessment
    reviewer = _reviewer(instansi)
    workflow.accept_self_levels(assessment=assessment, actor=reviewer)
    # A reviewer rarely agrees with everything: lower two indicators by one level.
    for answer in assessment.answers.filter(verified_level__gt=2).order_by(
        "indicator__aspect__order", "indicator__order"
    )[:2]:
        workflow.answer_verify(
            answer=answer,
            actor=reviewer,
            verified_level=answer.verified_level - 1,
            note="Bukti belum mencakup seluruh unit kerja.",
            return_requested=False,
            return_reason="",
        )
    workflow.assessment_verify(assessment=assessment, actor=reviewer)
    workflow.assessment_finalise(assessment=assessment, actor=reviewer)
    return assessment


def _demo_logo() -> bytes:
    """A plain emblem (a shield shape in two colours): the demo's stand-in for a real logo."""
    image = Image.new("RGB", (160, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 10), (140, 10), (140, 90), (80, 150), (20, 90)], fill=(31, 90, 153))
    draw.ellipse((55, 35, 105, 85), fill=(230, 180, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def populate_letterheads(agencies: list[Instansi]) -> None:
    """The kop surat of each demo province and the national one, with a numbering pattern."""
    wanted: list[tuple[Instansi | None, str, str, str]] = [
        (
            None,
            "Badan Kepegawaian Negara\nDeputi Bidang Pengawasan dan Pengendalian",
            "Jl. Mayjen Sutoyo No. 12, Cililitan, Jakarta Timur 13640",
            "{seq}/PENGAWASAN/BKN/{year}",
        )
    ]
    for agency in (a for a in agencies if a.jenis == Instansi.Jenis.PROVINSI):
        wanted.append(
            (
                agency,
                f"Pemerintah {agency.nama}\nBadan Kepegawaian Daerah",
                f"Jl. Pahlawan No. 1, {agency.nama.replace('Provinsi ', 'Kota ')}",
                "800/{seq}/BKD/{year}",
            )
        )
    for region, name, address, pattern in wanted:
        if Letterhead.objects.filter(provinsi=region).exists():
            continue
        letterhead = Letterhead(provinsi=region, name=name, address=address, number_pattern=pattern)
        letterhead.sequence_digits = 3
        letterhead.logo.save("logo.png", ContentFile(_demo_logo()), save=False)
        letterhead.save()


def _expiring_decree(instansi: Instansi, operator: User) -> None:
    """A team decree valid for one year that lapses soon, so the evidence library and the
    new assessment page show what to renew before the next round."""
    document = (
        EvidenceFile.objects.filter(instansi=instansi, original_name__icontains="Keputusan")
        .order_by("pk")
        .first()
    )
    if document is None or document.valid_until is not None:
        return
    today = timezone.localdate()
    set_document_dates(
        document=document,
        actor=operator,
        effective_date=today - dt.timedelta(days=330),
        valid_until=today + dt.timedelta(days=35),
    )


def populate_demo(agencies: list[Instansi], stdout: TextIO | None = None) -> int:
    """Load the shipped instruments and create the demo assessments; return how many were
    created this time."""
    populate_letterheads(agencies)
    instruments = {code: instrument_by_code(code) for code in INSTRUMENT_FILES}
    for path in CROSSWALK_FILES:
        load_crosswalk_text((settings.BASE_DIR / path).read_text(encoding="utf-8"))
    by_name = {agency.nama: agency for agency in agencies}
    created = 0
    for name, year, code, status, share, seed in PLAN:
        instansi = by_name.get(name)
        if instansi is None or Assessment.objects.filter(instansi=instansi, year=year).exists():
            continue
        _build(instansi, year, status, share, seed, instruments[code])
        created += 1
    if stdout is not None:
        stdout.write(f"Penilaian demo dibuat: {created}")
    coaching = populate_coaching(by_name)
    if stdout is not None:
        stdout.write(f"Tindak lanjut pembinaan demo dibuat: {coaching}")
    return created


COACHING_YEAR = 2026
# (agency, indicator code of merit-2026 or "", action, person, days from today to the due
# date, status, the agency's answer): two overdue, one open, one done.
FOLLOWUPS = [
    (
        "Kabupaten Contoh",
        "1.1",
        "Susun analisis jabatan dan beban kerja untuk seluruh perangkat daerah.",
        "Kepala BKPSDM Kabupaten Contoh",
        -14,
        FollowUp.Status.OPEN,
        "",
    ),
    (
        "Kota Sejahtera",
        "",
        "Mulai penilaian mandiri 2026 dan tunjuk operator penilaian.",
        "Sekretaris Daerah Kota Sejahtera",
        -5,
        FollowUp.Status.IN_PROGRESS,
        "Operator sudah ditunjuk; pengisian dimulai bulan ini.",
    ),
    (
        "Kota Harapan",
        "2.1",
        "Lengkapi bukti dukung pengadaan ASN sebelum pengajuan.",
        "Kepala Bidang Pengadaan dan Informasi",
        21,
        FollowUp.Status.OPEN,
        "",
    ),
    (
        "Kabupaten Sukamaju",
        "",
        "Tetapkan rencana suksesi jabatan pimpinan tinggi pratama.",
        "Kepala BKPSDM Kabupaten Sukamaju",
        -30,
        FollowUp.Status.DONE,
        "Keputusan Bupati tentang rencana suksesi sudah ditetapkan.",
    ),
]
# Who signed the joint commitment at the province's coordination meeting, and how many days ago.
COMMITMENTS = [("Kabupaten Contoh", 40), ("Kabupaten Sukamaju", 40), ("Kota Harapan", 33)]


def populate_coaching(by_name: dict[str, Instansi]) -> int:
    """The demo province's coaching: follow-ups (two overdue, one answered) and the joint
    commitment signed by three of its four regencies. Once only: skipped when the province's
    regencies already have follow-ups."""
    agencies = [by_name[name] for name, *_rest in FOLLOWUPS if name in by_name]
    if not agencies or FollowUp.objects.filter(instansi__in=agencies).exists():
        return 0
    reviewer = _reviewer(agencies[0])
    instrument = instrument_by_code("merit-2026")
    today = timezone.localdate()
    created = 0
    for name, code, action, person, days, status, response in FOLLOWUPS:
        instansi = by_name.get(name)
        if instansi is None:
            continue
        indicator = Indicator.objects.filter(aspect__instrument=instrument, code=code).first()
        followup = followup_save(
            followup=FollowUp(
                instansi=instansi,
                year=COACHING_YEAR,
                indicator=indicator,
                action=action,
                person=person,
                due=today + dt.timedelta(days=days),
                status=status,
                notes="Dibahas pada rapat koordinasi provinsi (data demo).",
            ),
            actor=reviewer,
        )
        if response:
            followup.response = response
            followup.responded_by = _actor(instansi, User.ROLES_SATU_INSTANSI)
            followup.responded = timezone.now()
            followup.save(update_fields=["response", "responded_by", "responded"])
        created += 1
    for name, days in COMMITMENTS:
        instansi = by_name.get(name)
        if instansi is None:
            continue
        upload = SimpleUploadedFile("komitmen-bersama.pdf", DEMO_PDF, "application/pdf")
        commitment_save(
            instansi=instansi,
            year=COACHING_YEAR,
            signed_on=today - dt.timedelta(days=days),
            upload=upload,
            actor=reviewer,
        )
    return created
