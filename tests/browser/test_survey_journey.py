"""The staff survey in a real browser: the agency's admin opens it and downloads the QR
poster; three colleagues answer on their phones without logging in; the admin watches the
count, sees no per-unit breakdown under the minimum group size, and closes the survey, which
records its score on the assessment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessment import workflow
from assessment.instrument_io import load_instrument
from assessment.models import Assessment
from survey.models import Survey
from tests.factories import UnitKerjaFactory
from tests.reports.conftest import pdf_text
from tests.survey.conftest import survey_instrument_data

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def assessment_2026(people, wilayah):
    instrument, _created = load_instrument(survey_instrument_data())
    for name in ("Badan Kepegawaian Daerah", "Dinas Pendidikan"):
        UnitKerjaFactory(instansi=wilayah["kabupaten"], nama=name)
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"], year=2026, instrument=instrument, actor=people["superadmin"]
    )


def csp_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "CSP" in m]


def answer_on_a_phone(browser, base_url: str, link: str, choices: list[str], unit: str) -> None:
    """A colleague with their own phone: a fresh browser, no login, no cookies."""
    context = browser.new_context(base_url=base_url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    messages: list[str] = []
    phone.on("console", lambda message: messages.append(message.text))
    phone.goto(link)
    expect(phone.get_by_text("Survei kepuasan dan keterikatan pegawai 2026")).to_be_visible()
    # Fits the phone's width: nothing to scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    items = phone.get_by_test_id("survey-item")
    expect(items).to_have_count(len(choices))
    for index, choice in enumerate(choices):
        items.nth(index).get_by_label(choice, exact=True).check()
    if unit:
        phone.get_by_label("Unit kerja Anda (boleh dikosongkan)").select_option(label=unit)
    screenshot(phone, "survei-ponsel")
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.get_by_test_id("survey-notice")).to_contain_text("Terima kasih")
    # Back to the link on the same phone: already answered.
    phone.goto(link)
    expect(phone.get_by_test_id("survey-notice")).to_contain_text("sudah mengisi")
    context.close()
    assert not csp_violations(messages)


def test_the_admin_runs_the_staff_survey_from_poster_to_score(
    browser, page, login, live_server, people, assessment_2026, tmp_path
):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    login("admin_contoh")
    page.get_by_role("link", name="Survei pegawai").first.click()
    page.get_by_test_id("open-survey").click()
    expect(page.get_by_test_id("survey-provisional")).to_contain_text("sementara")
    page.get_by_test_id("confirm-open").click()
    expect(page.get_by_test_id("survey-status")).to_have_text("Dibuka")
    expect(page.get_by_test_id("response-count")).to_have_text("0 / 140")

    link = page.get_by_test_id("answer-url").input_value()
    assert link.startswith(live_server.url + "/survei/isi/")
    with page.expect_download() as info:
        page.get_by_test_id("poster-link").click()
    poster = tmp_path / "poster.pdf"
    info.value.save_as(poster)
    text = " ".join(" ".join(pdf_text(poster.read_bytes())).split())
    assert link in text and "Kabupaten Contoh" in text

    answer_on_a_phone(
        browser, live_server.url, link, ["Setuju", "Setuju", "Sangat setuju"], "Dinas Pendidikan"
    )
    answer_on_a_phone(browser, live_server.url, link, ["Sangat setuju"] * 3, "")
    answer_on_a_phone(
        browser, live_server.url, link, ["Netral", "Tidak setuju", "Setuju"], "Dinas Pendidikan"
    )

    # The admin's page counts them without a reload (htmx polls), and shows no unit.
    expect(page.get_by_test_id("response-count")).to_have_text("3 / 140", timeout=15_000)
    expect(page.get_by_test_id("unit-breakdown")).to_have_count(0)
    expect(page.get_by_test_id("suppressed-note")).to_contain_text("kurang dari 10 jawaban")
    expect(page.get_by_test_id("survey-progress")).not_to_contain_text("Dinas Pendidikan")
    screenshot(page, "survei-berjalan")

    page.get_by_test_id("close-link").click()
    expect(page.get_by_text("3 dari target 140 jawaban")).to_be_visible()
    page.get_by_test_id("confirm-close").click()
    expect(page.get_by_test_id("survey-status")).to_have_text("Ditutup")
    # 4+4+5 + 5+5+5 + 3+2+4 = 37 over 9 answers: mean 4.1111, score (4.1111-1)/4 = 0.7778
    expect(page.get_by_test_id("survey-result")).to_contain_text("nilai survei 0,7778")
    survey = Survey.objects.get()
    assert survey.score == Decimal("0.7778") and survey.closed_responses == 3
    assessment = Assessment.objects.get(pk=assessment_2026.pk)
    assert assessment.survey_score == Decimal("0.7778")
    assert (assessment.survey_responses, assessment.survey_source) == (3, "merit")
    screenshot(page, "survei-ditutup")
    assert not csp_violations(messages)
