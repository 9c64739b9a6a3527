"""Signing in: the login throttle (agencies.throttle) and the optional second step (TOTP codes
from django-otp) that a user who enrolled must pass."""

from __future__ import annotations

from django import forms
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from . import throttle
from .security import client_address


class ThrottledBackend(ModelBackend):
    """Django's password check, refused before any password is checked for an account held
    from this address (or a held address).

    Every login in the running app goes through LoginView, which passes the request; only a
    call without one (Django's test client `login()`, a shell) is not throttled, since there
    is no address to count and no attacker at a form. The hold's end is left on the request
    for LoginView's hold page."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        until = throttle.held_until(str(username or ""), client_address(request))
        if until is not None:
            request.login_held_until = until
            # Django stops at PermissionDenied and sends user_login_failed, which is not
            # counted during a hold (agencies.security), so waiting is what ends it.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginForm(AuthenticationForm):
    """Name and password, plus the six-digit code for users who turned on two-step login."""

    otp_token = forms.CharField(
        label=_("Kode verifikasi dua langkah"),
        required=False,
        max_length=8,
        help_text=_("Hanya jika Anda telah mengaktifkan verifikasi dua langkah."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "otp_required": _("Masukkan kode verifikasi dua langkah dari aplikasi autentikator Anda."),
        "otp_invalid": _("Kode verifikasi dua langkah salah atau sudah kedaluwarsa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.otp_device = None

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not user_has_device(user):
            return
        token = (self.cleaned_data.get("otp_token") or "").strip().replace(" ", "")
        device = match_token(user, token) if token else None
        if device is None:
            # A wrong code counts as a failed login, so the throttle also stops anyone
            # guessing codes with a stolen password.
            user_login_failed.send(
                sender=type(self),
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(
                self.error_messages["otp_invalid" if token else "otp_required"],
                code="otp_invalid" if token else "otp_required",
            )
        self.otp_device = device
