"""The A4 poster carries the survey's link as text and as a QR code; the invitation sheet
carries one single-use link per card."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from agencies.models import AuditEvent
from survey import workflow
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_the_poster_is_an_a4_pdf_with_the_link(client, people, survey, settings):
    settings.SURVEY_PUBLIC_URL = "https://merit.contoh.go.id"
    client.force_login(people["admin_contoh"])
    response = client.get(f"/survei/{survey.pk}/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="poster-survei-9101-2026.pdf"' in response["Content-Disposition"]
    pages = pdf_text(response.content)
    text = " ".join(" ".join(pages).split())
    assert len(pages) == 1
    assert f"https://merit.contoh.go.id/survei/isi/{survey.code}/" in text
    assert "Kabupaten Contoh" in text and "Survei Kepuasan dan Keterikatan Pegawai 2026" in text
    assert "Anonim" in text
    assert AuditEvent.objects.filter(action="survey.poster").exists()
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_invitation_sheet_lists_every_unused_link(client, people, survey):
    invitations = workflow.invitations_create(survey=survey, actor=people["admin_contoh"], count=3)
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/{survey.pk}/undangan/").content.decode()
    assert "3 undangan dibuat, 0 sudah dipakai." in page
    response = client.get(f"/survei/{survey.pk}/undangan.pdf")
    text = "".join(pdf_text(response.content)).replace("\n", "")
    for invitation in invitations:
        assert invitation.token in text


def test_the_admin_creates_invitations_through_the_form(client, people, survey):
    client.force_login(people["admin_contoh"])
    response = client.post(f"/survei/{survey.pk}/undangan/", {"count": "25"})
    assert response.status_code == 302
    assert survey.invitations.count() == 25
    refused = client.post(f"/survei/{survey.pk}/undangan/", {"count": "5000"})
    assert refused.context["form"].errors["count"]
    assert AuditEvent.objects.filter(action="survey.invitations").count() == 1


def test_many_invitations_print_a_hundred_at_a_time(client, people, survey):
    invitations = workflow.invitations_create(
        survey=survey, actor=people["admin_contoh"], count=101
    )
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/{survey.pk}/undangan/").content.decode()
    assert "Undangan 1-100" in page and "Undangan 101-101" in page
    second = client.get(f"/survei/{survey.pk}/undangan.pdf?bagian=2")
    assert "undangan-survei-9101-2026-2.pdf" in second["Content-Disposition"]
    text = "".join(pdf_text(second.content)).replace("\n", "")
    assert invitations[-1].token in text and invitations[0].token not in text
    assert client.get(f"/survei/{survey.pk}/undangan.pdf?bagian=3").status_code == 302
