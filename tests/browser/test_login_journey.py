"""Each role logs in through the browser and lands on its own dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = {
    "operator_contoh": "Beranda operator",
    "admin_contoh": "Beranda admin instansi",
    "reviewer_provinsi": "Beranda peninjau",
    "reviewer_nasional": "Beranda peninjau",
    "superadmin": "Beranda superadmin",
}


def test_every_role_logs_in_and_sees_its_dashboard(page, login, people):
    for username, title in TITLES.items():
        login(username)
        expect(page.get_by_test_id("dashboard-title")).to_have_text(title)
        expect(page.get_by_test_id("role-badge")).to_have_text(people[username].get_role_display())
        screenshot(page, f"dashboard-{username}")
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_role("heading", name="Masuk ke Merit")).to_be_visible()


def test_a_province_reviewer_sees_only_the_agencies_of_the_province(page, login, people):
    login("reviewer_provinsi")
    page.get_by_role("link", name="Instansi", exact=True).click()
    rows = page.get_by_test_id("instansi-row")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("Kabupaten Lain")).to_have_count(0)


def test_a_wrong_password_shows_an_error_and_stays_on_the_form(page, login, people):
    login("operator_contoh", password="bukan-sandinya")
    expect(page.get_by_text("sandi yang benar")).to_be_visible()
    expect(page.get_by_role("heading", name="Masuk ke Merit")).to_be_visible()


def test_the_language_switch_turns_the_page_english(page, login, people):
    login("operator_contoh")
    page.get_by_label("Bahasa").select_option("en")
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Operator home")
