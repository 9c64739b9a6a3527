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

from . import charts, dates, workflow
from .models import Answer, Assessment, FrozenScorecard, Transition
from .pdf import render_pdf

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


def band_label(result) -> str:
    return result.band.label if result and result.band else ""


def scorecard_context(assessment: Assessment, *, code: str = "", now=None) -> dict:
    """Everything the scorecard template shows."""
    now = now or timezone.now()
    self_result, verified = workflow.compute(assessment)
    has_verified = workflow.any_verified(verified)
    aspects = list(assessment.instrument.aspects.order_by("order"))
    self_by = {a.key: a for a in self_result.aspects}
    ver_by = {a.key: a for a in verified.aspects}
    rows = []
    for aspect in aspects:
        mine, theirs = self_by.get(aspect.pk), ver_by.get(aspect.pk)
        rows.append(
            {
                "aspect": aspect,
                "self": mine,
                "verified": theirs if has_verified else None,
            }
        )
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
    final = assessment.status == Assessment.Status.FINAL
    result = verified if (has_verified and assessment.status in ("verified", "final")) else None
    headline = result or self_result
    bars = charts.aspect_bars(rows, with_verified=has_verified)
    signed_on = next(
        (s.created for s in reversed(timeline) if s.action == Transition.Action.FINALISED), now
    )
    return {
        "assessment": assessment,
        "instansi": assessment.instansi,
        "instrument": assessment.instrument,
        "final": final,
        "headline": headline,
        "headline_is_verified": result is not None,
        "self_result": self_result,
        "verified_result": verified if has_verified else None,
        "category": band_label(headline),
        "rows": rows,
        "answers": answers,
        "timeline": [
            {"step": s, "when": dates.tanggal_jam(s.created), "actor": s.actor} for s in timeline
        ],
        "verifier": verifier,
        "chart": charts.aspect_chart(bars),
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
    self_result, verified = workflow.compute(assessment)
    headline = verified if workflow.any_verified(verified) else self_result
    frozen = FrozenScorecard(
        assessment=assessment,
        code=code,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        instansi_nama=assessment.instansi.nama,
        year=assessment.year,
        total=headline.total if headline.total is not None else Decimal(0),
        category=band_label(headline),
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
    return f"{slug}.pdf" if assessment.status == Assessment.Status.FINAL else f"{slug}-draf.pdf"


def final_bytes(assessment: Assessment) -> bytes:
    """The frozen copy of a final assessment."""
    frozen = current_frozen(assessment)
    if frozen is None:
        # Finalised before scorecards existed: freeze now, once.
        frozen = freeze(assessment)
    return frozen_bytes(frozen)


def scorecard_bytes(assessment: Assessment) -> tuple[bytes, str]:
    """(PDF, file name): the frozen copy of a final assessment, else a fresh draft."""
    if assessment.status == Assessment.Status.FINAL:
        return final_bytes(assessment), file_name(assessment)
    return render_scorecard(assessment), file_name(assessment)


def lookup(code_text: str) -> FrozenScorecard | None:
    code = normalise_code(code_text)
    if not code:
        return None
    return FrozenScorecard.objects.filter(code=code).first()
