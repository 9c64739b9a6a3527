"""Role checks for views. Agency scoping is separate: see agencies.scoping."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import User


def role_required(*roles: str) -> Callable:
    """Let in logged-in users whose role is one of `roles`; superadmins always pass."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user: User = request.user
            if not (user.is_superadmin or user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
