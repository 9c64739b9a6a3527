"""Indonesian dates on printed documents, whatever the server's locale or the UI language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from core.dates import tanggal, tanggal_jam


def test_a_date_is_written_the_indonesian_way():
    assert tanggal(dt.date(2026, 11, 23)) == "23 November 2026"
    assert tanggal(dt.date(2026, 1, 5)) == "5 Januari 2026"
    assert tanggal(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert tanggal(dt.date(2026, 2, 28)) == "28 Februari 2026"


def test_every_month_has_its_indonesian_name():
    names = [tanggal(dt.date(2026, month, 1)).split()[1] for month in range(1, 13)]
    assert names == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ]  # fmt: skip


def test_a_moment_is_shown_in_jakarta_time_even_in_english_mode():
    # 23:30 UTC on 22 November is already 23 November in Jakarta (UTC+7).
    moment = dt.datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("en"):
        assert tanggal(moment) == "23 November 2026"
        assert tanggal_jam(moment) == "23 November 2026 06:30"
