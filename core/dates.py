"""Indonesian dates for printed documents, independent of the server's locale.

A scorecard printed in English mode or on a server without the id_ID locale must still say
"23 November 2026", so the month names are here and not in the locale database."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(value: dt.date | dt.datetime) -> str:
    """23 November 2026 (a datetime is shown in the local time zone)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def tanggal_jam(value: dt.datetime) -> str:
    """23 November 2026 14:05 (local time)."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{tanggal(local)} {local:%H:%M}"


# The zones of Indonesia by their everyday names; any other zone shows its own abbreviation.
ZONA = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def jam(value: dt.datetime) -> str:
    """14.05 WIB (local time, the Indonesian way of writing the time)."""
    local = timezone.localtime(value)
    zone = ZONA.get(str(timezone.get_current_timezone()), local.tzname() or "")
    return f"{local:%H.%M} {zone}".strip()


def lama(delta: dt.timedelta) -> str:
    """A wait rounded up for people: 1 menit, 15 menit, 2 jam."""
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    if minutes < 90:
        return f"{minutes} menit"
    return f"{-(-minutes // 60)} jam"
