"""Calibration as a meeting: members and date, moves with reasons and a warning when the SKP
disagrees, the distribution per unit against the expected one, closing marks the period
calibrated, and the minutes as a real PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agencies.models import AuditEvent
from talent.models import CalibrationEvent, CalibrationMeeting, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(client, people, contoh):
    period = contoh["period"]
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:meeting_list", args=[period.pk]),
        {
            "tanggal": "2026-12-15",
            "tempat": "Ruang Rapat BKPSDM",
            "pimpinan": "Sekretaris Daerah",
            "anggota": "Sekretaris Daerah - ketua\nKepala BKPSDM - sekretaris\nInspektur",
        },
    )
    meeting = CalibrationMeeting.objects.get(period=period)
    assert response.status_code == 302
    return meeting


def move(client, meeting, nip, box, alasan="Prestasi proyek e-kinerja"):
    url = reverse("talent:meeting_move", args=[meeting.period_id, meeting.pk])
    return client.post(url, {"nip": nip, "ke_kotak": box, "alasan": alasan}, follow=True)


def test_a_meeting_needs_at_least_two_members(client, people, contoh):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:meeting_list", args=[contoh["period"].pk]),
        {"tanggal": "2026-12-15", "pimpinan": "Sekda", "anggota": "Sekda"},
    )
    assert response.status_code == 200
    assert "paling sedikit dua anggota" in response.content.decode()


def test_a_move_the_skp_contradicts_is_made_with_a_warning(client, contoh, meeting):
    citra = contoh["staff"]["citra"]  # SKP Baik (sesuai), box 5
    response = move(client, meeting, citra.nip, 9)
    html = response.content.decode()
    event = CalibrationEvent.objects.get(rapat=meeting)
    assert (event.dari_kotak, event.ke_kotak) == (5, 9)
    assert event.peringatan == (
        "Kotak 9 berarti kinerja di atas ekspektasi, sedangkan predikat SKP Baik berarti "
        "kinerja sesuai ekspektasi."
    )
    assert event.peringatan in html
    assert Placement.objects.get(period=meeting.period, employee=citra).kotak == 9
    audit = AuditEvent.objects.filter(action="talent.calibrate").latest("pk")
    assert audit.detail["rapat"] == meeting.pk


def test_a_move_the_skp_agrees_with_has_no_warning(client, contoh, meeting):
    citra = contoh["staff"]["citra"]  # Baik -> sesuai; box 8 is sesuai/tinggi
    move(client, meeting, citra.nip, 8)
    assert CalibrationEvent.objects.get(rapat=meeting).peringatan == ""


def test_the_meeting_shows_the_distribution_per_unit_against_the_expected(client, contoh, meeting):
    url = reverse("talent:meeting_detail", args=[meeting.period_id, meeting.pk])
    response = client.get(url)
    distribution = response.context["distribution"]
    units = {row["unit"]: row for row in distribution["units"]}
    bkd = {c["box"]: c for c in units["Badan Kepegawaian Daerah"]["shares"]}
    # BKD: Ani (9) and Citra (5) are mapped, Eko is not: 50 % in box 9 against 5 % expected.
    assert (bkd[9]["percent"], bkd[9]["expected"], bkd[9]["diff"]) == (50.0, 5.0, 45.0)
    assert distribution["expected"][0] == 5.0
    assert "sementara" in response.content.decode()


def test_closing_marks_the_period_calibrated_and_the_minutes_print(client, contoh, meeting):
    move(client, meeting, contoh["staff"]["citra"].nip, 9, alasan="Memimpin digitalisasi arsip")
    url = reverse("talent:meeting_close", args=[meeting.period_id, meeting.pk])
    client.post(url, {"catatan": "Komite menyetujui hasil pemetaan."})
    meeting.refresh_from_db()
    meeting.period.refresh_from_db()
    assert meeting.selesai_pada is not None
    assert meeting.period.dikalibrasi_pada == meeting.selesai_pada
    # A closed meeting takes no more moves.
    move(client, meeting, contoh["staff"]["ani"].nip, 1)
    assert CalibrationEvent.objects.filter(rapat=meeting).count() == 1

    response = client.get(reverse("talent:meeting_minutes", args=[meeting.period_id, meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(b"".join(response))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for expected in (
        "Notulen Rapat Kalibrasi Komite Talenta",
        "Kabupaten Contoh",
        "15 Desember 2026",
        "Inspektur",
        "Citra Tengah",
        "Memimpin digitalisasi arsip",
        "Peringatan",
        "Komite menyetujui hasil pemetaan.",
    ):
        assert expected in text, expected


def test_an_operator_sees_the_meeting_but_cannot_move_anyone(client, people, contoh, meeting):
    client.force_login(people["operator_contoh"])
    url = reverse("talent:meeting_detail", args=[meeting.period_id, meeting.pk])
    assert client.get(url).context["move_form"] is None
    response = move(client, meeting, contoh["staff"]["citra"].nip, 9)
    assert response.status_code == 403
