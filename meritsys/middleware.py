"""Project-wide response headers that depend on who is signed in."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user (pages, exports, evidence, scorecards) says
    `Cache-Control: no-store`: they carry personal data, and a shared computer's browser
    cache or an office proxy must not keep a copy after the user signs out. Public pages
    (login, verification, the staff survey) keep whatever their views chose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
