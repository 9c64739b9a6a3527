"""The scorecard: what it shows (built from the assessment in a fixed number of queries),
its PDF, and the frozen final copy with its verification code and document number.

A draft (any status before final) carries a DRAF watermark and no verification code. It is
rendered once per version of the assessment (`draft_document`: a hash of everything the
scorecard shows) and served from that stored copy until the assessment changes. A final
scorecard is rendered once, at finalisation, under the issuer's letterhead with its document
number, stored privately with its SHA-256 and served unchanged afterwards."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import segno
import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from core import dates
from core.pdf import REPORT_STYLESHEET, StaticOnlyFetcher, render_pdf

from . import charts, facts, results
from .letterhead import Letterhead, issuer_for, next_number
from .models import Answer, Assessment, DraftScorecard, FrozenScorecard, Transition

TEMPLATE = "assessment/reports/scorecard_pdf.html"
# Stands in for the generation time while a draft's version is computed: the time is the
# only thing on the page that changes without the assessment changing.
GENERATED_MARK = "@@dibuat@@"
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


def verification_url(code: str) -> str:
    """The absolute address that checks a code: printed, and encoded in the QR code."""
    path = reverse("assessment:verify_code")
    return f"{settings.SITE_URL}{path}?{urlencode({'kode': code})}"


def qr_svg(url: str) -> SafeString:
    # segno writes the SVG itself from our own URL (SITE_URL and a code of A-Z, 2-9).
    return mark_safe(segno.make(url, error="m").svg_inline(scale=2, border=2))  # noqa: S308


def scorecard_context(
    assessment: Assessment,
    *,
    code: str = "",
    document_number: str = "",
    letterhead: Letterhead | None = None,
    now=None,
    generated: str = "",
) -> dict:
    """Everything the scorecard template shows. `letterhead`: the issuer's (issuer_for);
    `generated`: what to print as the generation time (default: `now`)."""
    now = now or timezone.now()
    self_result, verified, result = results.compute_with_result(assessment)
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
        "verify_url": verification_url(code) if code else "",
        "qr": qr_svg(verification_url(code)) if code else "",
        "document_number": document_number,
        "letterhead": letterhead,
        "caveats": assessment.instrument.caveats(),
        "generated": generated or dates.tanggal_jam(now),
        "signing_date": dates.tanggal(signed_on),
        "place": assessment.signing_place or assessment.instansi.nama,
    }


@dataclass
class Document:
    """A scorecard ready to render: its HTML and the letterhead whose logo it shows."""

    html: str
    letterhead: Letterhead | None = None
    version: str = ""
    images: dict[str, bytes] = field(default_factory=dict)

    def load_images(self) -> dict[str, bytes]:
        if self.letterhead is not None and self.letterhead.logo and not self.images:
            self.images = {self.letterhead.logo_name: self.letterhead.logo_bytes() or b""}
        return self.images

    def source(self) -> tuple[str, dict[str, bytes]]:
        return self.html, self.load_images()

    def render(self) -> bytes:
        return render_pdf(self.html, images=self.load_images())


def scorecard_document(
    assessment: Assessment,
    *,
    code: str = "",
    document_number: str = "",
    letterhead: Letterhead | None | bool = True,
    now=None,
    generated: str = "",
) -> Document:
    """The scorecard's HTML under the issuer's letterhead (`letterhead=True`: look it up)."""
    issuer = issuer_for(assessment.instansi) if letterhead is True else letterhead or None
    # The printed document is Indonesian whatever language the person's screen uses: its
    # context too (the result's label, the chart's words are translated when built).
    with translation.override("id"):
        context = scorecard_context(
            assessment,
            code=code,
            document_number=document_number,
            letterhead=issuer,
            now=now,
            generated=generated,
        )
        return Document(render_to_string(TEMPLATE, context), issuer)


def scorecard_html(assessment: Assessment, *, code: str = "", now=None) -> str:
    return scorecard_document(assessment, code=code, now=now).html


def render_scorecard(
    assessment: Assessment, *, code: str = "", document_number: str = "", now=None
) -> bytes:
    return scorecard_document(
        assessment, code=code, document_number=document_number, now=now
    ).render()


_layout: list[str] = []


def layout_version() -> str:
    """What besides the assessment decides how a scorecard looks: the templates, the report
    stylesheet and WeasyPrint's version (read once per process: a deploy restarts it)."""
    if not _layout:
        digest = hashlib.sha256(weasyprint.__version__.encode())
        for name in ("scorecard_pdf.html", "_index_block.html"):
            digest.update(
                (Path(__file__).parent / "templates/assessment/reports" / name).read_bytes()
            )
        digest.update(Path(StaticOnlyFetcher.static_path(REPORT_STYLESHEET)).read_bytes())
        _layout.append(digest.hexdigest())
    return _layout[0]


