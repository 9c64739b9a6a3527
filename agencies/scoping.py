"""The one answer to "which agencies may this user see, and which may they change".

Every view that touches an agency's data goes through these helpers, so the rule lives in one
place:

- operator and admin instansi: their own agency, to see and to change;
- reviewer of a province: the province and every kabupaten/kota under it, to see (their
  changes are verifications, decided by the assessment workflow);
- national reviewer (a reviewer with no agency): every agency, to see;
- superadmin: everything.

An object outside the user's agencies answers 404, never 403: we do not confirm that another
agency's object exists."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Instansi, User

M = TypeVar("M", bound=Model)
# scope() hands back the queryset class it was given (with its own methods, e.g. search()).
QS = TypeVar("QS", bound="QuerySet[Any]")


def visible_instansi(user: User) -> QuerySet[Instansi]:
    """The agencies whose data the user may read."""
    agencies = Instansi.objects.all()
    if not user.is_authenticated or not user.is_active:
        return agencies.none()
    if user.is_superadmin or user.is_national_reviewer:
        return agencies
    if user.instansi_id is None:
        return agencies.none()
    if user.is_reviewer:
        return agencies.filter(Q(pk=user.instansi_id) | Q(provinsi_id=user.instansi_id))
    return agencies.filter(pk=user.instansi_id)


def editable_instansi(user: User) -> QuerySet[Instansi]:
    """The agencies whose own data (employees, answers, evidence) the user may change."""
    agencies = Instansi.objects.all()
    if not user.is_authenticated or not user.is_active:
        return agencies.none()
    if user.is_superadmin:
        return agencies
    if user.role in User.ROLES_SATU_INSTANSI and user.instansi_id is not None:
        return agencies.filter(pk=user.instansi_id)
    return agencies.none()


def scope(queryset: QS, user: User, field: str = "instansi", *, edit: bool = False) -> QS:
    """Narrow a queryset of agency-owned rows to those the user may see (or change).

    `field` is the lookup path from the model to its Instansi, e.g. "unit__instansi"."""
    allowed = editable_instansi(user) if edit else visible_instansi(user)
    if user.is_superadmin:
        return queryset
    return queryset.filter(**{f"{field}__in": allowed.values("pk")})


def get_for_user(
    queryset: QuerySet[M],
    user: User,
    field: str = "instansi",
    *,
    edit: bool = False,
    **lookup: object,
) -> M:
    """Fetch one agency-owned object, or 404 if it does not exist or is not the user's."""
    try:
        return scope(queryset, user, field, edit=edit).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def get_instansi_for_user(user: User, pk: int, *, edit: bool = False) -> Instansi:
    allowed = editable_instansi(user) if edit else visible_instansi(user)
    try:
        return allowed.get(pk=pk)
    except Instansi.DoesNotExist as exc:
        raise Http404 from exc


def can_see(user: User, instansi: Instansi) -> bool:
    return visible_instansi(user).filter(pk=instansi.pk).exists()


def can_edit(user: User, instansi: Instansi) -> bool:
    return editable_instansi(user).filter(pk=instansi.pk).exists()


def manageable_users(user: User) -> QuerySet[User]:
    """The accounts a user may create, change or deactivate.

    A superadmin: every account. An admin instansi: the operator and admin accounts of their
    own agency only; a reviewer or superadmin attached to that agency (a province's reviewer
    sits on the province) is managed by a superadmin, so an agency cannot switch off the
    person who verifies it. Everyone else: none."""
    users = User.objects.all()
    if not user.is_authenticated or not user.is_active:
        return users.none()
    if user.is_superadmin:
        return users
    if user.role == User.Role.ADMIN_INSTANSI and user.instansi_id is not None:
        return users.filter(
            instansi_id=user.instansi_id, role__in=User.ROLES_SATU_INSTANSI, is_superuser=False
        )
    return users.none()
