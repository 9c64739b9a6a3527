"""Context processor: the navbar's unread count, one query, only for a signed-in user."""

from __future__ import annotations

from .services import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