def draft_document(assessment: Assessment, *, now=None) -> Document:
    """A draft's document with its version: the hash of its HTML with the generation time
    left out. The HTML holds everything the scorecard shows (answers, verification, notes,
    timeline, signatories, letterhead and the logo's stored name, the date), so any change
    to any of it changes the version; nothing else does."""
    now = now or timezone.now()
    document = scorecard_document(assessment, now=now, generated=GENERATED_MARK)
    document.version = hashlib.sha256(f"{layout_version()}\n{document.html}".encode()).hexdigest()
    document.html = document.html.replace(GENERATED_MARK, dates.tanggal_jam(now))
    return document


def stored_draft(assessment: Assessment, version: str) -> bytes | None:
    """The stored draft of this version, if there is one and its file is readable."""
    stored = DraftScorecard.objects.filter(assessment=assessment, version=version).first()
    if stored is None:
        return None
    try:
        with stored.file.open("rb") as handle:
            return handle.read()
    except OSError:  # lost file (a restore, a cleanup): render again
        return None


def store_draft(assessment: Assessment, version: str, content: bytes) -> None:
    """Keep this render as the assessment's draft, replacing (and deleting) the older one.
    A failure to store costs only the next download a render."""
    old = DraftScorecard.objects.filter(assessment=assessment).first()
    old_name = old.file.name if old is not None else ""
    try:
        with transaction.atomic():
            if old is None:
                draft = DraftScorecard(assessment=assessment, version=version)
            else:
                draft = old
                draft.version = version
            draft.file.save(f"{version}.pdf", ContentFile(content), save=False)
            draft.save()
    except (OSError, IntegrityError):
        return
    if old_name and old_name != draft.file.name:
        draft.file.storage.delete(old_name)


def draft_bytes(assessment: Assessment, *, now=None) -> bytes:
    """A draft scorecard: the stored copy while the assessment is unchanged, else rendered
    (once) and stored."""
    document = draft_document(assessment, now=now)
    content = stored_draft(assessment, document.version)
    if content is None:
        content = document.render()
        store_draft(assessment, document.version, content)
    return content


def current_frozen(assessment: Assessment) -> FrozenScorecard | None:
    return (
        FrozenScorecard.objects.filter(assessment=assessment, voided_at__isnull=True)
        .order_by("-created", "-pk")
        .first()
    )


@transaction.atomic
def freeze(assessment: Assessment) -> FrozenScorecard:
    """Render the final scorecard once and store it with its hash and code. Called inside
    the finalise transaction, so a failure here leaves the assessment unfinalised."""
    code = new_code()
    while FrozenScorecard.objects.filter(code=code).exists():  # pragma: no cover - 2^-60
        code = new_code()
    issuer = issuer_for(assessment.instansi)
    # The number is taken here, inside the finalise transaction: a failure below gives it back.
    number = next_number(issuer) if issuer is not None else ""
    content = scorecard_document(
        assessment, code=code, document_number=number, letterhead=issuer
    ).render()
    result = results.assessment_result(assessment)
    frozen = FrozenScorecard(
        document_number=number,
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
    """(PDF, file name): the frozen copy of a final assessment, else the current draft."""
    if assessment.is_final:
        return final_bytes(assessment), file_name(assessment)
    return draft_bytes(assessment), file_name(assessment)


def lookup(code_text: str) -> FrozenScorecard | None:
    code = normalise_code(code_text)
    if not code:
        return None
    return FrozenScorecard.objects.filter(code=code).first()
