"""A superadmin sets which instrument is current for a year; when none covers the year the
operator's create page says so and names who can fix it, instead of a dead end."""

from __future__ import annotations

import pytest
from django.utils import timezone

from agencies.models import AuditEvent
from assessment.models import InstrumentYear

pytestmark = pytest.mark.django_db


def test_without_an_instrument_for_this_year_the_page_says_who_can_fix_it(client, people):
    client.force_login(people["operator_contoh"])
    page = client.get("/penilaian/baru/").content.decode()
    year = timezone.localdate().year
    assert f"Belum ada instrumen yang berlaku untuk tahun {year}" in page
    assert "hubungi superadmin" in page


def test_a_superadmin_sets_the_current_instrument_for_a_year_with_an_audit(
    client, people, instrument
):
    client.force_login(people["superadmin"])
    response = client.post(
        "/admin/assessment/instrumentyear/add/",
        {"year": 2027, "instrument": instrument.pk, "note": "Sambil menunggu lampiran resmi."},
    )
    assert response.status_code == 302
    chosen = InstrumentYear.objects.get(year=2027)
    assert chosen.instrument == instrument and chosen.set_by == people["superadmin"]
    assert AuditEvent.objects.filter(action="instrument.current_for_year").count() == 1
    # 2027 lies outside the instrument's own years (2019-2025): the choice makes it usable.
    client.force_login(people["admin_contoh"])
    response = client.post("/penilaian/baru/", {"year": 2027, "instrument": instrument.pk})
    assert response.status_code == 302


def test_only_a_superadmin_may_set_it(client, people):
    client.force_login(people["admin_contoh"])
    response = client.get("/admin/assessment/instrumentyear/add/")
    assert response.status_code in (302, 403)
