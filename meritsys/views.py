from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from agencies.models import UnitKerja, User
from agencies.scoping import scope, visible_instansi
from employees.models import Employee

from . import nextsteps

HOME_TITLES = {
    User.Role.OPERATOR: gettext_lazy("Beranda operator"),
    User.Role.ADMIN_INSTANSI: gettext_lazy("Beranda admin instansi"),
    User.Role.REVIEWER: gettext_lazy("Beranda peninjau"),
    User.Role.SUPERADMIN: gettext_lazy("Beranda superadmin"),
}


@never_cache
def health(request):
    """For the load balancer: up when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "take me out of rotation"
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@login_required
def home(request):
    """Every role's start page: counts across the apps, in the user's scope."""
    user: User = request.user
    agencies = visible_instansi(user)
    role = User.Role.SUPERADMIN if user.is_superadmin else user.role
    context = {
        "title": HOME_TITLES.get(role, HOME_TITLES[User.Role.SUPERADMIN]),
        "national_scope": user.is_national_reviewer,
        "agency_count": agencies.count(),
        "employee_count": scope(Employee.objects.all(), user).filter(aktif=True).count(),
    }
    if user.instansi_id:
        context["instansi"] = user.instansi
        context["unit_count"] = UnitKerja.objects.filter(instansi_id=user.instansi_id).count()
    if user.is_admin_instansi:
        context["user_count"] = User.objects.filter(instansi_id=user.instansi_id).count()
    # What to do next, with a link and the deadline (meritsys/nextsteps.py).
    context.update(nextsteps.for_user(user, timezone.localdate()))
    return render(request, "meritsys/home.html", context)
