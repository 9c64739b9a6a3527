"""The scorecard: what it shows (built from the assessment in a fixed number of queries),
its PDF, and the frozen final copy with its verification code.

A draft (any status before final) is rendered on request and carries a DRAFT watermark and
no verification code. A final scorecard is rendered once, at finalisation, stored privately
with its SHA-256 and served unchanged afterwards."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import dates
from core.pdf import render_pdf

from . import charts, facts, results
from .models import Answer, Assessment, FrozenScorecard, Transition

TEMPLATE = "assessment/reports/scorecard_pdf.html"
# No 0/O or 1/I: the code is typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SIGNING_STEPS = (Transition.Action.FINALISED, Transition.Action.VERIFIED)


def new_code() -> str:
    """MRT-XXXX-XXXX-XXXX: 60 bits of randomness, not guessable from the assessment."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"MRT-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_code(text: str) -> str:
    """What a person typed (lower case, spaces, missing dashes) as a stored code."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if raw.startswith("MRT"):
        raw = raw[3:]
    if len(raw) != 12:
        return ""
    return f"MRT-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def scorecard_context(assessment: Assessment, *, code: str = "", now=None) -> dict:
    """Everything the scorecard template shows."""
    now = now or timezone.now()
    self_result, verified = results.compute(assessment)
    aspects = list(assessment.instrument.aspects.order_by("order"))
    rows = results.aspect_rows(aspects, self_result, verified)
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("indicator__aspect")
        .order_by("indicator__aspect__order", "indicator__order")
    )
    timeline = list(
        Transition.objects.filter(assessment=assessment)
        .select_related("actor")
        .order_by("created", "pk")
    )
    verifier = next(
        (step.actor for step in reversed(timeline) if step.action in SIGNING_STEPS and step.actor),
        None,
    )
    final = assessment.is_final
    result = results.assessment_result(assessment)
    bars = charts.aspect_bars(rows)
    signed_on = next(
        (s.created for s in reversed(timeline) if s.action == Transition.Action.FINALISED), now
    )
    return {
        "assessment": assessment,
        "instansi": assessment.instansi,
        "instrument": assessment.instrument,
        "final": final,
        # The total that counts now, and the kind of figure it is (printed with it).
        "result": result,
        "self_result": self_result,
        # The verified sum only once it is the result: a partial one counts unverified
        # indicators as the lowest level.
        "verified_result": verified if result.is_verified else None,
        "category": result.category,
        "rows": rows,
        "answers": answers,
        "fact_sections": facts.scorecard_sections(assessment, answers),
        "timeline": [
            {"step": s, "when": dates.tanggal_jam(s.created), "actor": s.actor} for s in timeline
        ],
        "verifier": verifier,
        "chart": charts.aspect_chart(
            bars, ticks=charts.scale_ticks(assessment.instrument.answer_scale)
        ),
        "code": code,
        "generated": dates.tanggal_jam(now),
        "signing_date": dates.tanggal(signed_on),
        "place": assessment.signing_place or assessment.instansi.nama,
        # Only characters safe inside the CSS string of the footer.
        "verify_url": "".join(
            ch for ch in settings.SCORECARD_VERIFY_URL if ch.isalnum() or ch in ":/.-_"
        ),
    }


def scorecard_html(assessment: Assessment, *, code: str = "", now=None) -> str:
    # The printed document is Indonesian whatever language the person's screen uses.
    with translation.override("id"):
        return render_to_string(TEMPLATE, scorecard_context(assessment, code=code, now=now))


def render_scorecard(assessment: Assessment, *, code: str = "", now=None) -> bytes:
    return render_pdf(scorecard_html(assessment, code=code, now=now))


def current_frozen(assessment: Assessment) -> FrozenScorecard | None:
    return (
        FrozenScorecard.objects.filter(assessment=assessment, voided_at__isnull=True)
        .order_by("-created", "-pk")
        .first()
    )


def freeze(assessment: Assessment) -> FrozenScorecard:
    """Render the final scorecard once and store it with its hash and code. Called inside
    the finalise transaction, so a failure here leaves the assessment unfinalised."""
    code = new_code()
    while FrozenScorecard.objects.filter(code=code).exists():  # pragma: no cover - 2^-60
        code = new_code()
    content = render_scorecard(assessment, code=code)
    result = results.assessment_result(assessment)
    frozen = FrozenScorecard(
        assessment=assessment,
        code=code,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        instansi_nama=assessment.instansi.nama,
        year=assessment.year,
        total=result.total if result.total is not None else Decimal(0),
        category=result.category,
    )
    frozen.file.save(f"{code}.pdf", ContentFile(content), save=False)
    frozen.save()
    return frozen


def void(assessment: Assessment, reason: str) -> int:
    """Reopening: the frozen copy no longer stands. Kept, marked void, so its code answers
    "dibatalkan" on the verification page."""
    return FrozenScorecard.objects.filter(assessment=assessment, voided_at__isnull=True).update(
        voided_at=timezone.now(), void_reason=reason
    )


def frozen_bytes(frozen: FrozenScorecard) -> bytes:
    with frozen.file.open("rb") as handle:
        return handle.read()


def file_name(assessment: Assessment) -> str:
    slug = f"kartu-nilai-{assessment.instansi.kode_bkn}-{assessment.year}"
    return f"{slug}.pdf" if assessment.is_final else f"{slug}-draf.pdf"


def final_bytes(assessment: Assessment) -> bytes:
    """The frozen copy of a final assessment."""
    frozen = current_frozen(assessment)
    if frozen is None:
        # Finalised before scorecards existed: freeze now, once.
        frozen = freeze(assessment)
    return frozen_bytes(frozen)


def scorecard_bytes(assessment: Assessment) -> tuple[bytes, str]:
    """(PDF, file name): the frozen copy of a final assessment, else a fresh draft."""
    if assessment.is_final:
        return final_bytes(assessment), file_name(assessment)
    return render_scorecard(assessment), file_name(assessment)


def lookup(code_text: str) -> FrozenScorecard | None:
    code = normalise_code(code_text)
    if not code:
        return None
    return FrozenScorecard.objects.filter(code=code).first()
