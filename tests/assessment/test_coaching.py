"""The province coaches its kabupaten/kota: the heatmap and its agenda, where each agency
stands, follow-ups the agency answers, the joint commitment, an anonymous peer comparison,
and the exports for the coordination meeting."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from agencies.models import AuditEvent, Instansi
from assessment import coaching, workflow
from assessment.models import Answer, Commitment, FollowUp, Indicator
from tests.factories import PDF_BYTES, KabupatenFactory, UserFactory

pytestmark = pytest.mark.django_db
SERIAL = itertools.count(1)


def assess(instansi, instrument, actor, *, year=2025, level=3, low=(), status=None):
    """An assessment with every indicator at `level`, the indicator codes in `low` at 1;
    status set directly (these stories are about what the province sees, not the steps)."""
    assessment = workflow.assessment_create(
        instansi=instansi, year=year, instrument=instrument, actor=actor
    )
    answers = Answer.objects.filter(assessment=assessment)
    answers.update(level=level)
    answers.filter(indicator__code__in=low).update(level=1)
    workflow.recompute_totals(assessment)
    if status:
        type(assessment).objects.filter(pk=assessment.pk).update(status=status)
    return assessment


def regency(province, name=None, jenis=Instansi.Jenis.KABUPATEN):
    n = next(SERIAL)
    return KabupatenFactory(
        nama=name or f"Kabupaten Binaan {n:02d}",
        kode_bkn=f"98{n:03d}",
        provinsi=province,
        jenis=jenis,
    )


@pytest.fixture
def province(people, wilayah, instrument):
    """Provinsi Contoh's regencies assessed in 2025: Kabupaten Contoh weakest on 1.1 and
    2.1, Kota Contoh weakest on 1.1; Kabupaten Contoh also in 2024 (lower)."""
    admin = people["superadmin"]
    contoh, kota = wilayah["kabupaten"], wilayah["kota"]
    assess(contoh, instrument, admin, year=2024, level=2)
    assess(contoh, instrument, admin, low=("1.1", "2.1"))
    assess(kota, instrument, admin, level=4, low=("1.1",))
    assess(wilayah["kabupaten_lain"], instrument, admin, level=2)
    return wilayah


def test_the_heatmap_shows_each_regencys_aspect_levels_with_numbers(client, people, province):
    client.force_login(people["reviewer_provinsi"])
    page = client.get("/penilaian/pembinaan/?tahun=2025").content.decode()
    assert "Kabupaten Contoh" in page and "Kota Contoh" in page
    assert "Kabupaten Lain" not in page  # another province's regency
    # Kota Contoh: every aspect at 4 but the first (1.1 at 1 among its indicators).
    assert "<strong>4,0</strong>" in page
    assert 'class="heat-4"' in page
    # The movement since 2024 on the common 0..1 scale.
    found = coaching.heatmap(people["reviewer_provinsi"], 2025)
    contoh = next(r for r in found.rows if r.instansi.nama == "Kabupaten Contoh")
    assert contoh.movement is not None and contoh.movement > 0
    assert contoh.previous_year == 2024


def test_the_heatmap_opens_one_aspect_as_indicator_columns(client, people, province, instrument):
    aspect = instrument.aspects.get(order=1)
    client.force_login(people["reviewer_provinsi"])
    page = client.get(f"/penilaian/pembinaan/?tahun=2025&aspek={aspect.pk}").content.decode()
    assert f"Indikator aspek {aspect.name}" in page
    found = coaching.heatmap(people["reviewer_provinsi"], 2025, aspect=aspect.pk)
    assert [c.code for c in found.columns] == list(
        aspect.indicators.order_by("order").values_list("code", flat=True)
    )
    first = aspect.indicators.order_by("order").first()
    assert f"/penilaian/pembinaan/indikator/{first.pk}/?tahun=2025" in page


def test_the_weakest_indicator_is_where_most_regencies_are_lowest(client, people, province):
    found = coaching.heatmap(people["reviewer_provinsi"], 2025)
    first = found.weakest[0]
    assert first.indicator.code == "1.1"
    assert [i.nama for i, _level in first.agencies] == ["Kabupaten Contoh", "Kota Contoh"]
    client.force_login(people["reviewer_provinsi"])
    page = client.get(f"/penilaian/pembinaan/indikator/{first.indicator.pk}/?tahun=2025")
    assert page.status_code == 200
    assert "Catat tindak lanjut" in page.content.decode()
    assert "Kabupaten Lain" not in page.content.decode()


def test_stages_count_round_trips_and_missing_evidence(people, wilayah, draft):
    reviewer = people["reviewer_provinsi"]
    found = {s.instansi.nama: s for s in coaching.stages(reviewer, 2026)}
    contoh = found["Kabupaten Contoh"]
    assert contoh.unanswered == draft.answers.count()
    assert contoh.returns == 0
    assert contoh.days_waiting(timezone.localdate()) == 0
    assert found["Kota Contoh"].assessment is None
    answer = draft.answers.select_related("indicator").first()
    workflow.answer_save(
        answer=answer,
        actor=people["operator_contoh"],
        expected_version=answer.version,
        level=2,
        justification="Ada.",
    )
    again = {s.instansi.nama: s for s in coaching.stages(reviewer, 2026)}["Kabupaten Contoh"]
    assert again.missing_evidence == len(answer.indicator.evidence_expected)


def counted(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "url", ["/penilaian/pembinaan/?tahun=2025", "/penilaian/dasbor/?tahun=2025"]
)
def test_the_heatmap_and_dashboard_cost_the_same_queries_for_5_and_40_agencies(
    client, people, wilayah, instrument, url
):
    province = wilayah["provinsi"]
    client.force_login(people["reviewer_provinsi"])
    for _ in range(5):
        assess(regency(province), instrument, people["superadmin"], level=2, low=("3.1",))
    five = counted(client, url)
    for n in range(35):
        kind = Instansi.Jenis.KOTA if n % 3 else Instansi.Jenis.KABUPATEN
        assess(regency(province, jenis=kind), instrument, people["superadmin"], level=3)
    assert counted(client, url) == five


# --- follow-ups ---


def test_the_province_records_a_followup_and_the_regency_answers(client, people, wilayah):
    client.force_login(people["reviewer_provinsi"])
    response = client.post(
        "/penilaian/pembinaan/tindak-lanjut/baru/?tahun=2026",
        {
            "instansi": wilayah["kabupaten"].pk,
            "year": 2026,
            "action": "Susun Anjab dan ABK",
            "person": "Kepala BKPSDM",
            "due": "2026-12-15",
            "status": FollowUp.Status.OPEN,
        },
    )
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert AuditEvent.objects.filter(action="assessment.followup_create").exists()

    client.force_login(people["operator_contoh"])
    home = client.get("/").content.decode()
    assert "Susun Anjab dan ABK" in home
    response = client.post(
        f"/penilaian/pembinaan/tindak-lanjut/{followup.pk}/tanggapan/",
        {"response": "Sudah dimulai", "status": FollowUp.Status.IN_PROGRESS},
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert (followup.response, followup.status) == ("Sudah dimulai", "in_progress")
    assert followup.responded_by == people["operator_contoh"]
    assert AuditEvent.objects.filter(action="assessment.followup_respond").exists()


def test_a_reviewer_cannot_record_a_followup_for_another_province(client, people, wilayah):
    client.force_login(people["reviewer_provinsi"])
    response = client.post(
        "/penilaian/pembinaan/tindak-lanjut/baru/",
        {
            "instansi": wilayah["kabupaten_lain"].pk,
            "year": 2026,
            "action": "X",
            "person": "Y",
            "due": "2026-12-15",
            "status": FollowUp.Status.OPEN,
        },
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not FollowUp.objects.exists()


def make_followup(instansi, creator, **fields) -> FollowUp:
    values = {
        "year": 2026,
        "action": "Tetapkan rencana suksesi",
        "person": "Kepala BKPSDM",
        "due": timezone.localdate() + dt.timedelta(days=10),
    }
    values.update(fields)
    return coaching.followup_save(followup=FollowUp(instansi=instansi, **values), actor=creator)


def test_another_provinces_reviewer_and_agency_get_404(client, people, wilayah, outsider_reviewer):
    followup = make_followup(wilayah["kabupaten"], people["reviewer_provinsi"])
    commitment = coaching.commitment_save(
        instansi=wilayah["kabupaten"],
        year=2026,
        signed_on=dt.date(2026, 3, 1),
        upload=SimpleUploadedFile("komitmen.pdf", PDF_BYTES, "application/pdf"),
        actor=people["reviewer_provinsi"],
    )
    client.force_login(outsider_reviewer)
    assert client.get(f"/penilaian/pembinaan/tindak-lanjut/{followup.pk}/").status_code == 404
    assert client.get(f"/penilaian/pembinaan/komitmen/{commitment.pk}/unduh/").status_code == 404
    peers = f"/penilaian/instansi/{wilayah['kabupaten'].pk}/sejawat/"
    assert client.get(peers).status_code == 404
    client.force_login(people["operator_lain"])
    respond = f"/penilaian/pembinaan/tindak-lanjut/{followup.pk}/tanggapan/"
    assert client.post(respond, {"response": "x", "status": "done"}).status_code == 404
    # The province's own reviewer opens both.
    client.force_login(people["reviewer_provinsi"])
    assert client.get(f"/penilaian/pembinaan/tindak-lanjut/{followup.pk}/").status_code == 200
    download = client.get(f"/penilaian/pembinaan/komitmen/{commitment.pk}/unduh/")
    assert download.status_code == 200 and download.content == PDF_BYTES


@pytest.fixture
def outsider_reviewer(wilayah):
    return UserFactory(username="reviewer_lain", role="reviewer", instansi=wilayah["provinsi_lain"])


def test_a_followup_past_due_and_not_done_is_flagged_overdue(client, people, wilayah):
    today = timezone.localdate()
    reviewer = people["reviewer_provinsi"]
    late = make_followup(wilayah["kabupaten"], reviewer, due=today - dt.timedelta(days=1))
    done = make_followup(
        wilayah["kabupaten"],
        reviewer,
        due=today - dt.timedelta(days=3),
        status=FollowUp.Status.DONE,
    )
    due_today = make_followup(wilayah["kabupaten"], reviewer, due=today)
    assert late.is_overdue(today)
    assert not done.is_overdue(today) and not due_today.is_overdue(today)
    assert list(coaching.overdue(FollowUp.objects.all(), today)) == [late]
    client.force_login(reviewer)
    page = client.get("/penilaian/pembinaan/tindak-lanjut/?tahun=2026").content.decode()
    assert page.count('data-testid="overdue"') == 1
    assert "1 tindak lanjut melewati batas waktu." in page
    assert "1 tindak lanjut terlambat" in client.get("/").content.decode()
    client.force_login(people["operator_contoh"])
    home = client.get("/").content.decode()
    assert home.count('data-testid="overdue"') == 1
    assert home.count('data-testid="home-followup"') == 2  # the done one is not listed


# --- the joint commitment ---


def test_the_commitment_is_checked_stored_privately_and_lists_who_has_not_signed(
    client, people, wilayah
):
    client.force_login(people["reviewer_provinsi"])
    fake = SimpleUploadedFile("komitmen.pdf", b"not really a pdf", "application/pdf")
    url = "/penilaian/pembinaan/komitmen/?tahun=2026"
    refused = client.post(
        url, {"instansi": wilayah["kabupaten"].pk, "signed_on": "2026-03-01", "file": fake}
    )
    assert refused.status_code == 200
    assert "bukan PDF" in refused.content.decode()
    assert not Commitment.objects.exists()
    real = SimpleUploadedFile("komitmen.pdf", PDF_BYTES, "application/pdf")
    response = client.post(
        url, {"instansi": wilayah["kabupaten"].pk, "signed_on": "2026-03-01", "file": real}
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.file.name.startswith("komitmen/")
    assert "komitmen.pdf" not in commitment.file.name
    assert commitment.signed_on == dt.date(2026, 3, 1)
    rows = coaching.commitments(people["reviewer_provinsi"], 2026)
    assert [r.instansi.nama for r in rows if r.commitment is None] == ["Kota Contoh"]
    page = client.get(url).content.decode()
    assert "1 instansi belum menandatangani:" in page


# --- the peer comparison ---


def test_the_peer_comparison_names_no_one_and_hides_a_group_smaller_than_three(
    client, people, wilayah, instrument
):
    admin = people["superadmin"]
    province = wilayah["provinsi"]
    assess(wilayah["kabupaten"], instrument, admin, level=2)
    assess(wilayah["kota"], instrument, admin, level=4)  # the only other kota... and kind
    client.force_login(people["operator_contoh"])
    url = f"/penilaian/instansi/{wilayah['kabupaten'].pk}/sejawat/?tahun=2025"
    page = client.get(url).content.decode()
    assert page.count("kelompok terlalu kecil") == 2 * instrument.aspects.count()
    # Two more kabupaten, one more kota: 3 others in the province, 2 other kabupaten.
    assess(regency(province, "Kabupaten Rahasia A"), instrument, admin, level=3)
    assess(regency(province, "Kabupaten Rahasia B"), instrument, admin, level=3)
    comparison = coaching.peer_comparison(wilayah["kabupaten"], 2025)
    assert comparison.province_shown and not comparison.kind_shown
    assert {str(row.province) for row in comparison.rows} == {"3.0"}
    assess(regency(wilayah["provinsi_lain"], "Kabupaten Rahasia C"), instrument, admin, level=4)
    comparison = coaching.peer_comparison(wilayah["kabupaten"], 2025)
    assert comparison.kind_shown  # kabupaten nationwide: A, B and C
    page = client.get(url).content.decode()
    assert "kelompok terlalu kecil" not in page
    for name in ("Kota Contoh", "Rahasia", "Kabupaten Lain"):
        assert name not in page


# --- exports ---


def test_the_heatmap_and_followups_export_read_back_with_openpyxl(
    client, people, province, instrument
):
    make_followup(
        province["kabupaten"],
        people["reviewer_provinsi"],
        year=2025,
        action='=HYPERLINK("http://x")',
        due=timezone.localdate() - dt.timedelta(days=2),
    )
    client.force_login(people["reviewer_provinsi"])
    heat = client.get("/penilaian/pembinaan/ekspor/peta.xlsx?tahun=2025")
    sheet = load_workbook(io.BytesIO(heat.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Instansi",
        "Jenis",
        "Status",
        "Jenis nilai",
        "Nilai",
        "Perubahan (skala 0-1)",
    )
    assert [r[0] for r in rows[1:]] == ["Kabupaten Contoh", "Kota Contoh"]
    kota = rows[2]
    # Aspect 1, self: 1.1 at level 1 and the others at 4, to one decimal (half up).
    count = instrument.aspects.get(order=1).indicators.count()
    expected = round((4 * (count - 1) + 1) / count + 1e-9, 1)
    assert kota[6] == expected
    assert kota[7] is None  # nothing verified yet: no verified level
    followups = client.get("/penilaian/pembinaan/ekspor/tindak-lanjut.xlsx?tahun=2025")
    rows = list(load_workbook(io.BytesIO(followups.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Kabupaten Contoh"
    assert rows[1][3] == '\'=HYPERLINK("http://x")'  # neutralised, never a formula
    assert rows[1][7] == "Ya"


def test_the_meeting_summary_pdf_has_the_agenda_and_who_has_not_signed(client, people, province):
    make_followup(province["kota"], people["reviewer_provinsi"], year=2025, action="Bina 1.1")
    client.force_login(people["reviewer_provinsi"])
    response = client.get("/penilaian/pembinaan/ekspor/ringkasan.pdf?tahun=2025")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ringkasan Rapat Koordinasi" in text
    assert "1.1" in text and "Bina 1.1" in text
    assert "Belum menandatangani: Kabupaten Contoh, Kota Contoh" in text.replace("\n", " ")
    assert Indicator.objects.exists()


# --- the dashboard's ZIP form ---


def test_a_failed_zip_request_keeps_the_dashboard_filters(client, people, province):
    client.force_login(people["reviewer_provinsi"])
    response = client.post(
        "/penilaian/kartu-nilai/zip/",
        {"kembali": "tahun=2025&status=draft&urut=-mandiri&evil=https://x"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/penilaian/dasbor/?tahun=2025&status=draft&urut=-mandiri"
    page = client.get(response["Location"]).content.decode()
    assert "Pilih minimal satu penilaian" in page
    assert 'data-select-all="penilaian"' in page


def test_a_national_reviewer_coaches_the_provinces_and_can_open_one(
    client, people, wilayah, instrument
):
    assess(wilayah["provinsi"], instrument, people["superadmin"], level=3)
    assess(wilayah["provinsi_lain"], instrument, people["superadmin"], level=2)
    assess(wilayah["kabupaten"], instrument, people["superadmin"], level=4)
    national = people["reviewer_nasional"]
    rows = coaching.heatmap(national, 2025).rows
    assert [r.instansi.nama for r in rows] == ["Provinsi Contoh", "Provinsi Lain"]
    inside = coaching.heatmap(national, 2025, province=wilayah["provinsi"].pk).rows
    assert [r.instansi.nama for r in inside] == ["Kabupaten Contoh", "Kota Contoh"]
    # A provincial reviewer's province parameter is ignored: their own province only.
    client.force_login(people["reviewer_provinsi"])
    url = f"/penilaian/pembinaan/?tahun=2025&provinsi={wilayah['provinsi_lain'].pk}"
    page = client.get(url).content.decode()
    assert "Kabupaten Lain" not in page and "Kabupaten Contoh" in page
