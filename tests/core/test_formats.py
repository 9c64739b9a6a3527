"""One number format and one date format everywhere: 310,50, +0,50, "30 Nov 2026 15:30"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from agencies.models import AuditEvent
from core import formats

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_numbers_are_written_the_indonesian_way():
    assert formats.number(Decimal("310.5")) == "310,50"
    assert formats.number(Decimal("2.675")) == "2,68"  # half up, as people round
    assert formats.number(1234567, 0) == "1.234.567"
    assert formats.number(Decimal("20.00"), -2) == "20"
    assert formats.number(Decimal("12.5"), -2) == "12,50"
    assert formats.number(Decimal("1.250"), None) == "1,25"
    assert formats.number(None) == ""


def test_a_change_carries_its_sign():
    assert formats.signed(Decimal("0.5")) == "+0,50"
    assert formats.signed(Decimal("-1.25")) == "-1,25"
    assert formats.signed(0) == "0,00"
    assert formats.signed(1, 0) == "+1"


def test_a_moment_is_day_month_year_and_local_time():
    moment = dt.datetime(2026, 11, 30, 8, 30, tzinfo=ZoneInfo("UTC"))
    assert formats.moment(moment) == "30 Nov 2026 15:30"
    assert formats.date(dt.date(2026, 5, 1)) == "1 Mei 2026"
    assert formats.date(dt.date(2026, 8, 17)) == "17 Agu 2026"


def test_english_readers_get_english_separators_and_months():
    with translation.override("en"):
        assert formats.number(Decimal("310.5")) == "310.50"
        assert formats.date(dt.date(2026, 5, 1)) == "1 May 2026"


def test_templates_have_the_same_filters_without_loading_anything():
    moment = dt.datetime(2026, 11, 30, 15, 30, tzinfo=JAKARTA)
    text = Template("{{ n|number }} {{ d|signed }} {{ t|moment }} {{ t|day }} {{ t|date }}").render(
        Context({"n": Decimal("310.5"), "d": Decimal("0.5"), "t": moment})
    )
    assert text == "310,50 +0,50 30 Nov 2026 15:30 30 Nov 2026 30 Nov 2026"


def test_no_template_formats_numbers_or_dates_on_its_own():
    """floatformat, intcomma and date:"d-m-Y" each printed their own format; the shared
    filters replace them."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if any(bad in path.read_text() for bad in ("floatformat", "intcomma", '|date:"'))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_the_audit_page_shows_readable_actions_and_the_common_date(client, people):
    admin = people["admin_contoh"]
    AuditEvent.record(action="auth.login", summary="Masuk", actor=admin, instansi=admin.instansi)
    client.force_login(admin)
    page = client.get("/audit/").content.decode()
    assert "auth.login</" not in page and "<code>auth.login" not in page
    assert ">Masuk</span>" in page
    event = AuditEvent.objects.filter(action="auth.login").first()
    assert formats.moment(event.created) in page
