"""Target posts (*jabatan target*) and their ranked succession candidates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.models import AuditEvent
from agencies.permissions import role_required
from agencies.scoping import get_for_user, scope

from .. import reports
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


@login_required
def target_detail(request, pk: int):
    """The ranked candidates from the agency's succession group of one computed period."""
    post = get_target_post(request.user, pk)
    periods = MappingPeriod.objects.filter(
        instansi=post.instansi, dihitung_pada__isnull=False
    ).order_by("-tahun_skp", "-nama")
    chosen = request.GET.get("periode")
    period = None
    if chosen and chosen.isdigit():
        period = periods.filter(pk=int(chosen)).first()
    period = period or periods.first()
    candidates = reports.succession_candidates(post, period) if period else []
    return render(
        request,
        "talent/target_detail.html",
        {
            "post": post,
            "periods": periods,
            "period": period,
            "candidates": candidates,
            "rules": period.rules if period else None,
            "can_manage": can_manage(request.user, post.instansi),
        },
    )
