"""On a phone, an admin opens the data-quality page from the employee list, taps a figure
and reads the rows behind it; nothing overflows the screen."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from employees.models import Employee
from tests.factories import EmployeeFactory

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_reads_the_data_quality_on_a_phone(page, login, people, referensi, unit_contoh):
    kabupaten = unit_contoh.instansi
    # Past its 999th employee in one run the factory shifts the NIP's birth date to keep NIPs
    # unique, which this page rightly counts as inaccurate: start the count afresh.
    EmployeeFactory.reset_sequence()
    EmployeeFactory.create_batch(3, instansi=kabupaten, unit=unit_contoh)
    wrong = EmployeeFactory(nama="Eka Salah Lahir", instansi=kabupaten, unit=unit_contoh)
    Employee.objects.filter(pk=wrong.pk).update(tanggal_lahir=dt.date(1986, 9, 27))
    page.set_viewport_size({"width": 375, "height": 740})

    login("admin_contoh")
    page.goto("/pegawai/")
    page.get_by_test_id("data-quality-link").click()
    expect(page.get_by_test_id("dimension-akurasi")).to_have_text("75,0%")
    page.get_by_test_id("count-nip_tanggal_lahir").click()
    rows = page.get_by_test_id("quality-rows")
    expect(rows).to_contain_text("Eka Salah Lahir")
    expect(rows).to_contain_text("menurut NIP 26-09-1986")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    screenshot(page, "employees-data-quality-phone")
