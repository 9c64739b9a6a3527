"""The printed side of the survey: an A4 poster with the survey's link and QR code, and the
sheet of single-use invitation links, both through the project's PDF renderer."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core.pdf import render_pdf

from .models import Invitation, Survey


def public_base(request) -> str:
    """Where staff reach Merit: SURVEY_PUBLIC_URL when the admin's address is not the one
    staff use (an intranet name, say), else the address of this request."""
    configured = settings.SURVEY_PUBLIC_URL.rstrip("/")
    return configured or request.build_absolute_uri("/").rstrip("/")


def answer_url(request, survey: Survey) -> str:
    return public_base(request) + reverse("survey:answer", kwargs={"code": survey.code})


def invitation_url(request, invitation: Invitation) -> str:
    path = reverse(
        "survey:answer_invitation",
        kwargs={"code": invitation.survey.code, "token": invitation.token},
    )
    return public_base(request) + path


def qr_svg(url: str, scale: int = 6) -> SafeString:
    # segno writes the SVG itself from our own URL (code and token are URL-safe randoms).
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale))  # noqa: S308


def poster_pdf(request, survey: Survey) -> bytes:
    url = answer_url(request, survey)
    context = {
        "survey": survey,
        "assessment": survey.assessment,
        "instansi": survey.assessment.instansi,
        "url": url,
        "qr": qr_svg(url, scale=8),
        "item_count": len(survey.items),
    }
    # A printed notice in Indonesian, whatever language the admin's screen uses.
    with translation.override("id"):
        return render_pdf(render_to_string("survey/poster_pdf.html", context))


def invitations_pdf(request, survey: Survey, invitations: list[Invitation]) -> bytes:
    cards = []
    for invitation in invitations:
        url = invitation_url(request, invitation)
        cards.append({"url": url, "qr": qr_svg(url, scale=3)})
    context = {"survey": survey, "instansi": survey.assessment.instansi, "cards": cards}
    with translation.override("id"):
        return render_pdf(render_to_string("survey/invitations_pdf.html", context))
