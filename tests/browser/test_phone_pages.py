"""A reviewer or an admin checks Merit on a phone: the pages fit its width, and a wide table
scrolls inside its own box instead of pushing the whole page sideways."""

from __future__ import annotations

import pytest

from assessment.models import Assessment
from tests.factories import TEST_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_assessment_and_admin_pages_fit_a_phone(phone, people, index_draft):
    assessment = index_draft
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    # Agencies paste links to their documents: a long word makes the review table wider than
    # the phone, so it must scroll inside its box (hidden labels in it included).
    assessment.answers.update(
        justification="https://jdih.contoh.go.id/peraturan-bupati-nomor-12-tahun-2026-manajemen-talenta.pdf"
    )
    phone.goto("/akun/masuk/")
    phone.get_by_label("Nama pengguna").fill("superadmin")
    phone.get_by_label("Sandi").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_load_state()
    pages = [
        "/penilaian/",
        f"/penilaian/{assessment.pk}/",
        f"/penilaian/{assessment.pk}/rencana/",
        "/penilaian/antrean/",
        f"/penilaian/{assessment.pk}/verifikasi/",
        "/talenta/",
        "/pengguna/",
        "/audit/",
    ]
    too_wide = {}
    for url in pages:
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
            screenshot(phone, "phone-too-wide-" + url.strip("/").replace("/", "-"))
    assert too_wide == {}
