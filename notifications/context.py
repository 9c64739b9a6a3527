"""Context processor: the navbar's unread count, one query, only for a signed-in user and
only when a template shows it (an htmx fragment such as a saved answer never does)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from .services import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A template calls a callable variable: counted on first use, once per render.
    count: Callable[[], int] = cache(lambda: unread_count(user))
    return {"unread_notifications": count}
