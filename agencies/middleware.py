"""Two-step login required for the roles that can change what many agencies see."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .models import User


def two_step_required(user: User) -> bool:
    """Superadmins and reviewers must use two-step login when REQUIRE_TWO_STEP_LOGIN is on."""
    if not settings.REQUIRE_TWO_STEP_LOGIN or not user.is_authenticated:
        return False
    return user.is_superadmin or user.is_reviewer


class TwoStepRequiredMiddleware:
    """Sends a superadmin or reviewer whose session has not passed a second step to the
    enrolment page until they turn it on (their next logins then ask for the code). Only that
    page, signing out and the language switch stay open meanwhile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # is_verified() is added by django_otp's OTPMiddleware, earlier in MIDDLEWARE.
        verified = getattr(user, "is_verified", lambda: False)()
        if isinstance(user, User) and two_step_required(user) and not verified:
            open_paths = {reverse("two_factor"), reverse("logout"), reverse("set_language")}
            if request.path not in open_paths and user_has_device(user):
                # Enrolled, but this session never gave a code (signed in before the rule,
                # or by another route): sign in again, with the code this time.
                logout(request)
                messages.warning(request, _("Masuk lagi dengan kode verifikasi dua langkah."))
                return redirect("login")
            if request.path not in open_paths:
                messages.warning(
                    request,
                    _(
                        "Akun reviewer dan superadmin wajib memakai verifikasi dua langkah. "
                        "Aktifkan sekarang untuk melanjutkan."
                    ),
                )
                return redirect("two_factor")
        return self.get_response(request)
