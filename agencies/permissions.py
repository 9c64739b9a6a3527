"""Role checks for views. Agency scoping is separate: see agencies.scoping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import User


def has_role(user, *roles: str) -> bool:
    """Whether a logged-in user's role is one of `roles`; superadmins always are."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superadmin or user.role in roles


def role_required(*roles: str) -> Callable:
    """Let in logged-in users whose role is one of `roles`; superadmins always pass."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


R = User.Role


@dataclass(frozen=True)
class Permissions:
    """What the navigation and pages may offer the user, by the same rule as role_required
    on the views they link to. Templates ask `can.review`, never the role."""

    user: object

    @property
    def administer(self) -> bool:
        return has_role(self.user)  # superadmins only

    @property
    def manage_agency(self) -> bool:
        """Users of the agency, the audit trail, employee and talent records."""
        return has_role(self.user, R.ADMIN_INSTANSI)

    @property
    def review(self) -> bool:
        """The verification queue and the reviewer dashboard."""
        return has_role(self.user, R.REVIEWER)

    @property
    def export_employees(self) -> bool:
        return has_role(self.user, R.ADMIN_INSTANSI, R.REVIEWER)

    @property
    def see_employees(self) -> bool:
        return has_role(self.user, R.ADMIN_INSTANSI, R.OPERATOR, R.REVIEWER)


def context(request) -> dict:
    """Context processor: `can`, the user's permission flags, for every template."""
    return {"can": Permissions(getattr(request, "user", None))}
