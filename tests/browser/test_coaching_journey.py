"""The province coaches its regencies in a real browser: the provincial reviewer opens the
heatmap, opens the weakest indicator and records a follow-up for one regency; that regency's
operator sees it on the home page and answers. And the reviewer dashboard on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment import workflow
from assessment.models import Answer, FollowUp

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assess(instansi, instrument, actor, *, level: int, low: tuple[str, ...] = ()):
    assessment = workflow.assessment_create(
        instansi=instansi, year=2025, instrument=instrument, actor=actor
    )
    answers = Answer.objects.filter(assessment=assessment)
    answers.update(level=level)
    answers.filter(indicator__code__in=low).update(level=1)
    workflow.recompute_totals(assessment)
    return assessment


@pytest.fixture
def province(people, wilayah, instrument):
    """Kabupaten Contoh and Kota Contoh assessed in 2025, both weakest on indicator 1.1."""
    assess(wilayah["kabupaten"], instrument, people["superadmin"], level=3, low=("1.1", "2.1"))
    assess(wilayah["kota"], instrument, people["superadmin"], level=4, low=("1.1",))
    return wilayah


def test_the_province_records_a_followup_and_the_regency_answers(page, login, people, province):
    login("reviewer_provinsi")
    page.get_by_role("link", name="Pembinaan", exact=True).first.click()
    heatmap = page.get_by_test_id("heatmap")
    expect(heatmap.get_by_test_id("heatmap-row")).to_have_count(2)
    expect(heatmap).to_contain_text("Kota Contoh")
    expect(heatmap.get_by_test_id("heat-cell").first).to_contain_text("M ")
    screenshot(page, "pembinaan-peta")

    weakest = page.get_by_test_id("weak-indicator").first
    expect(weakest).to_contain_text("Kabupaten Contoh")
    expect(weakest).to_contain_text("Kota Contoh")
    weakest.get_by_test_id("weak-link").click()
    expect(page.get_by_test_id("indicator-title")).to_contain_text("1.1")
    row = page.get_by_test_id("indicator-row").filter(has_text="Kabupaten Contoh")
    row.get_by_test_id("record-followup").click()

    form = page.get_by_test_id("followup-form")
    expect(form.get_by_label("Instansi")).to_have_value(str(province["kabupaten"].pk))
    form.get_by_label("Tindak lanjut").fill("Susun Anjab dan ABK seluruh perangkat daerah")
    form.get_by_label("Penanggung jawab").fill("Kepala BKPSDM")
    form.get_by_label("Batas waktu").fill("2026-12-15")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("followup-row")).to_contain_text("Susun Anjab dan ABK")
    followup = FollowUp.objects.get()
    assert followup.instansi == province["kabupaten"]
    assert followup.indicator is not None and followup.indicator.code == "1.1"

    page.context.clear_cookies()
    login("operator_contoh")
    card = page.get_by_test_id("home-followup")
    expect(card).to_contain_text("Susun Anjab dan ABK")
    card.get_by_test_id("respond-link").click()
    respond = page.get_by_test_id("respond-form")
    respond.get_by_label("Tanggapan").fill("Tim Anjab sudah dibentuk")
    respond.get_by_label("Status").select_option("in_progress")
    respond.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_test_id("home-followup")).to_contain_text("Tim Anjab sudah dibentuk")
    screenshot(page, "pembinaan-tanggapan")
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.IN_PROGRESS


def test_the_dashboard_keeps_its_key_columns_on_a_phone(page, login, people, province):
    page.set_viewport_size({"width": 390, "height": 844})
    login("reviewer_provinsi")
    page.goto("/penilaian/dasbor/?tahun=2025")
    table = page.get_by_test_id("dashboard-table")
    row = table.get_by_test_id("dashboard-row").first
    screenshot(page, "dasbor-ponsel")
    for testid in ("agency", "status", "verified-score", "category"):
        box = row.get_by_test_id(testid).bounding_box()
        assert box is not None, testid
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (testid, box)
    page.get_by_test_id("select-all").check()
    boxes = table.locator("input[name=penilaian]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    page.get_by_test_id("select-all").uncheck()
    expect(boxes.first).not_to_be_checked()


def test_the_coaching_pages_fit_a_phone(page, login, people, province):
    page.set_viewport_size({"width": 390, "height": 844})
    login("reviewer_provinsi")
    too_wide = {}
    for url in (
        "/penilaian/pembinaan/?tahun=2025",
        "/penilaian/pembinaan/tahapan/?tahun=2025",
        "/penilaian/pembinaan/tindak-lanjut/?tahun=2025",
        "/penilaian/pembinaan/tindak-lanjut/baru/?tahun=2025",
        "/penilaian/pembinaan/komitmen/?tahun=2025",
        f"/penilaian/instansi/{province['kabupaten'].pk}/sejawat/?tahun=2025",
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[url] = width
            screenshot(
                page, "pembinaan-terlalu-lebar-" + url.strip("/").split("?")[0].replace("/", "-")
            )
    assert too_wide == {}
