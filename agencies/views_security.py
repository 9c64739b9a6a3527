"""Login with the optional second step, enrolling in two-step login, and the audit log."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.dates import jam, lama

from .auth import LoginForm
from .forms import AuditFilterForm, TokenForm
from .middleware import two_step_required
from .models import AuditEvent, User
from .permissions import role_required
from .scoping import scope

AUDIT_PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        until = getattr(self.request, "login_held_until", None)
        if until is None:
            return super().form_invalid(form)
        # Held by the throttle (agencies.throttle): say until when, in the user's words.
        context = {"until": jam(until), "wait": lama(until - timezone.now())}
        return render(self.request, "registration/locked_out.html", context, status=429)

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            # Marks the session as verified by the second factor (request.user.is_verified()).
            otp_login(self.request, form.otp_device)
        return response


def _qr_svg(device: TOTPDevice) -> str:
    # segno writes the SVG itself from the otpauth:// URL: nothing user-typed goes in.
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))  # noqa: S308


@login_required
def two_factor(request):
    """Turn two-step login on (scan, then type a code to prove it works) or off."""
    user: User = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = TokenForm(request.POST or None)
    if confirmed is not None:
        if request.method == "POST" and two_step_required(user):
            messages.error(
                request,
                _("Verifikasi dua langkah wajib untuk peran Anda dan tidak dapat dimatikan."),
            )
            return redirect("two_factor")
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["token"]):
                TOTPDevice.objects.filter(user=user).delete()
                AuditEvent.record(
                    action="auth.2fa_disabled",
                    summary=f"{user.username} menonaktifkan verifikasi dua langkah",
                    actor=user,
                    instansi=user.instansi,
                )
                messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
                return redirect("two_factor")
            form.add_error("token", _("Kode salah atau sudah kedaluwarsa."))
        return render(request, "agencies/two_factor.html", {"enabled": True, "form": form})

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Merit", confirmed=False)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            AuditEvent.record(
                action="auth.2fa_enabled",
                summary=f"{user.username} mengaktifkan verifikasi dua langkah",
                actor=user,
                instansi=user.instansi,
            )
            messages.success(
                request,
                _("Verifikasi dua langkah aktif. Mulai sekarang masuk memerlukan kode."),
            )
            return redirect("two_factor")
        form.add_error("token", _("Kode salah atau sudah kedaluwarsa. Coba kode berikutnya."))
    return render(
        request,
        "agencies/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr": _qr_svg(device),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
    )


@role_required(User.Role.ADMIN_INSTANSI)
def audit_list(request):
    """An admin instansi reads their agency's events; a superadmin everyone's."""
    events = scope(AuditEvent.objects.select_related("actor", "instansi"), request.user)
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events.order_by("-created", "-pk"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "agencies/audit_list.html", {"page": page, "form": form})
