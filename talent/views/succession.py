"""Target posts (*jabatan target*), their ranked succession candidates with "why not", and
bench strength. The rules: talent/succession.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.models import AuditEvent
from agencies.permissions import role_required
from agencies.scoping import get_for_user, scope, visible_instansi
from employees.models import Employee

from .. import succession
from ..forms import TargetPostForm
from ..models import MappingPeriod, TargetPost
from ..permissions import MANAGER_ROLES, can_manage, managed_instansi
from ..selectors import PAGE_SIZE, get_target_post


@login_required
def target_list(request):
    posts = scope(TargetPost.objects.select_related("instansi", "unit"), request.user)
    page = Paginator(posts.order_by("instansi__nama", "-kritikal", "nama_jabatan"), PAGE_SIZE)
    return render(
        request,
        "talent/target_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "can_create": request.user.is_admin_instansi or request.user.is_superadmin,
        },
    )


@role_required(*MANAGER_ROLES)
def target_edit(request, pk: int | None = None):
    if pk is None:
        post, instansi = None, managed_instansi(request)
    else:
        post = get_for_user(
            TargetPost.objects.select_related("instansi"), request.user, edit=True, pk=pk
        )
        instansi = post.instansi
    form = TargetPostForm(request.POST or None, instance=post, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        AuditEvent.record(
            action="talent.target.update" if pk else "talent.target.create",
            summary=f"Jabatan target {saved.nama_jabatan} disimpan",
            actor=request.user,
            instansi=instansi,
            target=saved.pk,
        )
        messages.success(request, _("Jabatan target %(nama)s disimpan.") % {"nama": saved})
        return redirect("talent:target_detail", pk=saved.pk)
    return render(request, "talent/target_form.html", {"form": form, "post": post})


def _period_for(instansi, chosen: str | None):
    """The chosen computed period of the agency, else its latest; and all of them."""
    periods = MappingPeriod.objects.filter(instansi=instansi, dihitung_pada__isnull=False).order_by(
        "-tahun_skp", "-nama"
    )
    period = None
    if chosen and chosen.isdigit():
        period = periods.filter(pk=int(chosen)).first()
    return period or periods.first(), periods


@login_required
def target_detail(request, pk: int):
    """The eligible candidates ranked with readiness, and "why not" for a named employee."""
    post = get_target_post(request.user, pk)
    period, periods = _period_for(post.instansi, request.GET.get("periode"))
    candidates, why = [], []
    query = request.GET.get("cek", "").strip()
    if period:
        candidates = succession.candidates(post, period)
        if query:
            for employee in Employee.objects.filter(instansi=post.instansi).search(query)[:5]:
                why.append(succession.why_not(post, period, employee))
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    syarat = succession.Referensi.load().syarat(post)
    return render(
        request,
        "talent/target_detail.html",
        {
            "post": post,
            "periods": periods,
            "period": period,
            "page": page,
            "total": len(candidates),
            "syarat": syarat,
            "rules": period.rules if period else None,
            "query": query,
            "why": why,
            "sementara": succession.path_data().get("sementara", True),
            "can_manage": can_manage(request.user, post.instansi),
        },
    )


@login_required
def bench_strength(request):
    """Per unit and for the agency: target posts and whether they have a ready successor."""
    visible = visible_instansi(request.user)
    raw = request.GET.get("instansi") or request.user.instansi_id
    instansi = visible.filter(pk=int(raw)).first() if str(raw or "").isdigit() else None
    instansi = instansi or visible.order_by("nama").first()
    if instansi is None:
        raise Http404
    period, periods = _period_for(instansi, request.GET.get("periode"))
    posts = list(
        TargetPost.objects.filter(instansi=instansi)
        .select_related("unit", "golongan_minimal", "pendidikan_minimal")
        .order_by("unit__nama", "-kritikal", "nama_jabatan")
    )
    rows = succession.bench_strength(posts, period) if period else []
    units: dict[str, dict] = {}
    for row in rows:
        unit = units.setdefault(
            row.post.unit.nama if row.post.unit else _("Tingkat instansi"),
            {"posts": 0, "tanpa_siap": 0},
        )
        unit["posts"] += 1
        unit["tanpa_siap"] += row.siap_sekarang == 0
    return render(
        request,
        "talent/bench_strength.html",
        {
            "instansi": instansi,
            "agencies": visible.order_by("nama") if visible.count() > 1 else [],
            "period": period,
            "periods": periods,
            "rows": rows,
            "units": sorted(units.items()),
            "tanpa_siap": sum(1 for r in rows if r.siap_sekarang == 0),
            "levels": succession.readiness_levels(),
        },
    )
