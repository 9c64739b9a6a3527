"""People hear of each step: the reviewers when an agency submits, the agency when its
assessment is returned (with the returned indicators and the deadline), verified or final,
and everyone a week before a deadline; by email and on the notification page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from assessment import phases, workflow
from assessment.models import Phase
from core import formats
from notifications.models import EmailPreference, Notification
from tests.assessment.conftest import fill_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, people, django_capture_on_commit_callbacks):
    fill_in(draft, people["operator_contoh"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])
    return draft


def _return_two(assessment, reviewer, capture):
    answers = list(assessment.answers.order_by("indicator__aspect__order", "indicator__order")[:2])
    reasons = ["SK belum ditandatangani.\nMohon unggah yang bertanda tangan.", "Peta jabatan 2024."]
    for answer, reason in zip(answers, reasons, strict=True):
        workflow.answer_verify(
            answer=answer,
            actor=reviewer,
            verified_level=2,
            note="",
            return_requested=True,
            return_reason=reason,
        )
    with capture(execute=True):
        workflow.assessment_return(assessment=assessment, actor=reviewer)
    return answers


def test_submitting_tells_the_reviewers_who_see_the_agency(submitted, people, mailoutbox):
    to = sorted(address for m in mailoutbox for address in m.to)
    assert to == ["reviewer_nasional@contoh.go.id", "reviewer_provinsi@contoh.go.id"]
    assert "Kabupaten Contoh 2026 diajukan" in mailoutbox[0].subject
    assert f"/penilaian/{submitted.pk}/verifikasi/" in mailoutbox[0].body
    assert not Notification.objects.filter(user=people["operator_lain"]).exists()


def test_the_return_email_lists_the_returned_indicators_and_the_deadline(
    submitted, people, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    answers = _return_two(
        submitted, people["reviewer_provinsi"], django_capture_on_commit_callbacks
    )
    to = sorted(address for m in mailoutbox for address in m.to)
    assert to == ["admin_contoh@contoh.go.id", "operator_contoh@contoh.go.id"]
    body = mailoutbox[0].body
    first, second = (a.indicator.code for a in answers)
    assert f"- {first}: SK belum ditandatangani. Mohon unggah yang bertanda tangan." in body
    assert f"- {second}: Peta jabatan 2024." in body
    may = phases.calendar_for(submitted.instansi, 2026)[Phase.CORRECTION].ends
    assert f"Batas perbaikan: {formats.date(may)}." in body
    assert "dikembalikan" in mailoutbox[0].subject


def test_the_notification_page_shows_the_same_and_the_navbar_counts_it(
    client, submitted, people, django_capture_on_commit_callbacks
):
    answers = _return_two(
        submitted, people["reviewer_provinsi"], django_capture_on_commit_callbacks
    )
    client.force_login(people["operator_contoh"])
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in home
    page = client.get("/pemberitahuan/").content.decode()
    assert "Penilaian Kabupaten Contoh 2026 dikembalikan untuk perbaikan" in page
    assert answers[0].indicator.code in page
    # Opening it follows its link and marks it read.
    notification = Notification.objects.get(user=people["operator_contoh"])
    response = client.get(f"/pemberitahuan/{notification.pk}/")
    assert response.url == f"/penilaian/{submitted.pk}/"
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
    # Nobody else opens it.
    client.force_login(people["admin_lain"])
    assert client.get(f"/pemberitahuan/{notification.pk}/").status_code == 404


def test_a_user_can_turn_off_email_for_non_essential_messages(
    client, submitted, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["operator_contoh"])
    client.post("/pemberitahuan/email/", {})  # the box unticked
    assert EmailPreference.objects.get(user=people["operator_contoh"]).optional_email is False
    for answer in submitted.answers.all():
        workflow.answer_verify(
            answer=answer,
            actor=people["reviewer_provinsi"],
            verified_level=3,
            note="",
            return_requested=False,
            return_reason="",
        )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assessment_verify(assessment=submitted, actor=people["reviewer_provinsi"])
    assert [m.to for m in mailoutbox] == [["admin_contoh@contoh.go.id"]]
    # The page still has it.
    assert Notification.objects.filter(user=people["operator_contoh"], kind="verified").exists()
    # Finalising is essential: emailed anyway.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assessment_finalise(assessment=submitted, actor=people["reviewer_provinsi"])
    assert sorted(m.to[0] for m in mailoutbox) == [
        "admin_contoh@contoh.go.id",
        "operator_contoh@contoh.go.id",
    ]
    assert "sudah final" in mailoutbox[0].subject


def test_a_broken_mail_server_never_fails_the_step(
    settings, draft, people, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.broken_mail.EmailBackend"
    fill_in(draft, people["operator_contoh"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])
    draft.refresh_from_db()
    assert draft.status == "submitted"
    stored = Notification.objects.filter(user=people["reviewer_provinsi"])
    assert stored.count() == 1 and stored.get().emailed_at is None


def test_nothing_is_sent_when_the_step_fails(draft, people, mailoutbox):
    with pytest.raises(workflow.WorkflowError):
        workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])
    assert mailoutbox == [] and not Notification.objects.exists()


def test_a_week_before_the_deadline_the_agency_is_reminded_once(draft, people, mailoutbox):
    ends = phases.calendar_for(draft.instansi, 2026)[Phase.SELF_ASSESSMENT].ends
    call_command("kirim_pengingat", "--tanggal", str(ends - dt.timedelta(days=8)), verbosity=0)
    assert mailoutbox == []
    call_command("kirim_pengingat", "--tanggal", str(ends - dt.timedelta(days=6)), "--dry-run")
    assert mailoutbox == []
    call_command("kirim_pengingat", "--tanggal", str(ends - dt.timedelta(days=6)))
    call_command("kirim_pengingat", "--tanggal", str(ends - dt.timedelta(days=5)))
    mine = [m for m in mailoutbox if "operator_contoh@contoh.go.id" in m.to]
    assert len(mine) == 1
    assert f"Batas penilaian mandiri Kabupaten Contoh 2026: {formats.date(ends)}" in mine[0].subject
    assert "6 hari lagi" in mine[0].body
    # Agencies without an assessment yet are reminded too; a finished one is not.
    assert any("operator_lain@contoh.go.id" in m.to for m in mailoutbox)
