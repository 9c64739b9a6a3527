from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .forms import InstansiFilterForm, UserCreateForm
from .models import AuditEvent, UnitKerja, User
from .permissions import role_required
from .scoping import get_instansi_for_user, manageable_users, visible_instansi

PAGE_SIZE = 25


@login_required
def instansi_list(request):
    form = InstansiFilterForm(request.GET or None)
    agencies = visible_instansi(request.user).select_related("provinsi")
    if form.is_valid():
        agencies = form.filter(agencies)
    agencies = agencies.annotate(
        jumlah_unit=Count("unit_kerja", distinct=True),
        jumlah_pegawai=Count("pegawai", filter=Q(pegawai__aktif=True), distinct=True),
    ).order_by("jenis", "nama")
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/instansi_list.html", {"form": form, "page": page})


@login_required
def instansi_detail(request, pk: int):
    instansi = get_instansi_for_user(request.user, pk)
    units = list(
        UnitKerja.objects.filter(instansi=instansi)
        .annotate(jumlah_pegawai=Count("pegawai", filter=Q(pegawai__aktif=True)))
        .order_by("nama")
    )
    return render(
        request,
        "agencies/instansi_detail.html",
        {"instansi": instansi, "tree": _tree(units)},
    )


def _tree(units: list[UnitKerja]) -> list[tuple[int, UnitKerja]]:
    """Units in depth-first order with their depth, built in memory from one query."""
    children: dict[int | None, list[UnitKerja]] = {}
    for unit in units:
        children.setdefault(unit.induk_id, []).append(unit)
    ordered: list[tuple[int, UnitKerja]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append((depth, unit))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


@role_required(User.Role.ADMIN_INSTANSI)
def user_list(request):
    users = manageable_users(request.user).select_related("instansi")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    page = Paginator(users.order_by("username"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/user_list.html", {"page": page, "query": query})


@role_required(User.Role.ADMIN_INSTANSI)
def user_create(request):
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        AuditEvent.record(
            action="user.create",
            summary=f"Pengguna {created.username} dibuat dengan peran {created.get_role_display()}",
            actor=request.user,
            instansi=created.instansi,
            role=created.role,
        )
        messages.success(request, _("Pengguna %(name)s dibuat.") % {"name": created.username})
        return redirect("user_list")
    return render(request, "agencies/user_form.html", {"form": form})


@role_required(User.Role.ADMIN_INSTANSI)
def user_toggle_active(request, pk: int):
    target = get_object_or_404(manageable_users(request.user), pk=pk)
    if target.pk == request.user.pk:
        messages.error(request, _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        return redirect("user_list")
    if request.method != "POST":
        return render(request, "agencies/user_confirm_toggle.html", {"target": target})
    target.is_active = not target.is_active
    target.save(update_fields=["is_active"])
    state = _("diaktifkan") if target.is_active else _("dinonaktifkan")
    AuditEvent.record(
        action="user.activate" if target.is_active else "user.deactivate",
        summary=f"Pengguna {target.username} {state}",
        actor=request.user,
        instansi=target.instansi,
    )
    messages.success(
        request, _("Pengguna %(name)s %(state)s.") % {"name": target.username, "state": state}
    )
    return redirect("user_list")
