"""The one place that turns numbers and dates into text, for pages, PDFs and exports.

Indonesian by default (310,50 · +0,50 · 30 Nov 2026 15:30); English when the reader chose
English. Templates use the filters in core/templatetags/formatting.py (loaded as builtins),
Python code calls these functions. The sub-packages `id` and `en` are Django format modules
(FORMAT_MODULE_PATH) so that a bare `{{ value|date }}` prints the same date as `moment`."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import dateformat, timezone
from django.utils.formats import get_format, number_format

Number = Decimal | int | float

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"


def _decimal(value: Number | str) -> Decimal | None:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return result if result.is_finite() else None


def number(value: Number | str | None, places: int | None = 2) -> str:
    """310,50 (two places, rounded half up as a person would); places=0 gives 1.234.

    A negative `places` drops the decimals of a whole number only, like floatformat:"-2"
    (20 %, 12,50 %). `places=None` prints the decimals the value has (a limit read from
    data: 0,5 and 1,25)."""
    if value is None or value == "":
        return ""
    amount = _decimal(value)
    if amount is None:
        return str(value)
    if places is None:
        text = format(amount, "f")
        places = len(text.rstrip("0").partition(".")[2]) if "." in text else 0
    digits = abs(places)
    rounded = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if places < 0 and rounded == rounded.to_integral():
        rounded, digits = rounded.quantize(Decimal(1)), 0
    if rounded == 0:
        rounded = abs(rounded)  # never "-0,00"
    return number_format(rounded, digits, use_l10n=True, force_grouping=True)


def signed(value: Number | str | None, places: int | None = 2) -> str:
    """A change with its sign: +0,50, -1,25, 0,00."""
    if value is None or value == "":
        return ""
    amount = _decimal(value)
    text = number(value, places)
    return f"+{text}" if amount is not None and amount > 0 and text.strip("0,.") else text


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def date(value: dt.date | dt.datetime | None) -> str:
    """30 Nov 2026 (a moment is shown on its local day)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return dateformat.format(value, get_format("DATE_FORMAT"))


def moment(value: dt.datetime | dt.date | None) -> str:
    """30 Nov 2026 15:30, in the local time zone."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return date(value)
    return dateformat.format(_local(value), get_format("DATETIME_FORMAT"))
