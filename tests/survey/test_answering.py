"""Staff answer on the public page: no login, one answer per device or per invitation, a
limit per address, a clear message once the survey is closed, and CSRF protection."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from survey import workflow
from survey.models import Invitation, Response

from .conftest import answer_as_new_device, answer_url, answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_staff_member_answers_without_logging_in(survey, units):
    phone = Client()
    page = phone.get(answer_url(survey))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kabupaten Contoh" in text and "Saya bangga bekerja di instansi ini." in text
    assert "Sangat tidak setuju" in text and "Dinas Pendidikan" in text
    assert 'name="viewport" content="width=device-width' in text
    assert "tanpa nama" in text or "anonim" in text

    response = phone.post(answer_url(survey), answers((5, 4, 3), units["Inspektorat"]))
    assert response.status_code == 302
    assert response["Location"] == f"/survei/isi/{survey.code}/selesai/"
    assert "Terima kasih" in phone.get(response["Location"]).content.decode()
    stored = Response.objects.get()
    assert stored.values == {"K1": 5, "K2": 4, "E1": 3}
    assert stored.unit == units["Inspektorat"]


def test_the_unit_is_optional_and_every_item_is_required(survey):
    _device, response = answer_as_new_device(survey, unit=None)
    assert response.status_code == 302
    assert Response.objects.get().unit is None

    missing = answers()
    del missing["item_K2"]
    page = Client().post(answer_url(survey), missing)
    assert page.status_code == 200
    assert "Pilih salah satu jawaban." in page.content.decode()
    assert Response.objects.count() == 1


def test_one_answer_per_device(survey):
    phone, first = answer_as_new_device(survey)
    assert first.status_code == 302
    again = phone.get(answer_url(survey))
    assert again.status_code == 409
    assert "Anda sudah mengisi survei ini" in again.content.decode()
    assert phone.post(answer_url(survey), answers()).status_code == 409
    assert Response.objects.count() == 1
    # Another person's phone on the same office network still answers.
    _other, second = answer_as_new_device(survey)
    assert second.status_code == 302
    assert Response.objects.count() == 2


def test_a_forged_device_cookie_does_not_block_and_is_not_trusted(survey):
    phone = Client()
    phone.cookies[f"survei_{survey.code}"] = survey.code  # unsigned: not ours
    assert phone.get(answer_url(survey)).status_code == 200


def test_an_invitation_answers_once(client, people, survey):
    [invitation] = workflow.invitations_create(survey=survey, actor=people["admin_contoh"], count=1)
    url = f"/survei/isi/{survey.code}/undangan/{invitation.token}/"
    kiosk = Client()
    assert kiosk.post(url, answers()).status_code == 302
    invitation.refresh_from_db()
    assert invitation.used
    # The same link again, from any device: refused.
    page = Client().post(url, answers())
    assert page.status_code == 409 and "Undangan sudah dipakai" in page.content.decode()
    assert Response.objects.count() == 1
    # A made-up token is not found.
    assert Client().get(f"/survei/isi/{survey.code}/undangan/bukan-token/").status_code == 404


def test_an_invitation_only_survey_refuses_the_open_link(people, assessment_2026):
    survey = workflow.survey_open(
        assessment=assessment_2026, actor=people["admin_contoh"], invitation_only=True
    )
    page = Client().get(answer_url(survey))
    assert page.status_code == 403 and "Perlu tautan undangan" in page.content.decode()
    invitation = workflow.invitations_create(survey=survey, actor=people["admin_contoh"], count=3)[
        0
    ]
    url = f"/survei/isi/{survey.code}/undangan/{invitation.token}/"
    assert Client().post(url, answers()).status_code == 302
    assert Invitation.objects.filter(used=True).count() == 1


def test_answers_from_one_address_are_limited_per_hour(settings, survey):
    settings.SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR = 2
    for _ in range(2):
        _device, ok = answer_as_new_device(survey, address="203.0.113.9")
        assert ok.status_code == 302
    _device, refused = answer_as_new_device(survey, address="203.0.113.9")
    assert refused.status_code == 429
    assert "Terlalu banyak jawaban" in refused.content.decode()
    assert Response.objects.count() == 2
    # Another address is not affected.
    _device, other = answer_as_new_device(survey, address="203.0.113.10")
    assert other.status_code == 302


def test_a_closed_survey_says_so(people, survey):
    _device, _first = answer_as_new_device(survey)
    workflow.survey_close(survey=survey, actor=people["admin_contoh"])
    page = Client().get(answer_url(survey))
    assert "Survei sudah ditutup" in page.content.decode()
    _device, late = answer_as_new_device(survey)
    assert "Survei sudah ditutup" in late.content.decode()
    assert Response.objects.count() == 1


def test_the_form_is_csrf_protected(survey):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(answer_url(survey), answers()).status_code == 403
    page = browser.get(answer_url(survey))
    token = page.context["csrf_token"]
    data = answers() | {"csrfmiddlewaretoken": str(token)}
    assert browser.post(answer_url(survey), data).status_code == 302


def test_an_unknown_survey_code_is_not_found(db):
    assert Client().get("/survei/isi/tidak-ada/").status_code == 404


def test_a_colleague_who_chose_english_reads_the_survey_in_english(survey):
    phone = Client()
    phone.cookies["django_language"] = "en"
    page = phone.get(answer_url(survey)).content.decode()
    assert "Send answers" in page and "Your work unit (optional)" in page
