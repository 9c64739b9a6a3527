"""A reviewer verifies, returns, and finalises; who may do which step; the timeline."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import AuditEvent
from assessment import workflow
from assessment.models import Assessment
from tests.factories import KabupatenFactory, UserFactory, pdf

from .conftest import fill_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def submitted(draft, people):
    fill_in(draft, people["operator_contoh"])
    workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])
    draft.refresh_from_db()
    return draft


def answer(assessment, code):
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def verify(client, assessment, code, level, **extra):
    a = answer(assessment, code)
    data = {"verified_level": level, "note": "", **extra}
    return client.post(f"/penilaian/{assessment.pk}/verifikasi/{a.pk}/", data, **HTMX)


def test_the_queue_shows_submitted_assessments_of_the_reviewers_agencies(client, people, submitted):
    client.force_login(people["reviewer_provinsi"])
    page = client.get("/penilaian/antrean/").content.decode()
    assert "Kabupaten Contoh" in page
    client.force_login(people["reviewer_nasional"])
    assert "Kabupaten Contoh" in client.get("/penilaian/antrean/").content.decode()


def test_agency_users_do_not_get_the_queue(client, people, submitted):
    client.force_login(people["operator_contoh"])
    assert client.get("/penilaian/antrean/").status_code == 403


def test_the_queue_runs_a_constant_number_of_queries(client, people, submitted, instrument):
    client.force_login(people["reviewer_nasional"])
    client.get("/penilaian/antrean/")
    with CaptureQueriesContext(connection) as one:
        client.get("/penilaian/antrean/")
    for n in range(4):
        other = KabupatenFactory(nama=f"Kabupaten Antre {n}", provinsi=submitted.instansi.provinsi)
        extra = workflow.assessment_create(
            instansi=other, year=2026, instrument=instrument, actor=people["superadmin"]
        )
        Assessment.objects.filter(pk=extra.pk).update(status="submitted")
    with CaptureQueriesContext(connection) as five:
        page = client.get("/penilaian/antrean/").content.decode()
    assert page.count('data-testid="queue-row"') == 5
    assert len(five) == len(one)


def test_self_and_verified_scores_are_kept_side_by_side(client, people, submitted):
    client.force_login(people["reviewer_provinsi"])
    response = verify(client, submitted, "3.1", 2, note="SKJ baru sebagian jabatan")
    assert "Tersimpan" in response.content.decode()
    a = answer(submitted, "3.1")
    assert (a.level, a.verified_level, a.reviewer_note) == (3, 2, "SKJ baru sebagian jabatan")
    page = client.get(f"/penilaian/{submitted.pk}/verifikasi/").content.decode()
    assert 'data-testid="self-total">300,00' in page
    assert 'data-testid="verified-total">' in page


def test_the_review_page_runs_a_constant_number_of_queries(client, people, submitted):
    client.force_login(people["reviewer_provinsi"])
    url = f"/penilaian/{submitted.pk}/verifikasi/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    workflow.accept_self_levels(assessment=submitted, actor=people["reviewer_provinsi"])
    for a in submitted.answers.all()[:5]:
        a.evidence.create(file=pdf(), original_name="x.pdf", content_type="application/pdf", size=1)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_a_return_names_each_indicator_and_the_agency_fixes_only_those(client, people, submitted):
    reviewer, operator = people["reviewer_provinsi"], people["operator_contoh"]
    client.force_login(reviewer)
    # A return without a reason is refused.
    response = verify(client, submitted, "4.1", 3, return_requested="on", return_reason="")
    assert "Tuliskan alasan pengembalian" in response.content.decode()
    verify(
        client,
        submitted,
        "4.1",
        3,
        return_requested="on",
        return_reason="Pola karier belum ditetapkan",
    )
    client.post(f"/penilaian/{submitted.pk}/kembalikan/")
    submitted.refresh_from_db()
    assert submitted.status == "returned"

    client.force_login(operator)
    overview = client.get(f"/penilaian/{submitted.pk}/").content.decode()
    assert "4.1</a>: Pola karier belum ditetapkan" in overview
    returned, other = answer(submitted, "4.1"), answer(submitted, "4.2")
    url = f"/penilaian/{submitted.pk}/jawaban/{{}}/"
    refused = client.post(url.format(other.pk), {"version": other.version, "level": 4}, **HTMX)
    assert "terkunci" in refused.content.decode()
    client.post(
        url.format(returned.pk),
        {"version": returned.version, "level": 2, "justification": "Pola karier masih draf."},
        **HTMX,
    )
    client.post(
        f"/penilaian/{submitted.pk}/jawaban/{returned.pk}/bukti/",
        {"file": pdf("draf-pola-karier.pdf"), "requirement": "0"},
    )
    client.post(f"/penilaian/{submitted.pk}/ajukan/")
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert submitted.transitions.last().action == "resubmitted"

    client.force_login(reviewer)
    page = client.get(f"/penilaian/{submitted.pk}/verifikasi/").content.decode()
    assert "Berubah sejak dikembalikan" in page
    assert "Level 3 menjadi 2; Penjelasan diubah; 1 bukti baru" in page
    assert page.count("Berubah sejak dikembalikan") == 1


def test_verify_then_finalise_locks_the_result(client, people, submitted):
    client.force_login(people["reviewer_provinsi"])
    refused = client.post(f"/penilaian/{submitted.pk}/selesai-verifikasi/", follow=True)
    assert "Masih ada indikator yang belum diverifikasi." in refused.content.decode()
    client.post(f"/penilaian/{submitted.pk}/terima-level/")
    verify(client, submitted, "8.1", 4)
    client.post(f"/penilaian/{submitted.pk}/selesai-verifikasi/")
    client.post(f"/penilaian/{submitted.pk}/finalkan/")
    submitted.refresh_from_db()
    assert submitted.status == "final"
    # 300 + 19 % x (4 - 3) / 4 indicators
    assert str(submitted.verified_total) == "304.75"
    refused = verify(client, submitted, "8.1", 1)
    assert "tidak sedang diverifikasi" in refused.content.decode()
    actions = list(submitted.transitions.values_list("action", flat=True))
    assert actions == ["created", "submitted", "verified", "finalised"]
    assert AuditEvent.objects.filter(action="assessment.finalised").exists()
    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{submitted.pk}/").content.decode()
    assert 'data-testid="verified-total">304,75' in page
    assert "Kategori III Baik" in page


def test_only_a_superadmin_reopens_and_must_say_why(client, people, submitted):
    reviewer = people["reviewer_provinsi"]
    workflow.accept_self_levels(assessment=submitted, actor=reviewer)
    workflow.assessment_verify(assessment=submitted, actor=reviewer)
    workflow.assessment_finalise(assessment=submitted, actor=reviewer)
    client.force_login(reviewer)
    assert (
        client.post(f"/penilaian/{submitted.pk}/buka-kembali/", {"reason": "x"}).status_code == 403
    )
    client.force_login(people["superadmin"])
    response = client.post(f"/penilaian/{submitted.pk}/buka-kembali/", {"reason": ""})
    assert "tidak boleh kosong" in response.content.decode()
    client.post(f"/penilaian/{submitted.pk}/buka-kembali/", {"reason": "Salah hitung bukti 3.2"})
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    step = submitted.transitions.last()
    assert (step.action, step.reason, step.actor) == (
        "reopened",
        "Salah hitung bukti 3.2",
        people["superadmin"],
    )
    page = client.get(f"/penilaian/{submitted.pk}/").content.decode()
    assert "Dibuka kembali" in page and "Salah hitung bukti 3.2" in page


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("operator_contoh", set()),
        ("admin_contoh", set()),
        ("operator_lain", set()),
        ("reviewer_provinsi", {"verify_answers", "return", "verify"}),
        ("reviewer_nasional", {"verify_answers", "return", "verify"}),
        ("superadmin", {"verify_answers", "return", "verify"}),
    ],
)
def test_who_may_act_on_a_submitted_assessment(people, submitted, username, allowed):
    assert workflow.allowed_actions(people[username], submitted) == allowed


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("operator_contoh", {"submit"}),
        ("admin_contoh", {"submit"}),
        ("operator_lain", set()),
        ("reviewer_provinsi", set()),
        ("superadmin", {"submit"}),
    ],
)
def test_who_may_act_on_a_draft(people, draft, username, allowed):
    assert workflow.allowed_actions(people[username], draft) == allowed


def test_reviewers_of_another_province_and_agency_users_cannot_verify(
    client, people, submitted, wilayah
):
    other = UserFactory(
        username="reviewer_lain", role="reviewer", instansi=wilayah["provinsi_lain"]
    )
    for user, status in [(other, 404), (people["operator_contoh"], 403)]:
        client.force_login(user)
        assert verify(client, submitted, "1.1", 1).status_code == status
        assert client.post(f"/penilaian/{submitted.pk}/kembalikan/").status_code == status
        assert client.post(f"/penilaian/{submitted.pk}/finalkan/").status_code == status
    assert answer(submitted, "1.1").verified_level is None
    with pytest.raises(workflow.WorkflowError):
        workflow.assessment_return(assessment=submitted, actor=people["operator_contoh"])
    with pytest.raises(workflow.WorkflowError):
        workflow.assessment_reopen(
            assessment=submitted, actor=people["reviewer_nasional"], reason="x"
        )


def test_a_submitted_assessment_cannot_be_submitted_again(people, submitted):
    with pytest.raises(workflow.WorkflowError, match="sudah diajukan"):
        workflow.assessment_submit(assessment=submitted, actor=people["operator_contoh"])


def test_finalising_before_verification_is_refused(people, submitted):
    with pytest.raises(workflow.WorkflowError, match="Selesaikan verifikasi"):
        workflow.assessment_finalise(assessment=submitted, actor=people["reviewer_provinsi"])


def test_the_dashboard_shows_the_assessment_and_the_waiting_count(client, people, submitted):
    client.force_login(people["operator_contoh"])
    page = client.get("/").content.decode()
    assert "Kabupaten Contoh 2026" in page
    client.force_login(people["reviewer_provinsi"])
    page = client.get("/").content.decode()
    assert 'data-testid="waiting-count">1<' in page
    client.force_login(people["operator_lain"])
    assert "Kabupaten Contoh 2026" not in client.get("/").content.decode()


def test_the_queue_searches_by_agency_and_year(client, people, submitted):
    client.force_login(people["reviewer_nasional"])
    assert "Kabupaten Contoh" in client.get("/penilaian/antrean/?q=contoh").content.decode()
    page = client.get("/penilaian/antrean/?q=Sukamaju").content.decode()
    assert 'data-testid="queue-row"' not in page
    assert 'data-testid="queue-row"' in client.get("/penilaian/antrean/?q=2026").content.decode()
    page = client.get("/penilaian/?q=2025").content.decode()
    assert 'data-testid="assessment-row"' not in page
