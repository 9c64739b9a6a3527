"""An assessment under the 2026 index reads as one: the pages show the index, its level, its
maturity and survey parts, what is still missing, and which facts are provisional."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import workflow
from assessment.scorecard import render_scorecard, scorecard_html

pytestmark = pytest.mark.django_db


def test_without_a_survey_the_page_shows_a_provisional_index(client, people, index_draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/").content.decode()
    # maturity 0.8 -> 0.75 x 0.8 = 0.60: Lanjutan, provisional until the survey is in.
    assert 'data-testid="self-total">0,60' in page
    assert "Tingkat Lanjutan" in page
    assert "Indeks sementara: hasil survei pegawai belum ada" in page
    assert "ketentuan masih sementara" in page


def test_with_the_survey_and_a_correction_factor_the_index_moves(client, people, index_draft):
    workflow.record_survey_result(
        index_draft,
        score=Decimal("0.84"),
        responses=151,
        source="merit",
        user=people["admin_contoh"],
    )
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/").content.decode()
    # 0.60 + 0.25 x 0.84 = 0.81: Tinggi.
    assert 'data-testid="self-total">0,81' in page and "Tingkat Tinggi" in page
    assert "151 responden" in page
    assert "Indeks sementara" not in page
    workflow.set_correction_factor(
        index_draft, factor=Decimal("0.9"), reason="Pelanggaran JPT.", user=people["superadmin"]
    )
    page = client.get(f"/penilaian/{index_draft.pk}/").content.decode()
    assert 'data-testid="self-total">0,73' in page and "Tingkat Menengah" in page
    assert "Pelanggaran JPT." in page


def test_the_aspect_page_offers_five_maturity_levels(client, people, index_draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/aspek/8/").content.decode()
    assert page.count('name="level" value="5"') == 4
    assert "8.2.2" in page


def test_the_instrument_page_shows_the_tree_scale_and_provisional_facts(
    client, people, index_draft
):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/instrumen/{index_draft.instrument_id}/").content.decode()
    assert "7.2 Pemberhentian" in page and "8.2 Layanan digital manajemen ASN" in page
    assert "Optimal" in page and "Maju" in page
    assert "Instrumen turunan." in page


def test_the_plan_names_the_indicators_and_the_survey_that_reach_the_next_level(
    client, people, index_draft
):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/rencana/").content.decode()
    # 0.60 Lanjutan; Menengah from 0.61: 0.60 + 0.25 x 0.02 = 0.605 rounds to 0.61.
    assert "tingkat Menengah" in page
    assert "minimal 0,02" in page
    assert "Hasil survei belum ada" in page
    assert 'data-testid="plan-step"' in page


def test_the_plan_names_the_evidence_each_step_needs(client, people, index_draft):
    # The 2026 levels carry no evidence of their own: the indicator's checklist says it,
    # where the page printed an empty "Bukti:".
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/rencana/").content.decode()
    assert "Bukti: </div>" not in page
    assert "Bukti: Dokumen Anjab dan ABK yang ditetapkan; Rencana kebutuhan ASN lima tahun" in page


def test_the_scorecard_prints_the_index_its_parts_and_the_provisional_notes(people, index_draft):
    workflow.record_survey_result(
        index_draft, score=Decimal("0.84"), responses=151, source="merit", user=people["superadmin"]
    )
    html = scorecard_html(index_draft)
    assert "Indeks sistem merit" in html
    assert "151 responden" in html and "Survei di Merit" in html
    assert "Tingkat Tinggi" in html
    assert "ketentuan yang belum resmi" in html
    assert "75 % kematangan + 25 % survei pegawai" in html


def test_the_scorecard_pdf_renders_for_an_index_assessment(people, index_draft):
    assert render_scorecard(index_draft).startswith(b"%PDF")


def test_the_reviewer_sets_the_correction_factor_with_a_reason(client, people, index_draft):
    client.force_login(people["reviewer_provinsi"])
    page = client.get(f"/penilaian/{index_draft.pk}/verifikasi/").content.decode()
    assert 'data-testid="correction-factor"' in page
    url = f"/penilaian/{index_draft.pk}/faktor-koreksi/"
    response = client.post(url, {"factor": "0.9", "reason": ""}, follow=True)
    assert "Isi faktor koreksi" in response.content.decode()
    response = client.post(url, {"factor": "2", "reason": "Pelanggaran"}, follow=True)
    assert "Faktor koreksi harus antara 0,5 dan 1,25" in response.content.decode()
    client.post(url, {"factor": "0.9", "reason": "Pengisian JPT tanpa seleksi terbuka."})
    index_draft.refresh_from_db()
    assert index_draft.correction_factor == Decimal("0.9")
    client.force_login(people["operator_contoh"])
    assert client.post(url, {"factor": "1", "reason": "x"}).status_code == 403


def test_the_reviewer_types_the_factor_with_a_decimal_comma(client, people, index_draft):
    client.force_login(people["reviewer_provinsi"])
    url = f"/penilaian/{index_draft.pk}/faktor-koreksi/"
    response = client.post(url, {"factor": "0,85", "reason": "Pelanggaran mutasi."}, follow=True)
    assert "Faktor koreksi disimpan." in response.content.decode()
    index_draft.refresh_from_db()
    assert index_draft.correction_factor == Decimal("0.85")
    # The form shows it back as 0,850 and saving it unchanged keeps it.
    assert 'value="0,850"' in response.content.decode()
    client.post(url, {"factor": "0,850", "reason": "Diperiksa ulang."})
    index_draft.refresh_from_db()
    assert index_draft.correction_factor == Decimal("0.85")


def test_the_aspect_page_groups_indicators_under_their_sub_aspects(client, people, index_draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/aspek/7/").content.decode()
    headings = [page.index(f'data-testid="sub-aspect-7.{n}"') for n in (1, 2, 3)]
    questions = [page.index(f'data-testid="indicator-7.{n}.1"') for n in (1, 2, 3)]
    assert headings[0] < questions[0] < headings[1] < questions[1] < headings[2] < questions[2]
    assert "7.2 Pemberhentian" in page
    # An aspect without sub-aspects has no such heading.
    assert "sub-aspect-" not in client.get(f"/penilaian/{index_draft.pk}/aspek/1/").content.decode()


def test_the_unanswered_note_shows_only_while_indicators_are_unanswered(
    client, people, index_draft
):
    client.force_login(people["operator_contoh"])
    # Every indicator of index_draft is answered: nothing is counted at level 1.
    page = client.get(f"/penilaian/{index_draft.pk}/").content.decode()
    assert "28 dari 28 indikator dijawab" in page
    assert "belum dijawab dihitung level" not in page
    index_draft.answers.filter(indicator__code="1.1").update(level=None)
    page = client.get(f"/penilaian/{index_draft.pk}/").content.decode()
    assert "Indikator yang belum dijawab dihitung level 1." in page


def test_each_maturity_level_carries_its_scale_name(client, people, index_draft):
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{index_draft.pk}/aspek/1/").content.decode()
    assert "<strong>4 Terkelola</strong>" in page and "<strong>5 Optimal</strong>" in page
