"""Who may do what in talent management, on top of agencies.scoping.

- See periods, grids, lists, exports and candidates: anyone who can see the agency.
- Manage (create periods, change settings, compute, edit records and target posts): the
  agency's admin instansi, or a superadmin.
- Calibrate (the talent committee): the agency's admin instansi, or a reviewer whose scope
  covers the agency (a province's reviewer sits on its regencies' committees), or a
  superadmin. Operators run the self-assessment; they do not move people between boxes."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from agencies.models import Instansi, User
from agencies.scoping import can_edit, can_see, get_instansi_for_user

MANAGER_ROLES = (User.Role.ADMIN_INSTANSI,)
CALIBRATOR_ROLES = (User.Role.ADMIN_INSTANSI, User.Role.REVIEWER)


def can_manage(user: User, instansi: Instansi) -> bool:
    if user.is_superadmin:
        return True
    return user.is_admin_instansi and can_edit(user, instansi)


def can_calibrate(user: User, instansi: Instansi) -> bool:
    if user.is_superadmin:
        return True
    if user.is_admin_instansi:
        return can_edit(user, instansi)
    if user.is_reviewer:
        return can_see(user, instansi)
    return False


def managed_instansi(request: HttpRequest) -> Instansi:
    """The agency a manager works on: their own, or for a superadmin the one named in the
    request (`?instansi=<pk>`). 404 when there is none the user may change."""
    user = request.user
    assert isinstance(user, User)  # the views are login_required
    raw = request.POST.get("instansi") or request.GET.get("instansi")
    if raw is None and user.instansi_id:
        raw = str(user.instansi_id)
    try:
        pk = int(raw or "")  # nothing named: 404 below
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    return get_instansi_for_user(user, pk, edit=True)
