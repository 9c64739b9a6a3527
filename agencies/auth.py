"""Signing in: the login throttle (django-axes) and the optional second step (TOTP codes
from django-otp) that a user who enrolled must pass."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device


class ThrottledBackend(AxesStandaloneBackend):
    """Refuses a locked-out account or address before any password is checked.

    Every login in the running app goes through LoginView, which passes the request; only a
    call without one (Django's test client `login()`, a shell) is waved through to the
    ModelBackend unthrottled, since there is no address to count and no attacker at a form."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
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
