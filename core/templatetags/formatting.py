"""Template filters over core.formats, registered as builtins (settings.TEMPLATES), so every
template prints numbers and dates the same way without `{% load %}`:
`{{ total|number }}` 310,50 · `{{ delta|signed }}` +0,50 · `{{ when|moment }}` 30 Nov 2026 15:30
· `{{ day|day }}` 30 Nov 2026."""

from __future__ import annotations

import datetime as dt

from django import template

from core import formats

register = template.Library()


@register.filter
def number(value: formats.Number | str | None, places: int = 2) -> str:
    return formats.number(value, int(places))


@register.filter
def signed(value: formats.Number | str | None, places: int = 2) -> str:
    return formats.signed(value, int(places))


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    return formats.date(value)


@register.filter
def moment(value: dt.datetime | dt.date | None) -> str:
    return formats.moment(value)
